"""The text rendering of a summary: compact, plain, and carrying the same facts.

Claude Desktop shows the model only this text, so every number of the
structured content appears here too, exactly (integers cost no more tokens
than rounded forms like "3.08M", and they never disagree with the JSON). One
header row per table, no decoration, formulas stated once at the end.
"""

from __future__ import annotations

from .summary import TITLE_LIMIT, VIDEO_URL, Section, ShowcaseSummary, Work, XingtuBenchmarks, XingtuFigure

_COLUMNS = "date|plays|likes|comments|shares|eng|len|title|id"
TEXT_DEFINITIONS = (
    "eng = (likes+comments+shares)/plays, per work; a section's engagement sums each over its works. "
    "per week = works / (days from oldest to newest / 7). Dates in Beijing time; len in seconds; "
    f"titles cut at {TITLE_LIMIT} characters. A work's page: {VIDEO_URL}."
)


def render_text(summary: ShowcaseSummary) -> str:
    """The whole answer as text."""
    assign = "assigned commissioned works only" if summary.only_assign else "all commissioned works"
    head = f"Xingtu showcase of author {summary.author_id} ({summary.platform}, flow {summary.flow_type}, {assign})"
    lines = [head]
    if summary.demo:
        lines.append("DEMO DATA: a fictional creator, synthetic numbers, not from Xingtu.")
    if summary.record_time:
        lines.append(f"Recorded by Just One API: {summary.record_time}")
    lines += ["", *_section("Personal works", summary.personal)]
    lines += ["", *_section("Commissioned (Xingtu) works", summary.commissioned)]
    if summary.xingtu is not None:
        lines += ["", _benchmarks(summary.xingtu)]
    if summary.notes:
        lines += ["", "Notes:", *(f"- {note}" for note in summary.notes)]
    lines += ["", TEXT_DEFINITIONS]
    return "\n".join(lines)


def _section(name: str, section: Section) -> list[str]:
    s = section.stats
    if s.count == 0:
        return [f"{name}: none"]
    span = s.first_date if s.first_date == s.last_date else f"{s.first_date} to {s.last_date}"
    head = f"{name}: {s.count}"
    if s.first_date:
        head += f", {span}"
    if s.per_week is not None:
        head += f", {s.per_week:g}/week"
    figures = [
        f"plays median {_num(s.plays_median)}, mean {_num(s.plays_mean)}, max {_num(s.plays_max)}",
        f"engagement {_pct(s.engagement)}",
        f"hot {s.hot}/{s.count}",
    ]
    lines = [head, "; ".join(figures), _COLUMNS]
    lines += [_row(work) for work in section.works]
    if section.not_listed:
        lines.append(f"(+{section.not_listed} older works not listed; statistics include them)")
    return lines


def _row(w: Work) -> str:
    title = ("HOT " if w.hot else "") + (w.title or "-").replace("|", "/")
    cells = [
        w.date or "-",
        _num(w.plays),
        _num(w.likes),
        _num(w.comments),
        _num(w.shares),
        _pct(w.engagement),
        f"{w.duration_s}s" if w.duration_s is not None else "-",
        title,
        w.id,
    ]
    return "|".join(cells)


def _benchmarks(x: XingtuBenchmarks) -> str:
    parts: list[str] = []
    standing: list[str] = []
    labels = (
        ("interaction rate", "interaction_rate", True),
        ("median plays", "median_plays", False),
        ("completion rate", "completion_rate", True),
    )
    for label, key, is_rate in labels:
        pair = [getattr(side, key) if side is not None else None for side in (x.personal, x.commissioned)]
        if all(f is None for f in pair):
            continue
        parts.append(f"{label} " + " / ".join(_figure(f, is_rate) for f in pair))
        standing.append(f"{label} " + " / ".join(_standing(f) for f in pair))
    return (
        "Xingtu's own figures, as reported (personal / commissioned): " + ", ".join(parts) + ". "
        "Xingtu's compare_author standing against comparable creators (undocumented scale, 0-1): "
        + ", ".join(standing)
        + "."
    )


def _figure(f: XingtuFigure | None, is_rate: bool) -> str:
    if f is None:
        return "-"
    return _pct(f.rate) if is_rate else _num(f.rate)


def _standing(f: XingtuFigure | None) -> str:
    return "-" if f is None or f.compare_author is None else f"{f.compare_author:g}"


def _num(value: float | int | None) -> str:
    if value is None:
        return "-"
    return f"{value:.0f}" if float(value).is_integer() else f"{value:.1f}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{value * 100:.2f}%"
