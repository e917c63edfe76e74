"""Parsing Xingtu's showcase `data` into typed works and figures; nothing computed yet.

The payload is untrusted in shape (see `values`): a list may be missing, null
or an object; an entry may lack its id; a count may be negative or absurd. This
module keeps every work it can identify, judges once whether its counts are
plausible enough for statistics (`Work.excluded`), and records what it had to
skip, so that the answer can disclose it.
"""

from __future__ import annotations

import math
import unicodedata
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, Final, Literal

from .. import values
from ..glossary import COUNT_FIELDS, SECTION_KEYS, SIGNAL_CHARS, SIGNALS_PER_WORK, XINGTU_FIGURES, Exclusion

_SIGNAL_MARKERS: Final = "#@"
_SIGNAL_SYMBOLS: Final = frozenset("～￥$+<=>^`|~")
"""Symbols (not Unicode punctuation) that end a tag too: Douyin tags are words, never `#a+b`."""

SectionStatus = Literal["ok", "empty", "missing", "unreadable"]
"""`missing`: Xingtu sent no list; `unreadable`: it sent something that is not a list; `empty`: a list of none."""


@dataclass(frozen=True, slots=True)
class Work:
    """One work as sent, with its counts read and judged."""

    id: str
    when: float | None
    """Publish time, epoch seconds."""
    day: date | None
    """Beijing calendar day of publication."""
    title: str
    tags: tuple[str, ...]
    mentions: tuple[str, ...]
    mentions_sent: int
    """Distinct @mentions in the title, `mentions` being the first SIGNALS_PER_WORK of them."""
    plays: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    length_s: int | None
    hot: bool
    excluded: Exclusion | None
    """Why the work stays out of plays and engagement statistics, or None when it counts."""
    unreadable: tuple[str, ...] = ()
    """Counts sent but not readable as numbers ("1.2万"), by Xingtu's field name."""

    @property
    def interactions(self) -> int:
        """likes + comments + shares; only meaningful for a work that is not excluded."""
        return (self.likes or 0) + (self.comments or 0) + (self.shares or 0)


@dataclass(slots=True)
class SectionData:
    """One list of works, newest first, and what could not be used of it."""

    status: SectionStatus
    works: list[Work] = field(default_factory=list[Work])
    skipped: int = 0
    """Entries without a usable item id."""
    duplicates: int = 0

    @property
    def counted(self) -> list[Work]:
        """The works that enter plays and engagement statistics."""
        return [w for w in self.works if w.excluded is None]

    @property
    def timely(self) -> list[Work]:
        """The works dated up to the collection day: dates, cadence, flags, lengths and topics cover these."""
        return [w for w in self.works if w.excluded != "future_dated"]


@dataclass(frozen=True, slots=True)
class XingtuPair:
    """One of Xingtu's figures for daily (personal) and task (commissioned) works, with its standing."""

    daily: float | None
    task: float | None
    daily_standing: float | None
    task_standing: float | None


@dataclass(slots=True)
class ParsedShowcase:
    personal: SectionData
    commissioned: SectionData
    xingtu: dict[str, XingtuPair]
    xingtu_sent: bool
    core_user_id: str | None
    unreadable: Counter[str] = field(default_factory=Counter[str])
    """Values sent but not readable, by field: works' counts and Xingtu's rates (a rate of 1.7)."""

    @property
    def works(self) -> list[Work]:
        """Every work of both lists."""
        return self.personal.works + self.commissioned.works


def parse_showcase(data: Mapping[str, Any], as_of: date | None = None) -> ParsedShowcase:
    """Read both lists and Xingtu's figures; never raises on the payload's shape or values.

    A work dated after `as_of` (the collection day) cannot be real as sent: it is kept, as `future_dated`.
    """
    personal = _parse_section(data.get(SECTION_KEYS["personal"]), as_of)
    commissioned = _parse_section(data.get(SECTION_KEYS["commissioned"]), as_of, seen={w.id for w in personal.works})
    description = values.as_object(data.get("data_description"))
    unreadable = Counter(k for section in (personal, commissioned) for w in section.works for k in w.unreadable)
    return ParsedShowcase(
        personal=personal,
        commissioned=commissioned,
        xingtu=_xingtu(description, unreadable) if description is not None else {},
        xingtu_sent=description is not None,
        core_user_id=_core_user_id(data),
        unreadable=unreadable,
    )


def _parse_section(raw: object, as_of: date | None, seen: set[str] | None = None) -> SectionData:
    if raw is None:
        return SectionData("missing")
    entries = values.as_list(raw)
    if entries is None:
        return SectionData("unreadable")
    section = SectionData("ok" if entries else "empty")
    known: set[str] = set(seen or ())
    for entry in entries:
        work = parse_work(entry)
        if work is not None and as_of is not None and work.day is not None and work.day > as_of:
            work = replace(work, excluded="future_dated")
        if work is None:
            section.skipped += 1
        elif work.id in known:
            section.duplicates += 1
        else:
            known.add(work.id)
            section.works.append(work)
    if not section.works and entries:
        section.status = "empty"
    # Newest first; works without a time keep their order at the end.
    section.works.sort(key=lambda w: -(w.when if w.when is not None else -math.inf))
    return section


def parse_work(raw: object) -> Work | None:
    """One entry of an item list, or None when it has no usable item id."""
    item = values.as_object(raw)
    if item is None:
        return None
    work_id = values.digits(item.get("item_id"))
    if work_id is None:
        return None
    when = values.epoch(item.get("create_time"))
    if when is None:
        when = values.epoch(item.get("create_timestamp"))
    day = values.beijing_day(when) if when is not None else values.iso_day(item.get("item_date"))
    title = values.text(item.get("title")) or values.text(item.get("item_title"))
    counts = {k: values.count(item.get(k)) for k in COUNT_FIELDS}
    plays, likes, comments, shares = counts.values()
    unreadable = tuple(k for k, n in counts.items() if n is None and item.get(k) is not None)
    length = values.count(item.get("duration"))
    hot = item.get("is_hot") is True or item.get("is_hot") in (1, "1", "true")
    return Work(
        id=work_id,
        when=when,
        day=day,
        title=title,
        tags=signals(title, "#"),
        mentions=signals(title, "@"),
        mentions_sent=signal_count(title, "@"),
        plays=plays,
        likes=likes,
        comments=comments,
        shares=shares,
        length_s=length if length is not None and length > 0 else None,
        hot=hot,
        excluded="unreadable_counts" if unreadable else exclusion(plays, likes, comments, shares),
        unreadable=unreadable,
    )


def exclusion(plays: int | None, likes: int | None, comments: int | None, shares: int | None) -> Exclusion | None:
    """Why these counts cannot enter statistics, or None: the one plausibility rule (reasons: glossary.Exclusion)."""
    if any(n is not None and n < 0 for n in (plays, likes, comments, shares)):
        return "negative_count"
    if plays is None:
        return "no_plays"
    if plays == 0:
        return "zero_plays"
    if likes is None or comments is None or shares is None:
        return "missing_counts"
    if likes + comments + shares > plays:
        return "interactions_above_plays"
    return None


def shown_text(title: str, mentions: int) -> str:
    """The title without its #tags and with only its first `mentions` @mentions, in place. Tags end by the
    same rule as `signals`."""
    kept: list[str] = []
    shown = 0
    i = 0
    while i < len(title):
        if title[i] in _SIGNAL_MARKERS:
            end = _end_of(title, i)
            if title[i] == "@" and end > i + 1 and shown < mentions:
                kept.append(title[i : min(end, i + 1 + SIGNAL_CHARS)])
                shown += 1
            else:
                kept.append(" ")
            i = end
        else:
            kept.append(title[i])
            i += 1
    return " ".join("".join(kept).split())


def signal_count(title: str, marker: str) -> int:
    """How many distinct #tags or @mentions a title carries, all of them (`signals` reads the first few)."""
    return len(set(_names(title, marker)))


def signals(title: str, marker: str) -> tuple[str, ...]:
    """The #tags (marker "#") or @mentions ("@") of a title, each once, in order, without the marker.

    A tag ends at whitespace, at the next `#` or `@`, or at any punctuation, ASCII or CJK: `#安踏，国货之光`
    is the tag 安踏. At most SIGNALS_PER_WORK per title, SIGNAL_CHARS each, so a crafted title cannot
    flood the answer.
    """
    found: dict[str, None] = {}
    for name in _names(title, marker):
        found.setdefault(name)
        if len(found) == SIGNALS_PER_WORK:
            break
    return tuple(found)


def _names(title: str, marker: str) -> Iterator[str]:
    """Each name after `marker`, up to the character that ends it. Written by hand because `re` has no
    Unicode punctuation class."""
    start = title.find(marker)
    while start != -1:
        end = _end_of(title, start)
        if end > start + 1:
            yield title[start + 1 : end][:SIGNAL_CHARS]
        start = title.find(marker, end)


def _end_of(title: str, marker_at: int) -> int:
    """Where the #tag or @mention whose marker is at `marker_at` ends (exclusive)."""
    end = marker_at + 1
    while end < len(title) and not ends_signal(title[end]):
        end += 1
    return end


def ends_signal(char: str) -> bool:
    """Whether `char` ends a #tag or @mention: whitespace, a marker, punctuation or a separating symbol."""
    return (
        char.isspace()
        or char in _SIGNAL_MARKERS
        or char in _SIGNAL_SYMBOLS
        or unicodedata.category(char).startswith("P")
    )


def _xingtu(description: Mapping[str, Any], unreadable: Counter[str]) -> dict[str, XingtuPair]:
    """Xingtu's pairs; a figure sent but not plausible (a rate above 1) is counted in `unreadable`."""
    found: dict[str, XingtuPair] = {}
    for name, key, is_rate in XINGTU_FIGURES:
        daily = values.as_object(description.get(key))
        task = values.as_object(description.get(key + "_enrollment"))
        rates = [_figure(side, is_rate) for side in (daily, task)]
        for side, rate, field_name in ((daily, rates[0], key), (task, rates[1], key + "_enrollment")):
            if side is not None and side.get("rate") is not None and rate is None:
                unreadable[field_name] += 1
        if rates == [None, None]:
            continue
        standings = [_standing(side) for side in (daily, task)]
        found[name] = XingtuPair(rates[0], rates[1], standings[0], standings[1])
    return found


def _figure(side: Mapping[str, Any] | None, is_rate: bool) -> float | None:
    """Xingtu's figure as sent, when plausible; counts become whole numbers once, in stats."""
    value = values.number(side.get("rate")) if side else None
    if value is None or value < 0 or (is_rate and value > 1):
        return None
    return value


def _standing(side: Mapping[str, Any] | None) -> float | None:
    value = values.number(side.get("compare_author")) if side else None
    return value if value is not None and 0 <= value <= 1 else None


def _core_user_id(data: Mapping[str, Any]) -> str | None:
    """The creator's Douyin uid, which other endpoints take; sent on every item when sent at all."""
    for key in SECTION_KEYS.values():
        for entry in values.as_list(data.get(key)) or []:
            item = values.as_object(entry)
            uid = values.digits(item.get("core_user_id")) if item else None
            if uid:
                return uid
    return None
