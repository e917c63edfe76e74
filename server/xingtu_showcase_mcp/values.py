"""Reading untrusted JSON values: Xingtu's payload and Just One API's envelope alike.

Anything may arrive in any position: a count as a string, a date as garbage, an
integer of five thousand digits, a float beyond 1e308, an object where a list
belongs. Each reader here returns a usable value or None, and never raises, so
the modules that parse payloads decide what an absent value means.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Final, cast

BEIJING: Final = timezone(timedelta(hours=8), "Asia/Shanghai")
"""Xingtu and Douyin date everything in Beijing time (UTC+8, no daylight saving)."""

MAX_COUNT: Final = 10**15
"""Above any real play count (Douyin's biggest videos have a few billion): a larger one is garbage."""
MAX_DIGITS: Final = 32
"""Longest digit string read as a number or id; Python refuses to convert very long ones anyway."""
_EPOCH_MS_ABOVE: Final = 1e11
_EPOCH_MAX: Final = 4e9  # year 2096: later "times" are garbage
_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def as_object(value: object) -> dict[str, Any] | None:
    """A JSON object as a typed dict, or None for any other JSON value."""
    return cast(dict[str, Any], value) if isinstance(value, dict) else None


def as_list(value: object) -> list[object] | None:
    """A JSON array as a typed list, or None for any other JSON value."""
    return cast(list[object], value) if isinstance(value, list) else None


def objects(value: object, limit: int) -> tuple[list[dict[str, Any]], int]:
    """The first `limit` objects of a JSON array, and how many entries were not read (past the limit, or not
    objects): a hostile list can neither grow an answer nor hide that it was cut."""
    entries = as_list(value) or []
    found = [obj for obj in (as_object(e) for e in entries[:limit]) if obj is not None]
    return found, len(entries) - len(found)


def number(value: object) -> float | None:
    """A finite number from a JSON number or a short numeric string; anything else is absent."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        if isinstance(value, int):
            if abs(value) >= 10**MAX_DIGITS:
                return None
            result = float(value)
        elif isinstance(value, float):
            result = value
        elif isinstance(value, str) and len(value) <= 2 * MAX_DIGITS:
            result = float(value.strip().replace(",", ""))
        else:
            return None
    except (ValueError, OverflowError):
        return None
    return result if math.isfinite(result) else None


def integer(value: object) -> int | None:
    """A whole number (an int, an integral float or a digit string), bounded in size; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 10**MAX_DIGITS else None
    if isinstance(value, float):
        return int(value) if math.isfinite(value) and value.is_integer() and abs(value) < 1e18 else None
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith("-") else text
        if digits.isascii() and digits.isdigit() and len(digits) <= MAX_DIGITS:
            return int(text)
    return None


def count(value: object) -> int | None:
    """A count as sent, rounded; negative counts are returned as they are (the caller judges them)."""
    result = number(value)
    if result is None or abs(result) > MAX_COUNT:
        return None
    return round(result)


def digits(value: object, max_length: int = MAX_DIGITS) -> str | None:
    """An id made of ASCII digits (sent as a string or an int), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        text = str(value) if 0 <= value < 10**max_length else ""
    elif isinstance(value, str):
        text = value.strip()
    else:
        return None
    return text if text.isascii() and text.isdigit() and len(text) <= max_length else None


def epoch(value: object) -> float | None:
    """Epoch seconds (milliseconds are recognised), or None when not a plausible time."""
    result = number(value)
    if result is None or result <= 0:
        return None
    if result > _EPOCH_MS_ABOVE:
        result /= 1000
    return result if result < _EPOCH_MAX else None


def beijing_day(seconds: float) -> date:
    return datetime.fromtimestamp(seconds, BEIJING).date()


def iso_day(value: object) -> date | None:
    """A `YYYY-MM-DD` string as a date, or None."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value.strip()):
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        return None


def text(value: object) -> str:
    """A string with zero-width characters removed and whitespace collapsed; "" when not a string."""
    return " ".join(_ZERO_WIDTH.sub("", value).split()) if isinstance(value, str) else ""


def instant(value: object) -> datetime | None:
    """A point in time from an epoch number or an ISO 8601 string (Beijing time when no zone is given).

    Extreme values (year 1, offsets that leave the calendar) are treated as absent, never raised.
    """
    if not isinstance(value, str | int | float) or isinstance(value, bool):
        return None
    raw = str(value).strip()[:64]
    if not raw:
        return None
    try:
        seconds = epoch(raw) if raw.isdigit() else None
        if seconds is not None:
            return datetime.fromtimestamp(seconds, UTC)
        parsed = datetime.fromisoformat(raw.replace("Z", "+00:00"))
        parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=BEIJING)
        parsed.astimezone(UTC)  # raises OverflowError where the offset leaves the calendar
    except (ValueError, OverflowError, OSError):
        return None
    return parsed
