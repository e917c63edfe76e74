"""The Showcase Items endpoint's contract: its path, parameters, enums and defaults.

Everything the rest of the package knows about the endpoint's inputs lives here
once, as data: the MCP tool's input schema, the upstream query string and the
README's parameter table are all derived from these definitions, and a test
checks them against Just One API's own OpenAPI fragment.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final, Literal, get_args
from urllib.parse import urlsplit

ENDPOINT_PATH: Final = "/api/douyin-xingtu/gw/api/author/get_author_show_items_v2/v1"

Platform = Literal["SHORT_VIDEO", "LIVE_STREAMING", "PICTURE_TEXT", "SHORT_DRAMA"]
FlowType = Literal["EXCLUDE", "INCLUDE"]

PLATFORMS: Final[tuple[Platform, ...]] = get_args(Platform)
FLOW_TYPES: Final[tuple[FlowType, ...]] = get_args(FlowType)

DEFAULT_PLATFORM: Final[Platform] = "SHORT_VIDEO"
DEFAULT_ONLY_ASSIGN: Final = False
DEFAULT_FLOW_TYPE: Final[FlowType] = "EXCLUDE"

# Author ids are 19 digits in every sample seen; older accounts may have fewer.
# 32 leaves room without letting a pasted paragraph through.
AUTHOR_ID_MAX_DIGITS: Final = 32
_DIGITS = re.compile(r"[0-9]+")
XINGTU_HOSTS: Final = frozenset({"www.xingtu.cn", "xingtu.cn"})

PARAMETER_DOCS: Final[dict[str, str]] = {
    "oAuthorId": (
        "The creator's Xingtu author id, as a string of digits (usually 19), e.g. "
        '"6787286580932689933". It is the number at the end of the creator\'s Xingtu page, '
        "https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/<id>; that page URL is "
        "accepted too. It is not the Douyin user id, sec_uid or nickname. Always send it as a "
        "JSON string: a JSON number loses digits."
    ),
    "platform": (
        "Which kind of content to show: SHORT_VIDEO (short videos, the usual choice), "
        "LIVE_STREAMING (live streams), PICTURE_TEXT (picture-and-text posts) or "
        "SHORT_DRAMA (short dramas)."
    ),
    "onlyAssign": (
        "true keeps only works ordered through Xingtu assignments in the commissioned list; "
        "false (default) shows every commissioned work."
    ),
    "flowType": (
        "Traffic filter: EXCLUDE (default) or INCLUDE. Just One API documents only the two values; "
        "most likely it decides whether paid or boosted traffic counts in the figures."
    ),
}


class AuthorIdError(ValueError):
    """The `oAuthorId` the caller gave cannot be a Xingtu author id.

    The message says what was wrong and what is accepted, for the model to
    correct itself; it never echoes more than a short prefix of the input.
    """


@dataclass(frozen=True, slots=True)
class ShowcaseQuery:
    """One request to the endpoint, validated; everything but the token."""

    author_id: str
    platform: Platform = DEFAULT_PLATFORM
    only_assign: bool = DEFAULT_ONLY_ASSIGN
    flow_type: FlowType = DEFAULT_FLOW_TYPE

    def params(self) -> dict[str, str]:
        """The query string parameters, with the endpoint's own names and spellings."""
        return {
            "oAuthorId": self.author_id,
            "platform": self.platform,
            "onlyAssign": "true" if self.only_assign else "false",
            "flowType": self.flow_type,
        }


_ACCEPTED = (
    'Accepted: the author id as a string of digits (e.g. "6787286580932689933") or the '
    "creator's Xingtu page URL (https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/<id>)."
)


def _preview(text: str) -> str:
    return repr(text[:40] + ("…" if len(text) > 40 else ""))


def parse_author_id(raw: object) -> str:
    """Return the digits of a Xingtu author id taken from an id or a creator page URL.

    Refuses, before any request is made, anything that could not be an author id:
    Just One API would charge for the call and answer with an error or nothing.
    """
    if not isinstance(raw, str):
        kind = "a number" if isinstance(raw, int | float) and not isinstance(raw, bool) else type(raw).__name__
        raise AuthorIdError(
            f"oAuthorId must be a string, not {kind}: a 19-digit id sent as a JSON number loses its "
            f"last digits. {_ACCEPTED}"
        )
    text = raw.strip()
    if not text:
        raise AuthorIdError(f"oAuthorId is empty. {_ACCEPTED}")
    if len(text) > 300:
        raise AuthorIdError(f"oAuthorId is {len(text)} characters long, too long for an id or page URL. {_ACCEPTED}")
    if text.isascii() and _DIGITS.fullmatch(text):
        return _check_length(text)
    if "://" in text or text.lower().startswith(("www.", "xingtu.cn")):
        return _id_from_url(text)
    raise AuthorIdError(f"oAuthorId {_preview(text)} is not an author id: it must be ASCII digits only. {_ACCEPTED}")


def _check_length(digits: str) -> str:
    if len(digits) > AUTHOR_ID_MAX_DIGITS:
        raise AuthorIdError(f"oAuthorId has {len(digits)} digits; Xingtu author ids have about 19. {_ACCEPTED}")
    return digits


def _id_from_url(text: str) -> str:
    url = text if "://" in text else "https://" + text
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in XINGTU_HOSTS:
        raise AuthorIdError(
            f"oAuthorId {_preview(text)} is a URL, but not a Xingtu creator page (www.xingtu.cn). "
            f"Douyin profile links do not carry the Xingtu author id. {_ACCEPTED}"
        )
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if not (last.isascii() and _DIGITS.fullmatch(last)):
        raise AuthorIdError(f"The Xingtu URL {_preview(text)} does not end with an author id. {_ACCEPTED}")
    return _check_length(last)
