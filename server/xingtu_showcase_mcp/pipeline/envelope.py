"""Reading Just One API's envelope from a raw HTTP answer, whatever its status.

Pure functions: bytes in, either the showcase payload or a `Rejection` naming
the catalogue entry that explains the failure. Just One API puts its envelope
`{code, message, data, recordTime, requestId}` in the body of every status,
gateways in front of it answer with HTML or nothing, and old schema versions
sent `code` as a string, so the HTTP status alone decides nothing.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any, Final

import orjson

from .. import messages
from ..errors import ErrorEntry, entry, entry_for_code
from ..language import Language, Said, Text
from ..values import as_object, integer

GATEWAY_STATUSES: Final = frozenset({502, 503, 504})
MESSAGE_LIMIT: Final = 2_000
"""An upstream message is kept whole up to this (one line); it is shortened only after the token is taken
out of it, where the explanation is written, so no cut can leave part of a secret behind."""
_INVALID: Final = object()


@dataclass(frozen=True, slots=True)
class Payload:
    """A successful answer: Xingtu's `data` object and the envelope's bookkeeping."""

    data: dict[str, Any]
    record_time: str | None = None
    request_id: str | None = None


Detail = tuple[Said, ...]
"""What was seen, in parts put into words when the reader's language is known."""


def words(detail: Detail, language: Language) -> str:
    return "".join(part(language) for part in detail)


class Rejection(Exception):
    """The answer is not a usable showcase; `entry` explains why, `detail` says what was seen."""

    def __init__(self, entry: ErrorEntry, *detail: Said) -> None:
        self.entry = entry
        self.detail: Detail = detail
        super().__init__(entry.key)  # the detail may echo the token: it is put into words only redacted


def read_payload(status: int, content_type: str, body: bytes) -> Payload:
    """Turn one HTTP answer into a Payload, or raise Rejection."""
    doc = _decode(status, content_type, body)
    code = integer(doc.get("code"))
    message = _short_text(doc.get("message"))
    request_id = _short_text(doc.get("requestId"))
    if code is None:
        raise _no_envelope(status, Said(messages.SEEN_NO_CODE, {"status": status}), *_said(message))
    if code != 0:
        seen = [Said(messages.SEEN_CODE, {"code": code, "status": status}), *_said(message)]
        if request_id:
            seen.append(Said(messages.SEEN_REQUEST_ID, {"id": request_id}))
        raise Rejection(entry_for_code(code), *seen)
    data = as_object(doc.get("data"))
    if data is None:
        raise Rejection(entry("data_missing"), Said(messages.SEEN_DATA_KIND, {"kind": _kind(doc.get("data"))}))
    base = as_object(data.get("base_resp"))
    if base is not None:
        status_code = base.get("status_code")
        if status_code is not None and integer(status_code) != 0:
            text = _short_text(base.get("status_message"))
            shown = str(integer(status_code)) if integer(status_code) is not None else _kind(status_code)
            raise Rejection(entry("xingtu_failure"), Said(messages.SEEN_XINGTU_STATUS, {"code": shown}), *_said(text))
    return Payload(data=data, record_time=_short_text(doc.get("recordTime")), request_id=request_id)


def _decode(status: int, content_type: str, body: bytes) -> dict[str, Any]:
    """Parse the body as a JSON object, or say what it was instead."""
    fast = _fast_parse(body)
    if fast is not None:
        return fast
    text = body.decode("utf-8", errors="replace").strip()
    try:
        parsed: object = json.loads(text) if text else _INVALID
    except (ValueError, RecursionError):
        parsed = _INVALID
    doc = as_object(parsed)
    if doc is not None and "code" in doc:
        return doc  # an envelope, whatever the HTTP status
    if not text:
        raise _no_envelope(status, Said(messages.SEEN_EMPTY, {"status": status}), fallback="empty_body")
    if "html" in content_type.lower() or text.startswith("<"):
        raise _no_envelope(status, Said(messages.SEEN_HTML, {"status": status}), fallback="html_body")
    if parsed is _INVALID:
        seen = Said(messages.SEEN_BAD_JSON, {"status": status, "size": len(body)})
        raise _no_envelope(status, seen, fallback="bad_json")
    message = _short_text(doc.get("message")) if doc is not None else None
    seen = Said(messages.SEEN_NO_ENVELOPE, {"status": status, "kind": _kind(parsed)})
    raise _no_envelope(status, seen, *_said(message))


def _fast_parse(body: bytes) -> dict[str, Any] | None:
    """An envelope parsed straight from the bytes, or None to take the standard library's slower path.

    orjson, not `json`: `json.loads` first decodes the body into one `str`, four bytes a character as soon as
    one emoji is in a title (52 MB for a 15 MB answer), before the objects are built; orjson reads the bytes
    as they are and is several times faster. What it refuses and `json` reads (bytes that are not UTF-8, NaN,
    nesting past 1,024) goes the old way, so such answers are explained exactly as before.
    """
    try:
        parsed: object = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    doc = as_object(parsed)
    return doc if doc is not None and "code" in doc else None


def _no_envelope(status: int, *detail: Said, fallback: str = "bad_envelope") -> Rejection:
    """Classify an answer without an envelope: the HTTP status matters more than the body then."""
    if status == 429:
        return Rejection(entry("http_429"), *detail)
    if status in GATEWAY_STATUSES:
        return Rejection(entry("gateway_error"), *detail)
    if 300 <= status < 400:
        return Rejection(entry("redirect"), *detail)
    if status >= 400 or status < 200:
        return Rejection(entry("http_error"), *detail)
    return Rejection(entry(fallback), *detail)


def _short_text(value: object) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    text = " ".join(value.split())
    return text if len(text) <= MESSAGE_LIMIT else text[: MESSAGE_LIMIT - 1] + "…"


def _said(message: str | None) -> list[Said]:
    """The upstream's own message, quoted as it came (it is Just One API's words, not ours)."""
    return [Said(messages.SEEN_MESSAGE, {"message": message})] if message else []


def _kind(value: object) -> Text:
    name = "null" if value is None else type(value).__name__
    return messages.KINDS.get(name, Text(name, name))
