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
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any, Final, NamedTuple

from pydantic import BaseModel, Field

from .contract import FlowType, Platform, ShowcaseQuery
from .envelope import as_list, as_object

BEIJING: Final = timezone(timedelta(hours=8), "Asia/Shanghai")
VIDEO_URL: Final = "https://www.douyin.com/video/{id}"
TITLE_LIMIT: Final = 8
"""Characters kept of a title, after its #hashtags are taken out (they are counted as topics). Douyin
titles run to hundreds of characters; the first clause names the work, and with the id and date beside
it 8 CJK characters (about 7 tokens) make a work recognisable in a table. Every character more costs
the 16-work answer about 32 tokens over its two channels."""
LISTED_TOTAL: Final = 16
"""Works listed over both sections. Xingtu usually sends 15 personal works and a commissioned one or
a few; a payload of thousands must still fit an assistant's context, so statistics cover every work
and the listing stops at 16, the size of the real example (about 1,000 tokens of text)."""
COMMISSIONED_MIN: Final = 5
"""Commissioned works keep at least this many of the listed places when they exist: brand deals are
what a campaign planner looks for, and a long personal list must not crowd them out."""
SMALL_SAMPLE: Final = 6
"""Below this many works, statistics get a plain caution: one viral post moves a median of five."""
OLD_AFTER_DAYS: Final = 365
SHORT_SECONDS: Final = 60
TOPICS: Final = 5
WORK_COLUMNS: Final = ("id", "date", "title", "plays", "likes", "comments", "shares", "len_s", "hot")
DEFINITIONS: Final = (
    "rows follow work_columns, null = not sent, dates YYYYMMDD; engagement = (likes+comments+shares)/plays; "
    "rates are fractions; dates Beijing time; page: " + VIDEO_URL + "; only `xingtu` is Xingtu's own, "
    "the rest is computed here"
)

_ZERO_WIDTH = re.compile("[\u200b-\u200d\u2060\ufeff]")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_HASHTAG = re.compile(r"#([^\s#@]+)")


# ---------------------------------------------------------------- result models


class WorkRow(NamedTuple):
    """One work, as a row under `work_columns`: a table costs no repeated keys."""

    id: str
    date: str | None
    title: str | None
    plays: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    len_s: int | None
    hot: int


class SectionStats(BaseModel):
    """Statistics over every work of a section (not only the listed ones). Absent = no data for it."""

    count: int
    first_date: str | None = Field(None, description="Oldest work's date")
    last_date: str | None = Field(None, description="Newest work's date")
    days_since_newest: int | None = Field(None, description="Days from the newest work to as_of")
    per_week: float | None = Field(None, description="Works per week between the oldest and the newest")
    plays_min: int | None = None
    plays_median: int | float | None = None
    plays_max: int | None = None
    plays_mean: int | None = None
    skew: float | None = Field(None, description="plays_max / plays_median: how much one hit dominates")
    engagement: float | None = Field(None, description="Sum of likes+comments+shares over sum of plays")
    engagement_median: float | None = Field(None, description="Median of the per-work engagement rates")
    hot: int = Field(0, description="Works Xingtu flags as hot")
    hit_rate: float | None = Field(None, description="hot / count")
    len_median_s: int | float | None = Field(None, description="Median length in seconds")
    under_60s: int | None = Field(None, description="Works shorter than 60 seconds")
    topics: dict[str, int] | None = Field(None, description="Most frequent #hashtags in titles, with counts")


class Section(BaseModel):
    stats: SectionStats
    works: list[WorkRow] = Field(default_factory=list[WorkRow], description="Rows under work_columns, newest first")
    not_listed: int | None = Field(None, description="Works counted in stats but left out of `works`")


class CommissionedVsPersonal(BaseModel):
    """How brand deals perform against the creator's own works, with the sample behind it."""

    plays_median_ratio: float | None = Field(None, description="Commissioned median plays / personal")
    engagement_ratio: float | None = Field(None, description="Commissioned engagement / personal")
    commissioned_count: int
    newest_days_ago: int | None = Field(None, description="Age of the newest commissioned work, in days")


Pair = tuple[float | None, float | None]


class XingtuFigure(BaseModel):
    """One of Xingtu's figures as [personal, commissioned]; null where Xingtu sent none."""

    rate: Pair = Field(description="Xingtu's value: a fraction for rates, a count for median plays")
    compare_author: Pair | None = Field(
        None, description="Xingtu's standing against comparable creators, as reported (undocumented; 0..1)"
    )


class XingtuBenchmarks(BaseModel):
    """Xingtu's own figures from `data_description`, passed on as reported, not computed here."""

    interaction_rate: XingtuFigure | None = None
    median_plays: XingtuFigure | None = None
    completion_rate: XingtuFigure | None = None


class ShowcaseSummary(BaseModel):
    """A condensed Xingtu showcase of one creator, with derived statistics."""

    demo: bool | None = Field(None, description="True when the data is the built-in synthetic demo, not Xingtu's")
    author_id: str
    platform: Platform
    only_assign: bool
    flow_type: FlowType
    as_of: str = Field(description="Reference date for ages: Just One API's recordTime, or the fetch time")
    fetched_at: str | None = Field(None, description="When this server got the data from Just One API (UTC)")
    from_cache: bool | None = Field(None, description="True when the answer was reused, not fetched for this call")
    work_columns: list[str] = Field(default_factory=lambda: list(WORK_COLUMNS))
    personal: Section = Field(description="The creator's own (organic) works, from latest_item_info")
    commissioned: Section = Field(description="Works commissioned through Xingtu, from latest_star_item_info")
    commissioned_vs_personal: CommissionedVsPersonal | None = None
    xingtu: XingtuBenchmarks | None = None
    notes: list[str] = Field(default_factory=list[str], description="Caveats: small samples, skipped entries")
    definitions: str = DEFINITIONS


# ---------------------------------------------------------------- summarising


@dataclass(frozen=True, slots=True)
class _Work:
    """A work as parsed, before it becomes a row: keeps its time and hashtags for the statistics."""

    row: WorkRow
    when: float | None
    tags: tuple[str, ...]


@dataclass(slots=True)
class _Parsed:
    works: list[_Work] = field(default_factory=list[_Work])
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
    fetched_at: datetime | None = None,
    from_cache: bool = False,
    demo: bool = False,
) -> ShowcaseSummary:
    """Condense Xingtu's `data` object; never raises on its shape.

    Ages count to `record_time` when Just One API sends one, else to `fetched_at`, else to `now`.
    """
    reference = _parse_record_time(record_time) or fetched_at or now or datetime.now(UTC)
    personal = _parse_list(data.get("latest_item_info"))
    commissioned = _parse_list(data.get("latest_star_item_info"), exclude={w.row.id for w in personal.works})
    personal_room, commissioned_room = _listing_room(len(personal.works), len(commissioned.works))
    personal_section = _section(personal, personal_room, reference)
    commissioned_section = _section(commissioned, commissioned_room, reference)

    notes: list[str] = []
    for label, key, parsed, room in (
        ("personal", "latest_item_info", personal, personal_room),
        ("commissioned", "latest_star_item_info", commissioned, commissioned_room),
    ):
        notes.extend(_section_notes(label, key, parsed, room))
    notes.extend(_age_notes(commissioned_section.stats))
    xingtu = _benchmarks(data.get("data_description"))
    if xingtu is None:
        notes.append("Xingtu sent no benchmark figures (data_description).")

    return ShowcaseSummary(
        demo=True if demo else None,
        author_id=query.author_id,
        platform=query.platform,
        only_assign=query.only_assign,
        flow_type=query.flow_type,
        as_of=reference.astimezone(BEIJING).date().isoformat(),
        fetched_at=fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") if fetched_at else None,
        from_cache=True if from_cache else None,
        personal=personal_section,
        commissioned=commissioned_section,
        commissioned_vs_personal=_versus(commissioned_section.stats, personal_section.stats),
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
        work = _parse_work(entry)
        if work is None:
            parsed.skipped += 1
            continue
        if work.row.id in seen:
            parsed.duplicates += 1
            continue
        seen.add(work.row.id)
        parsed.works.append(work)
        r = work.row
        parsed.partial += None in (r.plays, r.likes, r.comments, r.shares)
    # Newest first; works without a time keep their order at the end.
    parsed.works.sort(key=lambda w: -(w.when if w.when is not None else -math.inf))
    return parsed


def _parse_work(raw: object) -> _Work | None:
    """One entry of an item list, or None when it has no usable item id."""
    item = as_object(raw)
    if item is None:
        return None
    work_id = _id(item.get("item_id"))
    if work_id is None:
        return None
    when = _epoch(item.get("create_time"))
    if when is None:
        when = _epoch(item.get("create_timestamp"))
    plays, likes, comments, shares = (_count(item.get(k)) for k in ("play", "like", "comment", "share"))
    raw_title = _text(item.get("title")) or _text(item.get("item_title"))
    hot = item.get("is_hot") is True or item.get("is_hot") in (1, "1", "true")
    row = WorkRow(
        id=work_id,
        date=_compact_date(_beijing_date(when) if when is not None else _plain_date(item.get("item_date"))),
        title=_short_title(raw_title),
        plays=plays,
        likes=likes,
        comments=comments,
        shares=shares,
        len_s=_count(item.get("duration")) or None,
        hot=1 if hot else 0,
    )
    return _Work(row, when, tuple(_HASHTAG.findall(raw_title)))


def _listing_room(personal: int, commissioned: int) -> tuple[int, int]:
    """How many works of each section to list, LISTED_TOTAL in all."""
    commissioned_room = min(commissioned, max(COMMISSIONED_MIN, LISTED_TOTAL - personal))
    return min(personal, LISTED_TOTAL - commissioned_room), commissioned_room


def _section(parsed: _Parsed, room: int, reference: datetime) -> Section:
    rows = [w.row for w in parsed.works]
    listed = rows[:room]
    return Section(stats=_stats(parsed, reference), works=listed, not_listed=(len(rows) - len(listed)) or None)


def _stats(parsed: _Parsed, reference: datetime) -> SectionStats:
    rows = [w.row for w in parsed.works]
    plays = [r.plays for r in rows if r.plays is not None]
    pairs = [
        (r.plays, e) for r in rows if r.plays is not None and (e := _sum3(r.likes, r.comments, r.shares)) is not None
    ]
    rates = [rate for p, e in pairs if (rate := _rate(e, p)) is not None]
    lengths = [r.len_s for r in rows if r.len_s is not None]
    dates = sorted(f"{d[:4]}-{d[4:6]}-{d[6:]}" for d in (r.date for r in rows) if d is not None)
    times = sorted(w.when for w in parsed.works if w.when is not None)
    span_weeks = (times[-1] - times[0]) / (7 * 86400) if len(times) >= 2 else 0.0
    median = _whole(statistics.median(plays)) if plays else None
    hot = sum(r.hot for r in rows)
    spread = len(plays) >= 2  # one work has no spread: its row already says everything
    return SectionStats(
        count=len(rows),
        first_date=dates[0] if dates else None,
        last_date=dates[-1] if dates else None,
        days_since_newest=max(0, (reference - datetime.fromtimestamp(times[-1], UTC)).days) if times else None,
        per_week=_significant(len(times) / span_weeks) if span_weeks > 0 else None,
        plays_min=min(plays) if spread else None,
        plays_median=median,
        plays_max=max(plays) if spread else None,
        plays_mean=round(statistics.fmean(plays)) if spread else None,
        skew=_significant(max(plays) / median) if spread and median else None,
        engagement=_rate(sum(e for _, e in pairs), sum(p for p, _ in pairs)) if pairs else None,
        engagement_median=round(statistics.median(rates), 4) if len(rates) >= 2 else None,
        hot=hot,
        hit_rate=round(hot / len(rows), 4) if rows else None,
        len_median_s=_whole(statistics.median(lengths)) if lengths else None,
        under_60s=sum(1 for n in lengths if n < SHORT_SECONDS) if lengths else None,
        topics=_topics(parsed.works),
    )


def _topics(works: list[_Work]) -> dict[str, int] | None:
    """The most frequent hashtags; those used twice or more, or the first few when none repeat."""
    counts = Counter(tag for w in works for tag in dict.fromkeys(w.tags))
    ranked = counts.most_common()  # ties keep first-seen order
    repeated = [(t, n) for t, n in ranked if n >= 2]
    chosen = (repeated or ranked)[: TOPICS if repeated else 3]
    return {f"#{t}": n for t, n in chosen} or None


def _versus(commissioned: SectionStats, personal: SectionStats) -> CommissionedVsPersonal | None:
    if commissioned.count == 0 or personal.count == 0:
        return None
    return CommissionedVsPersonal(
        plays_median_ratio=_ratio(commissioned.plays_median, personal.plays_median),
        engagement_ratio=_ratio(commissioned.engagement, personal.engagement),
        commissioned_count=commissioned.count,
        newest_days_ago=commissioned.days_since_newest,
    )


def _section_notes(label: str, key: str, parsed: _Parsed, room: int) -> list[str]:
    notes: list[str] = []
    count = len(parsed.works)
    if parsed.missing and not parsed.skipped:
        notes.append(f"Xingtu sent no {key} list: no {label} works to show.")
    elif parsed.missing:
        notes.append(f"{key} was not a list and was ignored.")
    elif count == 0 and not parsed.skipped:
        notes.append(f"No {label} works in the showcase.")
    elif 0 < count < SMALL_SAMPLE:
        notes.append(f"Only {count} {label} work{'s' if count > 1 else ''}: too few for firm statistics.")
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
    if count > room:
        notes.append(f"Statistics cover all {count} {label} works; only the newest {room} are listed.")
    return notes


def _age_notes(commissioned: SectionStats) -> list[str]:
    age = commissioned.days_since_newest
    if age is None or age <= OLD_AFTER_DAYS:
        return []
    years = age // 365
    return [
        f"Commissioned works are all over {years} year{'s' if years > 1 else ''} old: no evidence of current "
        "brand-deal performance."
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
    found: dict[str, XingtuFigure] = {}
    for name, key in _BENCHMARK_KEYS:
        sides = [as_object(block.get(key)), as_object(block.get(key + "_enrollment"))]
        rates = [_whole_or_none(_number(side.get("rate"))) if side else None for side in sides]
        if rates == [None, None]:
            continue
        standings = [_number(side.get("compare_author")) if side else None for side in sides]
        found[name] = XingtuFigure(
            rate=(rates[0], rates[1]),
            compare_author=(standings[0], standings[1]) if standings != [None, None] else None,
        )
    return XingtuBenchmarks(**found) if found else None


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


def _compact_date(iso: str | None) -> str | None:
    """YYYY-MM-DD as ISO 8601's basic form YYYYMMDD: half the tokens in a table of works."""
    return iso.replace("-", "") if iso else None


def _plain_date(value: object) -> str | None:
    if isinstance(value, str) and _DATE.fullmatch(value.strip()):
        try:
            return date.fromisoformat(value.strip()).isoformat()
        except ValueError:
            return None
    return None


def _text(value: object) -> str:
    """A title with zero-width characters removed and whitespace collapsed; "" when absent."""
    return " ".join(_ZERO_WIDTH.sub("", value).split()) if isinstance(value, str) else ""


def _short_title(text: str) -> str | None:
    """The title without its hashtags (counted as topics), cut with an ellipsis at TITLE_LIMIT."""
    short = " ".join(_HASHTAG.sub(" ", text).split()) or text
    if not short:
        return None
    return short if len(short) <= TITLE_LIMIT else short[: TITLE_LIMIT - 1].rstrip() + "…"


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    return _significant(numerator / denominator) if numerator is not None and denominator else None


def _significant(value: float) -> float:
    """Three significant digits: 0.72 per week, and a tiny cadence never rounds to zero."""
    return float(f"{value:.3g}")


def _whole_or_none(value: float | None) -> float | None:
    return None if value is None else _whole(value)


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


def compact_json(model: BaseModel) -> dict[str, Any]:
    """Structured content: JSON-ready, with no null fields and no empty lists or strings.

    Nulls stay only inside table rows, where a position must be held for a value Xingtu did not send.
    """
    return _prune(model.model_dump(mode="json", exclude_none=True))


def _prune(value: object) -> Any:
    obj = as_object(value)
    if obj is not None:
        pruned = {k: _prune(v) for k, v in obj.items()}
        return {k: v for k, v in pruned.items() if v not in (None, "", [], {})}
    items = as_list(value)
    if items is not None:
        return [_prune(v) for v in items]
    return value
