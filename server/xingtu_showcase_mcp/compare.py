"""Comparing creators: which ids to fetch, and one ranked row of headline figures per creator.

The comparison's rules live here, apart from the MCP wiring: ids that cannot be
Xingtu author ids become failed rows instead of failing the whole call, a
creator named twice is fetched once, a creator that could not be fetched keeps
its place with its explanation, and a comparison with no creator left is a
failure with every reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Final

from . import messages
from .contract import AuthorIdError, FlowType, Platform, ShowcaseQuery, parse_author_id
from .glossary import BEHIND_FLAGS, COMPARISON_TOPICS, NOT_SENT, SMALL_SAMPLE
from .language import DEFAULT_LANGUAGE, Language
from .marketing.quotes import QuotesAnswer, basis_of, cost_per_mille, shortest_quote
from .models import Comparison, CreatorRow, FailedCreator, ShowcaseSummary

MIN_COMPARED: Final = 2
MAX_COMPARED: Final = 20
FAILED_ID_PREVIEW: Final = 40


@dataclass(slots=True)
class Plan:
    """What a comparison will fetch, and what it refused before spending any quota."""

    queries: list[ShowcaseQuery] = field(default_factory=list[ShowcaseQuery])
    failed: list[FailedCreator] = field(default_factory=list[FailedCreator])
    notes: list[str] = field(default_factory=list[str])


def plan(
    raw_ids: Sequence[str],
    platform: Platform,
    only_assign: bool,
    flow_type: FlowType,
    language: Language = DEFAULT_LANGUAGE,
) -> Plan:
    """Read each id; refuse the unreadable ones, fetch each creator once."""
    result = Plan()
    seen: set[str] = set()
    for raw in raw_ids:
        try:
            author = parse_author_id(raw)
        except AuthorIdError as exc:
            shown = " ".join(raw.split())[:FAILED_ID_PREVIEW]
            result.failed.append(
                FailedCreator(author_id=shown, error=exc.said(language), advice=messages.CORRECT_THE_ID(language))
            )
            continue
        if author not in seen:
            seen.add(author)
            result.queries.append(ShowcaseQuery(author, platform, only_assign, flow_type))
    merged = len(raw_ids) - len(result.failed) - len(result.queries)
    if merged:
        result.notes.append(messages.REPEATED_CREATORS(language, n=merged))
    return result


def compare(
    summaries: list[ShowcaseSummary],
    failed: list[FailedCreator],
    *,
    platform: Platform,
    only_assign: bool,
    flow_type: FlowType,
    notes: list[str] | None = None,
    language: Language = DEFAULT_LANGUAGE,
    quotes: Mapping[str, QuotesAnswer] | None = None,
    now: datetime | None = None,
) -> Comparison:
    """Rank the creators that were fetched, keep the ones that were not with their explanation; `quotes` are
    the quotes this server already holds, by author id (never fetched for a comparison)."""
    ranked = sorted(summaries, key=_rank_key)
    all_notes = list(notes or [])
    days = sorted({s.as_of for s in ranked})
    if len(days) > 1:
        all_notes.append(messages.NOTE_DIFFERENT_DAYS(language, first=days[0], last=days[-1]))
    small = [s.author_id for s in ranked if s.personal.stats.used < SMALL_SAMPLE]
    if small:
        all_notes.append(messages.SMALL_SAMPLES(language, k=SMALL_SAMPLE, ids=", ".join(small)))
    return Comparison(
        demo=True if any(s.demo for s in summaries) else None,
        platform=platform,
        only_assign=only_assign,
        flow_type=flow_type,
        ranked_by=messages.RANKED_BY(language),
        rows=[
            creator_row(rank, summary, language, (quotes or {}).get(summary.author_id), now)
            for rank, summary in enumerate(ranked, start=1)
        ],
        failed=failed,
        changes={s.author_id: s.changes for s in ranked if s.changes is not None} or None,
        notes=all_notes,
        definitions=messages.json_comparison_definitions(language),
    )


def nobody_compared(comparison: Comparison, language: Language = DEFAULT_LANGUAGE) -> str | None:
    """When no creator could be compared, every reason in one explanation; else None."""
    if comparison.rows or not comparison.failed:
        return None
    reasons = "\n".join(
        messages.FAILED_CREATOR(language, author=f.author_id, error=f.error, advice=f.advice) for f in comparison.failed
    )
    return messages.NOBODY_COMPARED(language, n=len(comparison.failed), reasons=reasons)


def _rank_key(summary: ShowcaseSummary) -> tuple[bool, bool, float]:
    """Creators flagged stale or mostly excluded last, then by personal median plays, highest first."""
    behind = bool(BEHIND_FLAGS.intersection(summary.quality.flags or ()))
    median = summary.personal.stats.plays_median
    return (behind, median is None, -float(median or 0))


def creator_row(
    rank: int,
    summary: ShowcaseSummary,
    language: Language = DEFAULT_LANGUAGE,
    quotes: QuotesAnswer | None = None,
    now: datetime | None = None,
) -> CreatorRow:
    p = summary.personal.stats
    shortest = shortest_quote(quotes) if quotes else None
    basis = basis_of(summary, now or datetime.now(UTC)) if shortest else None
    price = shortest.price if shortest else None
    c = summary.commissioned
    unsent = c.status in NOT_SENT  # unknown, not none
    ours = summary.brand_evidence.ours
    x = summary.xingtu
    interaction = x.interaction_rate if x else None
    completion = x.completion_rate if x else None
    excluded = sum((summary.quality.excluded or {}).values())
    problems = [messages.QUALITY_EXCLUDED(language, n=excluded)] if excluded else []
    problems += [
        messages.QUALITY_MISSING(language, name=messages.SECTION_SHORT[name](language))
        for name in summary.quality.missing or ()
        if name in messages.SECTION_SHORT
    ]
    problems += [messages.QUALITY_FLAGS[flag](language) for flag in summary.quality.flags or ()]
    return CreatorRow(
        rank=rank,
        author_id=summary.author_id,
        works=p.count,
        plays_median=p.plays_median,
        skew=p.skew,
        engagement=p.engagement,
        hot_share=p.hot_share,
        per_week=p.per_week,
        newest_days=p.days_since_newest,
        topics=" ".join(list(p.topics)[:COMPARISON_TOPICS]) if p.topics else None,
        commissioned=None if unsent else c.stats.count,
        c_plays_x=ours.plays_median_x if ours else None,
        c_eng_x=ours.engagement_x if ours else None,
        c_newest_days=c.stats.days_since_newest,
        brand_signals=None if unsent else len(summary.brand_signals) + (summary.brand_signals_not_listed or 0),
        x_interaction=_float(interaction.daily if interaction else None),
        x_interaction_task=_float(interaction.task if interaction else None),
        x_completion=_float(completion.daily if completion else None),
        x_completion_task=_float(completion.task if completion else None),
        quote_1_20=price,
        cpm_1_20=cost_per_mille(price, basis.median_plays) if price is not None and basis else None,
        quality=messages.COMMA(language).join(problems) or messages.QUALITY_OK(language),
        flags=",".join(summary.quality.flags or ()) or None,
        as_of=summary.as_of,
    )


def _float(value: int | float | None) -> float | None:
    return None if value is None else float(value)
