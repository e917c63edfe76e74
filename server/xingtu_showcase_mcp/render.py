"""The text rendering of an answer: compact, plain, and carrying the same facts as the JSON.

Claude Desktop shows the model only this text, so every figure of the
structured content appears here too, exactly (integers cost no more tokens than
rounded forms like "3.08M", and they never disagree with the JSON). Table
headers are the models' own column names; definitions are stated once at the
end; what is Xingtu's own is labelled as Xingtu's.
"""

from __future__ import annotations

from .glossary import (
    CADENCE,
    DAYS,
    ENGAGEMENT,
    HOT,
    LISTING,
    PLAUSIBLE,
    RATIO_RULE,
    SKEW,
    STANDING,
    VIDEO_URL,
    XINGTU_FIGURES,
    XINGTU_SCOPE,
)
from .models import (
    CREATOR_COLUMNS,
    RATE_COLUMNS,
    WORK_COLUMNS,
    BrandEvidence,
    Comparison,
    CreatorRow,
    Section,
    SectionStats,
    ShowcaseSummary,
    WorkRow,
    XingtuFigures,
)

TEXT_DEFINITIONS = (
    f"Definitions: eng = {ENGAGEMENT}; skew = {SKEW}; per week = {CADENCE}; {HOT}; {PLAUSIBLE}; {DAYS}; "
    f"{LISTING}; titles without #tags. Page: {VIDEO_URL}"
)
COMPARISON_TEXT_DEFINITIONS = (
    f"Definitions: figures over personal works; eng = {ENGAGEMENT}; skew = {SKEW}; hit = hot/works; topics = top 3; "
    "commissioned - = list not sent; c_plays_x and c_eng_x = commissioned relative to personal "
    f"({RATIO_RULE}); x_* = {XINGTU_SCOPE}; brand_signals = tags only in commissioned works"
)


def render_text(summary: ShowcaseSummary) -> str:
    """The whole answer as text."""
    uid = f" (Douyin uid {summary.core_user_id})" if summary.core_user_id else ""
    lines = [
        f"Xingtu showcase of {summary.author_id}{uid}, {summary.platform}, flow {summary.flow_type}; "
        f"commissioned = {summary.commissioned_holds}; {_when(summary)}; computed here unless marked Xingtu's"
    ]
    if summary.demo:
        lines.append("DEMO DATA: a fictional creator, synthetic numbers, not from Xingtu.")
    header_done = False
    for name, section in (("Personal", summary.personal), ("Commissioned", summary.commissioned)):
        lines += _section(name, section, header=not header_done)
        header_done = header_done or bool(section.works)
    lines.append(_evidence(summary.brand_evidence))
    if summary.xingtu is not None:
        lines.append(_xingtu(summary.xingtu, summary.brand_evidence.xingtu_task_vs_daily))
    if summary.brand_signals:
        groups = [
            day + " " + " ".join(cell(tag) + (f"×{n}" if n > 1 else "") for tag, n in tags.items())
            for day, tags in summary.brand_signals.items()
        ]
        more = f"; +{summary.brand_signals_not_listed} more" if summary.brand_signals_not_listed else ""
        lines.append(
            "Brand signals (tags only in commissioned works, by newest date, ×n = in n works; not confirmed "
            "sponsors): " + "; ".join(groups) + more
        )
    if summary.notes:
        lines.append("Notes: " + " ".join(summary.notes))
    lines.append(TEXT_DEFINITIONS)
    return "\n".join(lines)


def _when(summary: ShowcaseSummary) -> str:
    """The collection day, and when the data was fetched (reused answers say so)."""
    if summary.fetched_at is None:
        return f"as of {summary.as_of}"
    fetched = "fetched " + summary.fetched_at.replace("T", " ").replace("Z", " UTC")
    if summary.from_cache:
        fetched += " (reused)"
    return f"as of {summary.as_of}, {fetched}"


def _section(name: str, section: Section, *, header: bool) -> list[str]:
    s = section.stats
    if section.status in ("missing", "unreadable"):
        return [f"{name}: list {section.status} (not the same as no works)"]
    if s.count == 0:
        return [f"{name}: no works"]
    head = f"{name}: {s.count} work{'s' if s.count > 1 else ''}"
    if s.used != s.count:
        head += f" ({s.used} in statistics)"
    if s.first_date:
        head += f", {s.first_date}" if s.first_date == s.last_date else f", {s.first_date} to {s.last_date}"
    if s.per_week is not None:
        head += f", {s.per_week:g}/week"
    if s.days_since_newest is not None:
        days = s.days_since_newest
        head += f", {'newest ' if s.count > 1 else ''}{days} day{'' if days == 1 else 's'} old"
    if s.used == 1 and s.engagement is not None:
        head += f", eng {pct(s.engagement)}"
    if section.listed:
        head += f"; {section.listed} listed"
    lines = [head, *_figures(s)]
    if header:
        lines.append("|".join(WORK_COLUMNS))
    lines += [_row(w) for w in section.works]
    return lines


def _figures(s: SectionStats) -> list[str]:
    """A section's statistics: spread, engagement and hits; then lengths and topics."""
    figures: list[str] = []
    if s.plays_min is not None:
        figures.append(
            f"plays min/median/max {num(s.plays_min)}/{num(s.plays_median)}/{num(s.plays_max)}"
            + (f", skew {s.skew:g}" if s.skew is not None else "")
        )
    if s.engagement is not None and s.used > 1:
        median = f" (median {pct(s.engagement_median)})" if s.engagement_median is not None else ""
        figures.append(f"eng {pct(s.engagement)}{median}")
    if s.count > 1:
        figures.append(f"hot {s.hot}/{s.count}")
    extras: list[str] = []
    if s.len_median_s is not None and s.count > 1:
        extras.append(f"len median {s.len_median_s}s, {s.under_60s} under 60s")
    if s.topics:
        extras.append("topics " + ", ".join(f"{cell(tag)} {n}" for tag, n in s.topics.items()))
    return [line for line in ("; ".join(figures), "; ".join(extras)) if line]


def _row(w: WorkRow) -> str:
    return "|".join(num(v) if isinstance(v, int) else cell(v) for v in w)


def _evidence(e: BrandEvidence) -> str:
    if e.ours is not None:
        o = e.ours
        parts = [f"median plays {plain(o.plays_median_x)}x", f"eng {plain(o.engagement_x)}x"]
        ours = (
            f"ours {', '.join(parts)} ({o.commissioned_works} commissioned vs {o.personal_works} personal works, "
            f"newest commissioned {o.newest_commissioned_days} days old)"
        )
    else:
        ours = f"no ratio of ours ({e.no_ratio_because})"
    return f"Commissioned vs personal: {ours}"


def _xingtu(x: XingtuFigures, task_vs_daily: dict[str, float] | None) -> str:
    """Xingtu's figures, daily/task, with Xingtu's own task/daily ratio: the brand-deal evidence Xingtu gives."""
    parts: list[str] = []
    for name, _, label, is_rate in XINGTU_FIGURES:
        figure = getattr(x, name)
        if figure is None:
            continue
        shown = "/".join(pct(v) if is_rate else num(v) for v in (figure.daily, figure.task))
        if task_vs_daily and name in task_vs_daily:
            shown += f" = {plain(task_vs_daily[name])}x"
        if figure.standing is not None:
            shown += " (" + "/".join(plain(v) for v in figure.standing) + ")"
        parts.append(f"{label} {shown}")
    return f"{XINGTU_SCOPE} (daily/task works = task/daily ratio, (standing)): " + ", ".join(parts) + f"; {STANDING}"


def render_comparison(c: Comparison) -> str:
    """A comparison as one table, failures and notes after it."""
    assign = "assigned orders only" if c.only_assign else "all Xingtu orders"
    lines = [
        f"Creators compared ({c.platform}, flow {c.flow_type}, commissioned = {assign}), ranked by {c.ranked_by}",
        *(["DEMO DATA: fictional creators, synthetic numbers, not from Xingtu."] if c.demo else []),
    ]
    if c.rows:
        lines.append("|".join(CREATOR_COLUMNS))
        lines += [_creator(r) for r in c.rows]
    if c.failed:
        lines.append("Not compared:")
        lines += [f"- {cell(f.author_id)}: {f.error} What to do: {f.advice}" for f in c.failed]
    if c.notes:
        lines.append("Notes: " + " ".join(c.notes))
    lines.append(COMPARISON_TEXT_DEFINITIONS)
    return "\n".join(lines)


def _creator(r: CreatorRow) -> str:
    cells: list[str] = []
    for name, value in zip(CREATOR_COLUMNS, r, strict=True):
        if name in RATE_COLUMNS:
            cells.append(pct(value if isinstance(value, float) else None))
        elif isinstance(value, bool | str) or value is None:
            cells.append(cell(value))
        else:
            cells.append(plain(value))
    return "|".join(cells)


def cell(value: object) -> str:
    """A table cell: "-" for nothing, and no character that could break a row or a column."""
    if value is None:
        return "-"
    return " ".join(str(value).replace("|", "/").split())


def num(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}%"


def plain(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"
