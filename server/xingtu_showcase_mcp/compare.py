"""Comparing creators: one row of headline figures per creator, ranked by a stated key.

A pure function over summaries already made (and failures already explained),
so a shortlist of twenty creators reads as one small table. A creator that
could not be fetched keeps its place in the answer, with its explanation,
instead of failing the whole comparison.
"""

from __future__ import annotations

from typing import Final, NamedTuple

from pydantic import BaseModel, Field

from .contract import FlowType, Platform
from .summary import ShowcaseSummary

RANKED_BY: Final = "personal median plays, highest first"
CREATOR_COLUMNS: Final = (
    "rank",
    "author_id",
    "works",
    "plays_median",
    "skew",
    "engagement",
    "hit_rate",
    "per_week",
    "days_since_newest",
    "top_topic",
    "commissioned",
    "c_plays_ratio",
    "c_eng_ratio",
    "c_newest_days",
)
DEFINITIONS: Final = (
    "rows follow columns, null = no data; figures are over personal works except c_* (commissioned: count, "
    "median plays and engagement relative to personal, age of the newest in days); engagement = "
    "(likes+comments+shares)/plays; skew = max/median plays; hit_rate = hot/works; rates are fractions"
)


class CreatorRow(NamedTuple):
    """One creator's headline figures, under `columns`."""

    rank: int
    author_id: str
    works: int
    plays_median: int | float | None
    skew: float | None
    engagement: float | None
    hit_rate: float | None
    per_week: float | None
    days_since_newest: int | None
    top_topic: str | None
    commissioned: int
    c_plays_ratio: float | None
    c_eng_ratio: float | None
    c_newest_days: int | None


class FailedCreator(BaseModel):
    author_id: str = Field(description="The id as given when it could not be read as an author id")
    error: str = Field(description="What went wrong, in plain language")
    advice: str = Field(description="What to do about it")


class Comparison(BaseModel):
    """Creators side by side: one row each, ranked; failures listed with their explanation."""

    demo: bool | None = Field(None, description="True when the data is the built-in synthetic demo, not Xingtu's")
    platform: Platform
    only_assign: bool
    flow_type: FlowType
    ranked_by: str = RANKED_BY
    columns: list[str] = Field(default_factory=lambda: list(CREATOR_COLUMNS))
    rows: list[CreatorRow] = Field(default_factory=list[CreatorRow])
    failed: list[FailedCreator] = Field(default_factory=list[FailedCreator])
    notes: list[str] = Field(default_factory=list[str])
    definitions: str = DEFINITIONS


def compare(
    summaries: list[ShowcaseSummary],
    failed: list[FailedCreator],
    *,
    platform: Platform,
    only_assign: bool,
    flow_type: FlowType,
    notes: list[str] | None = None,
) -> Comparison:
    """Rank the creators that were fetched, keep the ones that were not with their explanation."""
    ranked = sorted(summaries, key=_rank_key)
    rows = [_row(rank, summary) for rank, summary in enumerate(ranked, start=1)]
    all_notes = list(notes or [])
    small = [s.author_id for s in ranked if s.personal.stats.count < 6]
    if small:
        all_notes.append(f"Fewer than 6 personal works, figures indicative only: {', '.join(small)}.")
    return Comparison(
        demo=True if any(s.demo for s in summaries) else None,
        platform=platform,
        only_assign=only_assign,
        flow_type=flow_type,
        rows=rows,
        failed=failed,
        notes=all_notes,
    )


def _rank_key(summary: ShowcaseSummary) -> tuple[int, float]:
    median = summary.personal.stats.plays_median
    return (0, -float(median)) if median is not None else (1, 0.0)


def _row(rank: int, summary: ShowcaseSummary) -> CreatorRow:
    p = summary.personal.stats
    c = summary.commissioned.stats
    versus = summary.commissioned_vs_personal
    return CreatorRow(
        rank=rank,
        author_id=summary.author_id,
        works=p.count,
        plays_median=p.plays_median,
        skew=p.skew,
        engagement=p.engagement,
        hit_rate=p.hit_rate,
        per_week=p.per_week,
        days_since_newest=p.days_since_newest,
        top_topic=next(iter(p.topics)) if p.topics else None,
        commissioned=c.count,
        c_plays_ratio=versus.plays_median_ratio if versus else None,
        c_eng_ratio=versus.engagement_ratio if versus else None,
        c_newest_days=c.days_since_newest,
    )
