"""The summariser: Xingtu's raw showcase `data` condensed into what a person asks about.

Pure functions over plain JSON values, so they are tested without any server.
The real payload is a few thousand tokens of share links, storage keys and
duplicated fields; what an assistant needs is each work's counts and date, and
a handful of section statistics it should not have to compute (and get wrong)
itself. The input is untrusted in shape: any field may be missing, null, a
string, or garbage, and the answer keeps what is usable and says what was not.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Final

from pydantic import BaseModel, Field

from .contract import FlowType, Platform, ShowcaseQuery
from .envelope import as_list, as_object

BEIJING: Final = timezone(timedelta(hours=8), "Asia/Shanghai")
VIDEO_URL: Final = "https://www.douyin.com/video/{id}"
TITLE_LIMIT: Final = 24
"""Characters kept of a title. Douyin titles run to hundreds of characters, mostly hashtags; the
first clause names the work, and 24 CJK characters (about 20-30 tokens) hold it. Longer titles would
cost the 16-work answer several hundred tokens for text nobody compares."""
LISTED_TOTAL: Final = 18
"""Works listed over both sections. Xingtu usually sends 15 personal works and a few commissioned
ones; a payload of thousands must still fit an assistant's context, so statistics cover every work
and the listing stops at 18 (the real 16-work example is 1,313 tokens of text; 18 works stay within
the 1,500-token budget)."""
COMMISSIONED_MIN: Final = 5
"""Commissioned works keep at least this many of the listed places when they exist: brand deals are
what a campaign planner looks for, and a long personal list must not crowd them out."""
SMALL_SAMPLE: Final = 5
OLD_AFTER_DAYS: Final = 365
DEFINITIONS: Final = (
    "engagement = (likes+comments+shares)/plays, per work and summed over a section; "
    "per_week = works / (days from oldest to newest / 7); dates are Beijing time; rates are fractions; "
    f"a work's page is {VIDEO_URL}"
)

_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


# ---------------------------------------------------------------- result models


class Work(BaseModel):
    """One showcase work; counts Xingtu did not send are left out, never zero."""

    id: str = Field(description="Douyin item id; the work's page is https://www.douyin.com/video/{id}")
    date: str | None = Field(None, description="Publication date, Beijing time (YYYY-MM-DD)")
    title: str | None = Field(None, description=f"Title, whitespace collapsed, cut at {TITLE_LIMIT} characters")
    plays: int | None = None
    likes: int | None = None
    comments: int | None = None
    shares: int | None = None
    engagement: float | None = Field(None, description="(likes+comments+shares)/plays")
    duration_s: int | None = Field(None, description="Length in seconds")
    hot: bool | None = Field(None, description="Present and true when Xingtu flags the work as hot (viral)")


class SectionStats(BaseModel):
    """Statistics over every work of a section (not only the listed ones)."""

    count: int
    first_date: str | None = Field(None, description="Oldest work's date")
    last_date: str | None = Field(None, description="Newest work's date")
    plays_median: int | float | None = Field(None, description="Median plays (a .5 when the count is even)")
    plays_mean: float | None = None
    plays_max: int | None = None
    engagement: float | None = Field(None, description="Sum of likes+comments+shares over sum of plays")
    hot: int = Field(0, description="Works Xingtu flags as hot")
    per_week: float | None = Field(None, description="Works per week between the oldest and the newest")


class Section(BaseModel):
    stats: SectionStats
    works: list[Work] = Field(default_factory=list[Work], description="Newest first")
    not_listed: int | None = Field(None, description="Works counted in stats but left out of `works`")


class XingtuFigure(BaseModel):
    rate: float = Field(description="Xingtu's value (rates as fractions, median plays as a count)")
    compare_author: float | None = Field(
        None, description="Xingtu's standing against comparable creators, as reported (undocumented; 0..1)"
    )


class XingtuFigures(BaseModel):
    interaction_rate: XingtuFigure | None = None
    median_plays: XingtuFigure | None = None
    completion_rate: XingtuFigure | None = None


class XingtuBenchmarks(BaseModel):
    """Xingtu's own figures from `data_description`, passed on as reported, not computed here."""

    personal: XingtuFigures | None = None
    commissioned: XingtuFigures | None = None


class ShowcaseSummary(BaseModel):
    """A condensed Xingtu showcase of one creator, with derived statistics."""

    demo: bool | None = Field(None, description="True when the data is the built-in synthetic demo, not Xingtu's")
    author_id: str
    platform: Platform
    only_assign: bool
    flow_type: FlowType
    record_time: str | None = Field(None, description="When Just One API recorded the data, as it reported")
    personal: Section = Field(description="The creator's own (organic) works, from latest_item_info")
    commissioned: Section = Field(description="Works commissioned through Xingtu, from latest_star_item_info")
    xingtu: XingtuBenchmarks | None = None
    notes: list[str] = Field(default_factory=list[str], description="Caveats: small samples, skipped entries")
    definitions: str = DEFINITIONS


# ---------------------------------------------------------------- summarising


@dataclass(slots=True)
class _Parsed:
    works: list[Work] = field(default_factory=list[Work])
    times: dict[str, float] = field(default_factory=dict[str, float])
    skipped: int = 0
    partial: int = 0
    duplicates: int = 0
    missing: bool = False


def summarise(
    data: Mapping[str, Any],
    query: ShowcaseQuery,
    *,
    record_time: str | None = None,
    now: datetime | None = None,
    demo: bool = False,
) -> ShowcaseSummary:
    """Condense Xingtu's `data` object; never raises on its shape."""
    reference = _parse_record_time(record_time) or now or datetime.now(UTC)
    notes: list[str] = []
    personal = _parse_list(data.get("latest_item_info"))
    commissioned = _parse_list(data.get("latest_star_item_info"), exclude={w.id for w in personal.works})

    sections: list[tuple[str, str, _Parsed]] = [
        ("personal", "latest_item_info", personal),
        ("commissioned", "latest_star_item_info", commissioned),
    ]
    for label, key, parsed in sections:
        notes.extend(_section_notes(label, key, parsed))
    notes.extend(_age_notes(commissioned, reference))

    xingtu = _benchmarks(data.get("data_description"))
    if xingtu is None:
        notes.append("Xingtu sent no benchmark figures (data_description).")

    personal_room, commissioned_room = _listing_room(len(personal.works), len(commissioned.works))
    for label, parsed, room in (
        ("personal", personal, personal_room),
        ("commissioned", commissioned, commissioned_room),
    ):
        if len(parsed.works) > room:
            notes.append(f"Statistics cover all {len(parsed.works)} {label} works; only the newest {room} are listed.")
    return ShowcaseSummary(
        demo=True if demo else None,
        author_id=query.author_id,
        platform=query.platform,
        only_assign=query.only_assign,
        flow_type=query.flow_type,
        record_time=record_time,
        personal=_section(personal, personal_room),
        commissioned=_section(commissioned, commissioned_room),
        xingtu=xingtu,
        notes=notes,
    )


def _parse_list(raw: object, exclude: set[str] | None = None) -> _Parsed:
    parsed = _Parsed()
    entries = as_list(raw)
    if entries is None:
        parsed.missing = True
        parsed.skipped = 0 if raw is None else 1
        return parsed
    seen: set[str] = set(exclude or ())
    for entry in entries:
        work, when, partial = _parse_work(entry)
        if work is None:
            parsed.skipped += 1
            continue
        if work.id in seen:
            parsed.duplicates += 1
            continue
        seen.add(work.id)
        parsed.works.append(work)
        parsed.partial += partial
        if when is not None:
            parsed.times[work.id] = when
    # Newest first; works without a time keep their order at the end.
    parsed.works.sort(key=lambda w: -parsed.times.get(w.id, -math.inf))
    return parsed


def _parse_work(raw: object) -> tuple[Work | None, float | None, bool]:
    """One entry of an item list: the Work, its epoch time, and whether counts were missing."""
    item = as_object(raw)
    if item is None:
        return None, None, False
    work_id = _id(item.get("item_id"))
    if work_id is None:
        return None, None, False
    when = _epoch(item.get("create_time"))
    if when is None:
        when = _epoch(item.get("create_timestamp"))
    plays, likes, comments, shares = (_count(item.get(k)) for k in ("play", "like", "comment", "share"))
    duration = _count(item.get("duration"))
    work = Work(
        id=work_id,
        date=_beijing_date(when) if when is not None else _plain_date(item.get("item_date")),
        title=_title(item.get("title")) or _title(item.get("item_title")),
        plays=plays,
        likes=likes,
        comments=comments,
        shares=shares,
        engagement=_rate(_sum3(likes, comments, shares), plays),
        duration_s=duration or None,
        hot=True if item.get("is_hot") is True or item.get("is_hot") in (1, "1", "true") else None,
    )
    partial = None in (plays, likes, comments, shares)
    return work, when, partial


def _listing_room(personal: int, commissioned: int) -> tuple[int, int]:
    """How many works of each section to list, LISTED_TOTAL in all."""
    commissioned_room = min(commissioned, max(COMMISSIONED_MIN, LISTED_TOTAL - personal))
    return min(personal, LISTED_TOTAL - commissioned_room), commissioned_room


def _section(parsed: _Parsed, room: int) -> Section:
    works = parsed.works
    plays = [w.plays for w in works if w.plays is not None]
    engaged = [(w.plays, _sum3(w.likes, w.comments, w.shares)) for w in works]
    pairs = [(p, e) for p, e in engaged if p is not None and e is not None]
    dates = sorted(w.date for w in works if w.date is not None)
    times = sorted(parsed.times.values())
    span_weeks = (times[-1] - times[0]) / (7 * 86400) if len(times) >= 2 else 0.0
    stats = SectionStats(
        count=len(works),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        plays_median=_whole(statistics.median(plays)) if plays else None,
        plays_mean=round(statistics.fmean(plays), 1) if plays else None,
        plays_max=max(plays) if plays else None,
        engagement=_rate(sum(e for _, e in pairs), sum(p for p, _ in pairs)) if pairs else None,
        hot=sum(1 for w in works if w.hot),
        per_week=_significant(len(times) / span_weeks) if span_weeks > 0 else None,
    )
    listed = works[:room]
    return Section(stats=stats, works=listed, not_listed=(len(works) - len(listed)) or None)


def _section_notes(label: str, key: str, parsed: _Parsed) -> list[str]:
    notes: list[str] = []
    count = len(parsed.works)
    if parsed.missing and not parsed.skipped:
        notes.append(f"Xingtu sent no {key} list: no {label} works to show.")
    elif parsed.missing:
        notes.append(f"{key} was not a list and was ignored.")
    elif count == 0 and not parsed.skipped:
        notes.append(f"No {label} works in the showcase.")
    elif 0 < count < SMALL_SAMPLE:
        notes.append(f"Only {count} {label} work{'s' if count > 1 else ''}: statistics are indicative, not a trend.")
    if parsed.skipped and not parsed.missing:
        notes.append(
            f"Skipped {parsed.skipped} {key} entr{'ies' if parsed.skipped > 1 else 'y'} without a usable item id."
        )
    if parsed.duplicates:
        notes.append(f"Dropped {parsed.duplicates} repeated {label} work{'s' if parsed.duplicates > 1 else ''}.")
    if parsed.partial:
        notes.append(
            f"{parsed.partial} {label} work{'s' if parsed.partial > 1 else ''} lack some counts: listed, but left "
            "out of the statistics that need them."
        )
    return notes


def _age_notes(commissioned: _Parsed, reference: datetime) -> list[str]:
    if not commissioned.times:
        return []
    newest = datetime.fromtimestamp(max(commissioned.times.values()), BEIJING)
    age_days = (reference - newest).days
    if age_days <= OLD_AFTER_DAYS:
        return []
    return [
        f"The newest commissioned work is from {newest.date().isoformat()}, {age_days // 365} year"
        f"{'s' if age_days >= 730 else ''} ago: it says little about current brand-deal performance."
    ]


_BENCHMARK_KEYS: Final = (
    ("interaction_rate", "interaction"),
    ("median_plays", "play_medium"),
    ("completion_rate", "video_view_rate"),
)


def _benchmarks(raw: object) -> XingtuBenchmarks | None:
    block = as_object(raw)
    if block is None:
        return None
    personal = _figures(block, "")
    commissioned = _figures(block, "_enrollment")
    if personal is None and commissioned is None:
        return None
    return XingtuBenchmarks(personal=personal, commissioned=commissioned)


def _figures(block: Mapping[str, Any], suffix: str) -> XingtuFigures | None:
    found: dict[str, XingtuFigure] = {}
    for name, key in _BENCHMARK_KEYS:
        figure = as_object(block.get(key + suffix))
        if figure is None:
            continue
        rate = _number(figure.get("rate"))
        if rate is None:
            continue
        found[name] = XingtuFigure(rate=rate, compare_author=_number(figure.get("compare_author")))
    return XingtuFigures(**found) if found else None


# ---------------------------------------------------------------- value helpers


def _number(value: object) -> float | None:
    """A finite number from a JSON number or numeric string; anything else is absent."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        number = float(value)
    elif isinstance(value, str):
        try:
            number = float(value.strip().replace(",", ""))
        except ValueError:
            return None
    else:
        return None
    return number if math.isfinite(number) else None


def _count(value: object) -> int | None:
    """A non-negative count; negative or non-numeric values are treated as missing."""
    number = _number(value)
    if number is None or number < 0 or number > 1e15:
        return None
    return round(number)


def _id(value: object) -> str | None:
    if isinstance(value, bool):
        return None
    text = str(value).strip() if isinstance(value, int | str) else ""
    return text if text.isascii() and text.isdigit() and len(text) <= 32 else None


def _epoch(value: object) -> float | None:
    number = _number(value)
    if number is None or number <= 0:
        return None
    if number > 1e11:  # milliseconds
        number /= 1000
    return number if number < 4e9 else None


def _beijing_date(epoch: float) -> str:
    return datetime.fromtimestamp(epoch, BEIJING).date().isoformat()


def _plain_date(value: object) -> str | None:
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def _title(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(_ZERO_WIDTH.sub("", value).split())
    if not text:
        return None
    return text if len(text) <= TITLE_LIMIT else text[: TITLE_LIMIT - 1].rstrip() + "…"


def _significant(value: float) -> float:
    """Three significant digits: 0.72 per week, and a tiny cadence never rounds to zero."""
    return float(f"{value:.3g}")


def _whole(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


def _sum3(a: int | None, b: int | None, c: int | None) -> int | None:
    return None if a is None or b is None or c is None else a + b + c


def _rate(numerator: int | None, denominator: int | None) -> float | None:
    """A ratio rounded to 4 places, or nothing when it is undefined (zero or missing plays)."""
    if numerator is None or not denominator:
        return None
    return round(numerator / denominator, 4)


def _parse_record_time(value: str | None) -> datetime | None:
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        epoch = _epoch(text)
        return datetime.fromtimestamp(epoch, UTC) if epoch else None
    try:
        parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=BEIJING)


def compact_json(summary: ShowcaseSummary) -> dict[str, Any]:
    """The structured content: JSON-ready, with no nulls and no empty lists or strings."""
    return _prune(summary.model_dump(mode="json", exclude_none=True))


def _prune(value: object) -> Any:
    obj = as_object(value)
    if obj is not None:
        pruned = {k: _prune(v) for k, v in obj.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    items = as_list(value)
    if items is not None:
        return [_prune(v) for v in items]
    return value
