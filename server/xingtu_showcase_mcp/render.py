"""The text rendering of a summary: compact, plain, and carrying the same facts.

Claude Desktop shows the model only this text, so every figure of the
structured content appears here too, exactly (integers cost no more tokens than
rounded forms like "3.08M", and they never disagree with the JSON). One header
row per table, no decoration, definitions stated once at the end. What is
computed here and what is Xingtu's own is said plainly.
"""

from __future__ import annotations

from collections.abc import Sequence

from .compare import Comparison
from .summary import (
    VIDEO_URL,
    CommissionedVsPersonal,
    Section,
    SectionStats,
    ShowcaseSummary,
    WorkRow,
    XingtuBenchmarks,
)

_COLUMNS = "date|plays|likes|comments|shares|len|title|id"
TEXT_DEFINITIONS = (
    "eng = (likes+comments+shares)/plays; skew = max/median plays; Beijing dates; len in s; titles cut, "
    f"#tags in topics. Page: {VIDEO_URL}"
)


def render_text(summary: ShowcaseSummary) -> str:
    """The whole answer as text."""
    assign = "assigned only" if summary.only_assign else "all commissioned"
    lines = [
        f"Xingtu showcase of {summary.author_id}, {summary.platform}, flow {summary.flow_type}, {assign}, "
        f"{_when(summary)}; ours unless marked Xingtu's"
    ]
    if summary.demo:
        lines.append("DEMO DATA: a fictional creator, synthetic numbers, not from Xingtu.")
    lines += [
        "",
        *_section("Personal", summary.personal, header=True),
        *_section("Commissioned (Xingtu)", summary.commissioned, header=summary.personal.stats.count == 0),
    ]
    if summary.commissioned_vs_personal is not None:
        lines.append(_versus(summary.commissioned_vs_personal))
    if summary.xingtu is not None:
        lines.append(_benchmarks(summary.xingtu))
    if summary.notes:
        lines.append("Notes: " + " ".join(summary.notes))
    lines.append(TEXT_DEFINITIONS)
    return "\n".join(lines)


def _when(summary: ShowcaseSummary) -> str:
    """As of which date, and when the data was fetched (reused answers say so)."""
    if summary.fetched_at is None:
        return f"as of {summary.as_of}"
    fetched = "fetched " + summary.fetched_at.replace("T", " ").replace("Z", " UTC")
    if summary.from_cache:
        fetched += " (reused)"
    return fetched if summary.fetched_at.startswith(summary.as_of) else f"as of {summary.as_of}, {fetched}"


def _headline(s: SectionStats) -> list[str]:
    """A section's statistics: spread, engagement and hits; then lengths and topics."""
    figures: list[str] = []
    if s.plays_min is not None:
        figures.append(
            f"plays min/median/max {_num(s.plays_min)}/{_num(s.plays_median)}/{_num(s.plays_max)}"
            + (f", skew {s.skew:g}" if s.skew is not None else "")
            + f", mean {_num(s.plays_mean)}"
        )
    if s.engagement is not None and s.count > 1:
        median = f" (median {_pct(s.engagement_median)})" if s.engagement_median is not None else ""
        figures.append(f"eng {_pct(s.engagement)}{median}")
    if s.count > 1:
        figures.append(f"hot {s.hot}/{s.count}")
    extras: list[str] = []
    if s.len_median_s is not None and s.count > 1:
        extras.append(f"len median {_num(s.len_median_s)}s, {s.under_60s} under 60s")
    if s.topics:
        extras.append("topics " + ", ".join(f"{tag} {n}" for tag, n in s.topics.items()))
    return [line for line in ("; ".join(figures), "; ".join(extras)) if line]


def _section(name: str, section: Section, *, header: bool) -> list[str]:
    s = section.stats
    if s.count == 0:
        return [f"{name}: no works"]
    head = f"{name}: {s.count} work{'s' if s.count > 1 else ''}"
    if s.first_date:
        head += f", {s.first_date}" if s.first_date == s.last_date else f", {s.first_date} to {s.last_date}"
    if s.per_week is not None:
        head += f", {s.per_week:g}/week"
    if s.days_since_newest is not None:
        head += f", {'newest ' if s.count > 1 else ''}{s.days_since_newest} days ago"
    if s.count == 1 and s.engagement is not None:
        head += f", eng {_pct(s.engagement)}"
    lines = [head, *_headline(s), *([_COLUMNS] if header else []), *(_row(w) for w in section.works)]
    if section.not_listed:
        lines.append(f"(+{section.not_listed} older works not listed; statistics include them)")
    return lines


def _row(w: WorkRow) -> str:
    title = ("HOT " if w.hot else "") + (w.title or "-").replace("|", "/")
    cells: Sequence[str] = [
        w.date or "-",
        _num(w.plays),
        _num(w.likes),
        _num(w.comments),
        _num(w.shares),
        _num(w.len_s),
        title,
        w.id,
    ]
    return "|".join(cells)


def _versus(v: CommissionedVsPersonal) -> str:
    parts: list[str] = []
    if v.plays_median_ratio is not None:
        parts.append(f"median plays {v.plays_median_ratio:g}x")
    if v.engagement_ratio is not None:
        parts.append(f"eng {v.engagement_ratio:g}x")
    sample = f"{v.commissioned_count} work{'s' if v.commissioned_count > 1 else ''}, dated above"
    return f"Commissioned vs personal: {', '.join(parts) or 'no comparable figures'} ({sample})"


def _benchmarks(x: XingtuBenchmarks) -> str:
    parts: list[str] = []
    for label, figure, is_rate in (
        ("interaction", x.interaction_rate, True),
        ("median plays", x.median_plays, False),
        ("completion", x.completion_rate, True),
    ):
        if figure is None:
            continue
        text = f"{label} " + "/".join(_pct(v) if is_rate else _num(v) for v in figure.rate)
        if figure.compare_author is not None:
            text += " (" + "/".join("-" if v is None else f"{v:g}" for v in figure.compare_author) + ")"
        parts.append(text)
    return (
        "Xingtu's own (personal/commissioned): " + ", ".join(parts) + "; (…) = Xingtu's compare_author, an "
        "undocumented 0-1 standing vs similar creators"
    )


def _num(value: float | int | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}%"


def render_comparison(c: Comparison) -> str:
    """A comparison as one table, failures and notes after it."""
    assign = "assigned only" if c.only_assign else "all commissioned"
    lines = [
        f"Creators compared ({c.platform}, flow {c.flow_type}, {assign}), ranked by {c.ranked_by}; "
        "figures computed here over personal works, c_* over commissioned ones",
        *(["DEMO DATA: fictional creators, synthetic numbers, not from Xingtu."] if c.demo else []),
        "rank|author|works|plays median|skew|eng|hit|per week|newest days|top topic|commissioned|c plays x|"
        "c eng x|c newest days",
    ]
    for r in c.rows:
        cells = [
            str(r.rank),
            r.author_id,
            str(r.works),
            _num(r.plays_median),
            _plain(r.skew),
            _pct(r.engagement),
            _pct(r.hit_rate),
            _plain(r.per_week),
            _plain(r.days_since_newest),
            r.top_topic or "-",
            str(r.commissioned),
            _plain(r.c_plays_ratio),
            _plain(r.c_eng_ratio),
            _plain(r.c_newest_days),
        ]
        lines.append("|".join(cells))
    if c.failed:
        lines.append("Not compared:")
        lines += [f"- {f.author_id}: {f.error} What to do: {f.advice}" for f in c.failed]
    if c.notes:
        lines.append("Notes: " + " ".join(c.notes))
    lines.append(
        "eng = (likes+comments+shares)/plays; skew = max/median plays; hit = hot/works; c plays x and c eng x = "
        "commissioned median plays and eng relative to personal"
    )
    return "\n".join(lines)


def _plain(value: float | None) -> str:
    return "-" if value is None else f"{value:g}"
