"""The answers' shapes: what `get_showcase_items` and `compare_creators` return as structured content.

Tables are rows under a header taken from the row type itself
(`WORK_COLUMNS = WorkRow._fields`), so the JSON, the text renderer and the view
read one definition. Field descriptions become the tools' output schemas.
"""

from __future__ import annotations

from typing import Any, Final, NamedTuple

from pydantic import BaseModel, Field, PrivateAttr

from .contract import FlowType, Platform
from .glossary import ENGAGEMENT, JSON_WORKS, MOSTLY_EXCLUDED_BELOW, STALE_AFTER_DAYS, QualityFlag
from .messages import (
    CADENCE,
    EXCLUSIONS,
    HOT_SHARE,
    SKEW,
    STANDING,
    XINGTU_SCOPE,
    json_comparison_definitions,
)
from .values import as_list, as_object


class WorkRow(NamedTuple):
    """One work, as a row under `work_columns`: a table costs no repeated keys."""

    date: str | None
    plays: int | None
    likes: int | None
    comments: int | None
    shares: int | None
    flag: str | None
    """"hot", "excluded: <reason>", both, or null."""
    title: str | None
    """As shown: without #tags and @mentions, cut at TITLE_CHARS, then up to MENTIONS_SHOWN mentions and +n."""
    id: str


class SignalRow(NamedTuple):
    """One piece of brand evidence, under `brand_signal_columns`: a #tag or @mention of commissioned works."""

    signal: str
    """As the creator wrote it, marker included (creator text, not a confirmed sponsor)."""
    works: int
    """Commissioned works carrying it (or one of its variants)."""
    newest: str | None
    """The newest such work's date."""
    in_personal: int | None
    """Personal works also carrying it; null when the personal list was not sent."""
    variants: list[str] | None
    """Longer names grouped under it because they contain it."""


class CreatorRow(NamedTuple):
    """One creator's headline figures in a comparison, under `columns`."""

    rank: int
    author_id: str
    works: int
    plays_median: int | None
    skew: float | None
    engagement: float | None
    hot_share: float | None
    per_week: float | None
    newest_days: int | None
    topics: str | None
    commissioned: int | None
    """null when Xingtu sent no commissioned list, 0 when it sent an empty one."""
    c_plays_x: float | None
    c_eng_x: float | None
    c_newest_days: int | None
    brand_signals: int | None
    """Brand evidence rows; null when Xingtu sent no commissioned list (unknown, not none)."""
    x_interaction: float | None
    x_interaction_task: float | None
    x_completion: float | None
    x_completion_task: float | None
    quote_1_20: int | None
    """Xingtu's orderable 1-20 s quote in yuan, when this server holds the creator's quotes; else null."""
    cpm_1_20: float | None
    """Ours: quote_1_20 / the median plays behind the quotes' CPM × 1,000 (see get_marketing_info)."""
    quality: str
    flags: str | None
    """The creator's quality flags (codes, comma-separated): stale, future_dated, mostly_excluded."""
    as_of: str
    """The collection day of this row's figures (rows may differ)."""


WORK_COLUMNS: Final = WorkRow._fields
SIGNAL_COLUMNS: Final = SignalRow._fields
CREATOR_COLUMNS: Final = CreatorRow._fields
RATE_COLUMNS: Final = (
    "engagement",
    "hot_share",
    "x_interaction",
    "x_interaction_task",
    "x_completion",
    "x_completion_task",
)
"""Comparison columns that hold fractions (shown as percentages)."""


class SectionStats(BaseModel):
    """Statistics over the works of a section that pass the plausibility rule (not only the listed ones)."""

    count: int = Field(description="Works in the section as sent (excluded ones included)")
    counted: int | None = Field(
        None, description="Works that pass the plausibility rule and enter plays and engagement figures (absent: all)"
    )
    first_date: str | None = Field(None, description="Oldest work's date")
    last_date: str | None = Field(None, description="Newest work's date")
    days_since_newest: int | None = Field(None, description="Beijing calendar days from the newest work to as_of")
    per_week: float | None = Field(None, description=f"Cadence: {CADENCE.en}")
    plays_min: int | None = None
    plays_median: int | None = None
    plays_max: int | None = None
    skew: float | None = Field(None, description=SKEW.en)
    engagement: float | None = Field(None, description=f"Sum over counted works: {ENGAGEMENT}")
    engagement_median: float | None = Field(None, description="Median of the counted works' engagement")
    hot: int = Field(0, description="Works Xingtu flags as hot (爆量)")
    hot_share: float | None = Field(None, description=f"Ours, not Xingtu's: {HOT_SHARE.en}")
    len_median_s: int | None = Field(None, description="Median length in seconds")
    under_60s: int | None = Field(None, description="Works shorter than 60 seconds")
    topics: dict[str, int] | None = Field(
        None, description="#hashtags by the number of works carrying them (commissioned: brand signals left out)"
    )

    @property
    def used(self) -> int:
        """How many works entered the plays and engagement figures."""
        return self.count if self.counted is None else self.counted


class Section(BaseModel):
    status: str | None = Field(
        None, description="missing = Xingtu sent no list; unreadable = not a list; empty = a list of none"
    )
    stats: SectionStats
    works: list[WorkRow] = Field(
        default_factory=list[WorkRow],
        description=f"Every work as rows under work_columns, newest first (up to {JSON_WORKS})",
    )
    listed: str | None = Field(None, description=f"Works carried of all, when Xingtu sent more than {JSON_WORKS}")


class OurRatios(BaseModel):
    """Commissioned over personal, computed here from the two lists."""

    plays_median_x: float | None
    engagement_x: float | None
    commissioned_works: int
    personal_works: int
    newest_commissioned_days: int


class BrandEvidence(BaseModel):
    """Brand-deal vs personal performance: our ratio where the sample allows, Xingtu's task/daily ratios."""

    ours: OurRatios | None = None
    no_ratio_because: str | None = Field(None, description="Why there is no ratio of ours")
    xingtu_task_vs_daily: dict[str, float] | None = Field(
        None, description="Xingtu's task-work figure over its daily-work figure, per metric (Xingtu's own figures)"
    )


class XingtuFigure(BaseModel):
    daily: int | float | None = Field(None, description="Xingtu's figure for daily (personal) works")
    task: int | float | None = Field(None, description="Xingtu's figure for task (commissioned) works")
    standing: tuple[float | None, float | None] | None = Field(
        None, description=f"Xingtu's compare_author for daily and task works: {STANDING.en}"
    )


class XingtuFigures(BaseModel):
    __doc__ = f"Xingtu's own figures from `data_description`, passed on as reported: {XINGTU_SCOPE.en}."

    median_plays: XingtuFigure | None = None
    interaction_rate: XingtuFigure | None = None
    completion_rate: XingtuFigure | None = None


class Quality(BaseModel):
    """What in the payload could not be used, for an agent to weigh the answer."""

    excluded: dict[str, int] | None = Field(
        None,
        description="Works kept out of statistics, by reason: "
        + ", ".join(f"{k} = {v.en}" for k, v in EXCLUSIONS.items()),
    )
    excluded_ids: list[str] | None = Field(None, description="Their item ids (the first 20)")
    skipped_entries: int | None = Field(None, description="List entries without a usable item id")
    duplicates: int | None = Field(None, description="Repeated works dropped")
    missing: list[str] | None = Field(
        None, description="Sections Xingtu did not send (not the same as empty); xingtu = its own figures"
    )
    unreadable: list[str] | None = Field(None, description="Sections sent as something other than a list")
    unreadable_values: dict[str, int] | None = Field(
        None, description='Values sent but not readable (a count of "1.2万", a rate above 1), by Xingtu\'s field'
    )
    flags: list[QualityFlag] | None = Field(
        None,
        description=f"stale = newest personal work more than {STALE_AFTER_DAYS} days old; future_dated = a work "
        f"dated after as_of (kept out of every figure); mostly_excluded = under {MOSTLY_EXCLUDED_BELOW:.0%} of "
        "the works enter the statistics",
    )


class SectionChange(BaseModel):
    """One section now against an earlier answer: the change of works, apart from the growth of the works
    seen both times; then median plays and engagement before and after (which mix the two)."""

    new_works: int = Field(description="Works now listed by Xingtu that the earlier answer did not have")
    left_works: int = Field(0, description="Works the earlier answer had that Xingtu no longer lists")
    seen_both: int = Field(0, description="Works in both answers (with plays)")
    plays_growth: float | None = Field(None, description="Growth of those works' total plays, a fraction")
    plays_median: tuple[int | None, int | None] = Field(description="Median plays (before, now)")
    engagement: tuple[float | None, float | None] = Field(description="Engagement (before, now), fractions")


class LeftWork(BaseModel):
    """A work that left Xingtu's window since the earlier answer, as that answer showed it."""

    id: str
    date: str | None = None
    title: str | None = None


class Changes(BaseModel):
    """What changed since an earlier stored answer for the same creator and parameters (past the TTL)."""

    since: str = Field(description="When the earlier answer was fetched (UTC, YYYY-MM-DDTHH:MMZ)")
    days: int = Field(description="Days from the earlier answer to this one")
    personal: SectionChange
    commissioned: SectionChange
    new_work_ids: list[str] | None = Field(None, description="The new works' ids (the first 10)")
    left: list[LeftWork] | None = Field(None, description="The works that left the window (the first 10)")


class ShowcaseSummary(BaseModel):
    """A condensed Xingtu showcase of one creator, with derived statistics."""

    demo: bool | None = Field(None, description="True for built-in synthetic demo data, not Xingtu's")
    author_id: str
    core_user_id: str | None = Field(None, description="Douyin uid, as Xingtu sent it")
    platform: Platform
    only_assign: bool
    flow_type: FlowType
    commissioned_holds: str = Field(description="What the commissioned list holds, given onlyAssign")
    as_of: str = Field(description="Collection day (Beijing): recordTime, else the fetch day")
    fetched_at: str | None = Field(None, description="When this server fetched the data (UTC)")
    from_cache: bool | None = Field(None, description="True when reused, not fetched for this call")
    work_columns: list[str] = Field(default_factory=lambda: list(WORK_COLUMNS))
    personal: Section = Field(description="Personal works")
    commissioned: Section = Field(description="Works ordered through Xingtu")
    brand_evidence: BrandEvidence = Field(default_factory=lambda: BrandEvidence.model_validate({}))
    brand_signal_columns: list[str] = Field(default_factory=lambda: list(SIGNAL_COLUMNS))
    brand_signals: list[SignalRow] = Field(
        default_factory=list[SignalRow],
        description="Every #tag and @mention of commissioned works (creator text, not confirmed sponsors) under "
        "brand_signal_columns, those also in personal works first",
    )
    brand_signals_not_listed: int | None = Field(None, description="Rows past the limit, counted only")
    xingtu: XingtuFigures | None = None
    quality: Quality = Field(
        default_factory=lambda: Quality.model_validate({}), description="Empty when every work was usable"
    )
    notes: list[str] = Field(default_factory=list[str], description="Caveats: small samples, exclusions, ages")
    changes: Changes | None = None
    """Set when an earlier answer for the same query is stored: what changed since."""
    _work_ids: dict[str, list[str]] = PrivateAttr(default_factory=dict[str, list[str]])
    """Every work's id per section (not only the listed ones): what 'new since' is counted against. Kept
    with a stored answer, never sent."""

    @property
    def work_ids(self) -> dict[str, list[str]]:
        return self._work_ids

    def with_work_ids(self, ids: dict[str, list[str]]) -> ShowcaseSummary:
        self._work_ids = ids
        return self


class FailedCreator(BaseModel):
    author_id: str = Field(description="The id as given when it could not be read as an author id")
    error: str = Field(description="What went wrong, in plain language")
    advice: str = Field(description="What to do about it")


class Comparison(BaseModel):
    """Creators side by side: one row each, ranked; failures listed with their explanation."""

    demo: bool | None = Field(None, description="True for built-in synthetic demo data, not Xingtu's")
    platform: Platform
    only_assign: bool
    flow_type: FlowType
    ranked_by: str
    columns: list[str] = Field(default_factory=lambda: list(CREATOR_COLUMNS))
    rate_columns: list[str] = Field(default_factory=lambda: list(RATE_COLUMNS), description="Columns of fractions")
    rows: list[CreatorRow] = Field(default_factory=list[CreatorRow])
    failed: list[FailedCreator] = Field(default_factory=list[FailedCreator])
    changes: dict[str, Changes] | None = None
    """What changed per creator since the last stored answer, when one is stored."""
    notes: list[str] = Field(default_factory=list[str])
    definitions: str = json_comparison_definitions("en")


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
