"""Statistics over parsed works: section figures, topics, brand signals and brand-deal ratios.

Pure functions of `parsing`'s output and a reference day. Plays and engagement
figures cover exactly the works that pass the plausibility rule, so numerator
and denominator always describe the same works; Xingtu's flag, lengths, dates
and tags cover every work. Thresholds and formulas come from `glossary`; where a
figure cannot be given, the reason is returned as a `Said`, put into words later.
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from .. import messages
from ..glossary import (
    BRAND_SIGNALS,
    GROUP_MIN_CHARS,
    JSON_WORKS,
    RATE_PLACES,
    RATIO_MAX_AGE_DAYS,
    RATIO_MIN_WORKS,
    SHORT_SECONDS,
    TOPICS,
    TOPICS_WITH_SINGLETONS,
    XINGTU_FIGURES,
)
from ..language import Said
from ..models import OurRatios, SectionStats, SignalRow, XingtuFigure, XingtuFigures
from .parsing import SectionData, Work, XingtuPair

WEEK_SECONDS = 7 * 86_400


def section_stats(section: SectionData, as_of: date, with_topics: bool = True) -> SectionStats:
    """Figures of one section; the commissioned one has no topics: its tags are the brand evidence.

    `count` is every work as sent; everything else leaves out future-dated works.
    """
    works = section.timely
    counted = section.counted
    plays = [w.plays for w in counted if w.plays is not None]
    days = sorted(w.day for w in works if w.day is not None)
    times = sorted(w.when for w in works if w.when is not None)
    lengths = [w.length_s for w in works if w.length_s is not None]
    median = median_plays(counted)
    spread = len(plays) >= 2  # one work has no spread: its row already says everything
    eng = engagement(counted)
    hot = sum(1 for w in works if w.hot)
    return SectionStats(
        count=len(section.works),
        counted=len(counted) if len(counted) != len(section.works) else None,
        first_date=days[0].isoformat() if days else None,
        last_date=days[-1].isoformat() if days else None,
        days_since_newest=max(0, (as_of - days[-1]).days) if days else None,
        per_week=cadence(times),
        plays_min=min(plays) if spread else None,
        plays_median=half_up(median) if median is not None else None,
        plays_max=max(plays) if spread else None,
        skew=significant(max(plays) / median) if spread and median else None,
        engagement=rate(eng) if eng is not None else None,
        engagement_median=(
            rate(statistics.median(w.interactions / (w.plays or 1) for w in counted)) if spread else None
        ),
        hot=hot,
        hot_share=rate(hot / len(works)) if works else None,
        len_median_s=half_up(statistics.median(lengths)) if lengths else None,
        under_60s=sum(1 for n in lengths if n < SHORT_SECONDS) if lengths else None,
        topics=topics(works) if with_topics else None,
    )


def median_plays(counted: Sequence[Work]) -> float | None:
    """Median plays of the counted works, unrounded: ratios are taken from this, then rounded once."""
    plays = [w.plays for w in counted if w.plays is not None]
    return statistics.median(plays) if plays else None


def engagement(counted: Sequence[Work]) -> float | None:
    """(likes+comments+shares)/plays summed over the counted works, unrounded."""
    total = sum(w.plays or 0 for w in counted)
    return sum(w.interactions for w in counted) / total if total else None


def half_up(value: float) -> int:
    """Rounded half up to a whole number (a median of 1 and 2 plays is 2); `round` rounds half to even."""
    return int(_half_up(value, 0))


def rate(value: float) -> float:
    """A rate rounded half up to RATE_PLACES decimals, once, from its unrounded value."""
    return float(_half_up(value, RATE_PLACES))


def _half_up(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def cadence(times: Sequence[float]) -> float | None:
    """Works per week: n works span n-1 intervals, so (n-1)/span (two works a week apart: 1/week)."""
    if len(times) < 2 or times[-1] <= times[0]:
        return None
    return significant((len(times) - 1) / ((times[-1] - times[0]) / WEEK_SECONDS))


def topics(works: Iterable[Work]) -> dict[str, int] | None:
    """Hashtags by the number of works carrying them, most used first (ties: newest first).

    Up to TOPICS repeated tags; tags used once only fill up to TOPICS_WITH_SINGLETONS.
    """
    counts = Counter(tag for w in works for tag in w.tags)
    ranked = counts.most_common()
    repeated = [(tag, n) for tag, n in ranked if n >= 2][:TOPICS]
    singles = [(tag, n) for tag, n in ranked if n == 1][: max(0, TOPICS_WITH_SINGLETONS - len(repeated))]
    return {f"#{tag}": n for tag, n in repeated + singles} or None


def brand_signals(personal: Sequence[Work] | None, commissioned: Sequence[Work]) -> tuple[list[SignalRow], int]:
    """Every #tag and @mention of the commissioned works: the creator's brand-deal record, as evidence rows.

    Nothing is dropped for also appearing in personal works: a brand the creator tags in its own videos
    and in a deal is the strongest sign of a tie (an exclusivity conflict for its competitors). Names are
    compared case-folded and without their marker; a name joins the shortest other name it contains
    (`#中国皮卡就看长城炮` joins `#长城炮`), and only that: two products of one kind (`#戴森吹风机`,
    `#徕芬吹风机`) stay apart. Rows seen in both lists come first, then the newest; at most BRAND_SIGNALS.
    `personal` None means the personal list was not sent: `in_personal` is then unknown. Also returns how
    many rows were left out.
    """
    names: dict[str, str] = {}  # case-folded name → the first spelling seen, marker included
    carriers: dict[str, list[Work]] = {}
    for work in commissioned:
        for signal in signals_of(work):
            key = signal[1:].casefold()
            names.setdefault(key, signal)
            carriers.setdefault(key, []).append(work)
    heads = {key: _head(key, names) for key in names}
    rows: list[SignalRow] = []
    for head in dict.fromkeys(heads.values()):
        members = [key for key, h in heads.items() if h == head]
        works = list({id(w): w for key in members for w in carriers[key]}.values())
        days = [w.day for w in works if w.day is not None]
        shared = None if personal is None else sum(1 for w in personal if _carries(w, head))
        variants = [names[key] for key in members if key != head]
        rows.append(
            SignalRow(
                signal=names[head],
                works=len(works),
                newest=max(days).isoformat() if days else None,
                in_personal=shared,
                variants=variants or None,
            )
        )
    rows.sort(key=lambda r: (not r.in_personal, -date.fromisoformat(r.newest).toordinal() if r.newest else 0))
    return rows[:BRAND_SIGNALS], max(0, len(rows) - BRAND_SIGNALS)


def _head(key: str, names: dict[str, str]) -> str:
    """The shortest other name `key` contains (ties: the first seen), or `key` itself."""
    inside = [other for other in names if other != key and len(other) >= GROUP_MIN_CHARS and other in key]
    return min(inside, key=len) if inside else key


def _carries(work: Work, head: str) -> bool:
    return any(head in signal[1:].casefold() for signal in signals_of(work))


def signals_of(work: Work) -> list[str]:
    """A work's #tags and @mentions, markers included."""
    return [f"#{t}" for t in work.tags] + [f"@{m}" for m in work.mentions]


def our_ratios(
    personal: SectionStats,
    commissioned: SectionStats,
    commissioned_status: str,
    counted: tuple[Sequence[Work], Sequence[Work]],
) -> tuple[OurRatios | None, list[Said]]:
    """Commissioned over personal, only when the sample means something; else why not.

    `counted` holds the (personal, commissioned) works that enter statistics: the ratios are taken from their
    unrounded medians and engagement and rounded once.
    """
    reasons: list[Said] = []
    if commissioned_status != "ok" or commissioned.count == 0:
        missing = commissioned_status == "missing"
        reasons.append(Said(messages.NO_COMMISSIONED_LIST if missing else messages.NO_COMMISSIONED_WORKS))
    else:
        if commissioned.used < RATIO_MIN_WORKS:
            few = messages.FEW_COMMISSIONED if commissioned.used else messages.NONE_COMMISSIONED
            reasons.append(Said(few, {"n": commissioned.used}))
        age = commissioned.days_since_newest
        if age is None:
            reasons.append(Said(messages.NEWEST_COMMISSIONED_UNDATED))
        elif age > RATIO_MAX_AGE_DAYS:
            reasons.append(Said(messages.NEWEST_COMMISSIONED_AGE, {"days": age}))
    if personal.used < RATIO_MIN_WORKS:
        reasons.append(Said(messages.FEW_PERSONAL if personal.used else messages.NONE_PERSONAL, {"n": personal.used}))
    if reasons or commissioned.days_since_newest is None:
        return None, reasons
    return (
        OurRatios(
            plays_median_x=_ratio(median_plays(counted[1]), median_plays(counted[0])),
            engagement_x=_ratio(engagement(counted[1]), engagement(counted[0])),
            commissioned_works=commissioned.used,
            personal_works=personal.used,
            newest_commissioned_days=commissioned.days_since_newest,
        ),
        [],
    )


def xingtu_figures(pairs: dict[str, XingtuPair]) -> XingtuFigures | None:
    if not pairs:
        return None
    found: dict[str, XingtuFigure] = {}
    for name, pair in pairs.items():
        standing = (_rate(pair.daily_standing), _rate(pair.task_standing))
        found[name] = XingtuFigure(
            daily=_whole_if_count(name, pair.daily),
            task=_whole_if_count(name, pair.task),
            standing=standing if standing != (None, None) else None,
        )
    return XingtuFigures.model_validate(found)


def xingtu_task_vs_daily(pairs: dict[str, XingtuPair]) -> dict[str, float] | None:
    """Xingtu's task figure over its daily figure, per metric, in glossary order."""
    ratios = {
        name: ratio
        for name, *_ in XINGTU_FIGURES
        if name in pairs and (ratio := _ratio(pairs[name].task, pairs[name].daily)) is not None
    }
    return ratios or None


def carried(section: SectionData) -> tuple[list[Work], tuple[int, int] | None]:
    """The works the structured content carries: all, or the newest JSON_WORKS and (kept, of total)."""
    works = section.works
    if len(works) <= JSON_WORKS:
        return works, None
    return works[:JSON_WORKS], (JSON_WORKS, len(works))


def significant(value: float) -> float:
    """Three significant digits: 0.72 per week, and a tiny cadence never rounds to zero."""
    return float(f"{value:.3g}")


def _ratio(numerator: float | None, denominator: float | None) -> float | None:
    return significant(numerator / denominator) if numerator is not None and denominator else None


def _rate(value: float | None) -> float | None:
    return None if value is None else rate(value)


def _whole_if_count(name: str, value: float | None) -> int | float | None:
    is_rate = next(flag for key, _, flag in XINGTU_FIGURES if key == name)
    if value is None:
        return None
    return rate(value) if is_rate else half_up(value)
