"""The endpoints' contracts: their paths, parameters, enums and defaults (Showcase Items, the quotes, the
creator search).

Everything the rest of the package knows about the endpoint's inputs lives here
once, as data: the MCP tool's input schema, the upstream query string and the
README's parameter table are all derived from these definitions, and a test
checks them against Just One API's own OpenAPI fragment.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final, Literal, get_args
from urllib.parse import urlsplit

from . import messages
from .language import Said, Text

ENDPOINT_PATH: Final = "/api/douyin-xingtu/gw/api/author/get_author_show_items_v2/v1"
MARKETING_PATH: Final = "/api/douyin-xingtu/gw/api/author/get_author_marketing_info/v1"
"""Xingtu's quotes (报价): `oAuthorId` and `platform`, with the showcase's platform enum and default."""

SEARCH_PATH: Final = "/api/douyin-xingtu/gw/api/gsearch/search_for_author_square/v1"
"""Xingtu's creator search (达人广场): a keyword, a page, a sort, a search type and 24 filters."""

Platform = Literal["SHORT_VIDEO", "LIVE_STREAMING", "PICTURE_TEXT", "SHORT_DRAMA"]
FlowType = Literal["EXCLUDE", "INCLUDE"]

PLATFORMS: Final[tuple[Platform, ...]] = get_args(Platform)
FLOW_TYPES: Final[tuple[FlowType, ...]] = get_args(FlowType)

DEFAULT_PLATFORM: Final[Platform] = "SHORT_VIDEO"
DEFAULT_ONLY_ASSIGN: Final = False
DEFAULT_FLOW_TYPE: Final[FlowType] = "EXCLUDE"

# Author ids are 19 digits in every sample seen; older accounts may have fewer. 20 is the most a 64-bit
# unsigned id can have: a longer one cannot be an id, and asking for it would spend quota for an error.
AUTHOR_ID_MAX_DIGITS: Final = 20
_DIGITS = re.compile(r"[0-9]+")
XINGTU_HOSTS: Final = frozenset({"www.xingtu.cn", "xingtu.cn"})

PARAMETER_TITLES: Final[dict[str, str]] = {
    "oAuthorId": "Xingtu author id",
    "platform": "Platform",
    "onlyAssign": "Only assigned works",
    "flowType": "Traffic filter",
}
"""What a host that renders a form shows for each parameter (not "Oauthorid")."""

PARAMETER_DOCS: Final[dict[str, str]] = {
    "oAuthorId": (
        'The creator\'s Xingtu author id, a JSON string of about 19 digits (e.g. "6787286580932689933"; a number '
        "loses digits), or their Xingtu page https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/<id>. "
        "Not a Douyin uid or nickname."
    ),
    "platform": "The kind of content; SHORT_VIDEO (short videos) is the usual choice.",
    "onlyAssign": "true: only works ordered through Xingtu assignments in the commissioned list.",
    "flowType": "Most likely whether paid or boosted traffic counts (undocumented).",
}


class AuthorIdError(ValueError):
    """The `oAuthorId` the caller gave cannot be a Xingtu author id.

    The message says what was wrong and what is accepted, for the model to
    correct itself; it never echoes more than a short prefix of the input.
    `said` words it in either language; `str()` is the English.
    """

    def __init__(self, text: Text, **values: object) -> None:
        self.said = Said(text, {**values, "accepted": messages.ID_ACCEPTED})
        super().__init__(self.said("en"))


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

    @property
    def subject(self) -> str:
        return self.author_id

    def key(self) -> str:
        return f"{self.author_id}|{self.platform}|{'assigned' if self.only_assign else 'all'}|{self.flow_type}"

    def fields(self) -> dict[str, object]:
        return asdict(self)


@dataclass(frozen=True, slots=True)
class MarketingQuery:
    """One request for a creator's quotes, validated; everything but the token."""

    author_id: str
    platform: Platform = DEFAULT_PLATFORM

    @property
    def subject(self) -> str:
        return self.author_id

    def params(self) -> dict[str, str]:
        return {"oAuthorId": self.author_id, "platform": self.platform}

    def key(self) -> str:
        return f"{self.author_id}|{self.platform}"

    def fields(self) -> dict[str, object]:
        return asdict(self)


SearchKind = Literal["string", "integer", "boolean"]

SEARCH_TEXT_MAX_CHARS: Final = 200
"""Longest keyword or filter value sent: Xingtu's longest documented filter (several labels) is far shorter,
and a longer one would spend quota on a search that finds nothing."""
SEARCH_MAX_PAGE: Final = 500
"""Xingtu counts at most 10,000 matches, 20 a page: no page past 500 holds any."""
MIN_MAX: Final = re.compile(r"\d+(\.\d+)?-\d+(\.\d+)?")
"""The `…Range` filters' "min-max" format (1000-2000, 0.01-1)."""
DAYS_MIN_MAX: Final = re.compile(r"\d+:(\d+)?-(\d+)?")
"""progressTaskRange: days, a colon, then min-max with either bound left out (30:8-)."""

ACRONYMS: Final = {"kol": "KOL", "cpm": "CPM", "cpe": "CPE"}
"""Words of a parameter name a title spells in capitals."""
EXAMPLE: Final = re.compile(r"(?:Example|e\.g\.)[^:,0-9]*[:,]?\s*([0-9][0-9.:-]*)")
"""A format's example in a description ("Example: 30:8-", "(e.g., 10000-50000)")."""


@dataclass(frozen=True, slots=True)
class SearchParameter:
    """One parameter of the creator search as Just One API publishes it (name, type, default, enum, its
    description shortened), from `search_parameters.json`, which `scripts/search_parameters.py` writes from the
    OpenAPI fragment; plus the bounds this server holds it to."""

    name: str
    kind: SearchKind
    description: str
    default: str | int | bool | None = None
    enum: tuple[str, ...] = ()

    @property
    def pattern(self) -> re.Pattern[str] | None:
        """The format a range filter must have; None for every other parameter."""
        if self.name == "progressTaskRange":
            return DAYS_MIN_MAX
        return MIN_MAX if self.name.endswith("Range") else None

    @property
    def title(self) -> str:
        """What a host that renders a form shows: the name in words ("followerRange" → "Follower range")."""
        found: list[str] = re.findall(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])", self.name)
        words = " ".join(ACRONYMS.get(w.lower(), w.lower()) for w in found)
        return words[:1].upper() + words[1:]

    @property
    def example(self) -> str:
        """The format's example from the description (30:8-, 0.01-1), for a refusal to show."""
        found = EXAMPLE.search(self.description)
        return found.group(1).rstrip(".") if found else ""

    def schema(self) -> dict[str, Any]:
        """This parameter's JSON schema in the tool's input schema: the fragment's own, with our bounds."""
        out: dict[str, Any] = {"type": self.kind, "title": self.title, "description": self.description}
        if self.enum:
            out["enum"] = list(self.enum)
        if self.default is not None:
            out["default"] = self.default
        if self.kind == "integer":
            out |= {"minimum": 1, "maximum": SEARCH_MAX_PAGE}
        # No maxLength on the 21 text parameters: 100 tokens on every turn for a bound `arguments` holds anyway.
        return out


def _search_parameters() -> tuple[SearchParameter, ...]:
    raw: list[dict[str, Any]] = json.loads(Path(__file__).with_name("search_parameters.json").read_text("utf-8"))
    return tuple(
        SearchParameter(p["name"], p["type"], p["description"], p.get("default"), tuple(p.get("enum", ()))) for p in raw
    )


SEARCH_PARAMETERS: Final = _search_parameters()


def search_input_schema() -> dict[str, Any]:
    """The search tool's input schema: the endpoint's parameters, every one optional, nothing of our own."""
    return {"type": "object", "properties": {p.name: p.schema() for p in SEARCH_PARAMETERS}}


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """One creator search, validated: the parameters as sent (those with a default always, the filters only
    when given), in the endpoint's own names; everything but the token."""

    sent: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, arguments: dict[str, Any]) -> SearchQuery:
        """The query for the tool's arguments, already checked by `arguments` (defaults filled in here)."""
        sent: list[tuple[str, str]] = []
        for p in SEARCH_PARAMETERS:
            value = arguments.get(p.name, p.default)
            if value is None or (isinstance(value, str) and not value.strip() and p.name != "keyword"):
                continue
            shown = ("true" if value else "false") if isinstance(value, bool) else str(value).strip()
            sent.append((p.name, shown))
        return cls(tuple(sent))

    def value(self, name: str) -> str:
        return dict(self.sent).get(name, "")

    @property
    def subject(self) -> str:
        return f"search:{self.value('keyword')[:20]}"

    def params(self) -> dict[str, str]:
        return dict(self.sent)

    def key(self) -> str:
        return json.dumps(sorted(self.sent), ensure_ascii=False, separators=(",", ":"))

    def fields(self) -> dict[str, object]:
        return {"sent": [list(pair) for pair in self.sent]}


def search_query(sent: list[list[str]]) -> SearchQuery:
    """The query again from `SearchQuery.fields()` (in the digest child)."""
    return SearchQuery(tuple((name, value) for name, value in sent))


def _preview(text: str) -> str:
    return repr(text[:40] + ("…" if len(text) > 40 else ""))


def parse_author_id(raw: object) -> str:
    """Return the digits of a Xingtu author id taken from an id or a creator page URL.

    Refuses, before any request is made, anything that could not be an author id:
    Just One API would charge for the call and answer with an error or nothing.
    """
    if not isinstance(raw, str):
        number = isinstance(raw, int | float) and not isinstance(raw, bool)
        raise AuthorIdError(messages.ID_NOT_A_STRING, kind=messages.ID_KIND_NUMBER if number else type(raw).__name__)
    text = raw.strip()
    if not text:
        raise AuthorIdError(messages.ID_EMPTY)
    if len(text) > 300:
        raise AuthorIdError(messages.ID_TOO_LONG, n=len(text))
    if text.isascii() and _DIGITS.fullmatch(text):
        return _check_length(text)
    if "://" in text or text.lower().startswith(("www.", "xingtu.cn")):
        return _id_from_url(text)
    raise AuthorIdError(messages.ID_NOT_DIGITS, shown=_preview(text))


def _check_length(digits: str) -> str:
    if len(digits) > AUTHOR_ID_MAX_DIGITS:
        raise AuthorIdError(messages.ID_TOO_MANY_DIGITS, n=len(digits), most=AUTHOR_ID_MAX_DIGITS)
    if not digits.strip("0"):
        raise AuthorIdError(messages.ID_ALL_ZEROS)
    return digits


def _id_from_url(text: str) -> str:
    url = text if "://" in text else "https://" + text
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    if parts.scheme not in ("http", "https") or host not in XINGTU_HOSTS:
        raise AuthorIdError(messages.ID_NOT_XINGTU_URL, shown=_preview(text))
    last = parts.path.rstrip("/").rsplit("/", 1)[-1]
    if not (last.isascii() and _DIGITS.fullmatch(last)):
        raise AuthorIdError(messages.ID_URL_WITHOUT_ID, shown=_preview(text))
    return _check_length(last)
