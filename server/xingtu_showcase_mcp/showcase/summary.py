"""The summariser: Xingtu's raw showcase `data` condensed into what a campaign planner asks about.

It runs the one-way flow's middle: `parsing` reads the payload, `stats` computes
the figures, and this module assembles them into a `ShowcaseSummary` with the
caveats a reader needs (small samples, exclusions, old brand deals, missing
lists). It never raises on the payload's shape or values.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any

from .. import messages, values
from ..contract import ShowcaseQuery
from ..glossary import (
    MENTIONS_SHOWN,
    MOSTLY_EXCLUDED_BELOW,
    NOT_SENT,
    OLD_AFTER_DAYS,
    SMALL_SAMPLE,
    STALE_AFTER_DAYS,
    TITLE_CHARS,
    QualityFlag,
)
from ..language import DEFAULT_LANGUAGE, Language
from ..models import BrandEvidence, Quality, Section, SectionStats, ShowcaseSummary, WorkRow
from . import stats
from .parsing import ParsedShowcase, SectionData, Work, parse_showcase, shown_text

EXCLUDED_IDS_LISTED = 20


def summarise(
    data: Mapping[str, Any],
    query: ShowcaseQuery,
    *,
    record_time: str | None = None,
    fetched_at: datetime | None = None,
    now: datetime | None = None,
    from_cache: bool = False,
    demo: bool = False,
    language: Language = DEFAULT_LANGUAGE,
) -> ShowcaseSummary:
    """Condense Xingtu's `data` object; free-text values (notes, reasons, definitions) in `language`.

    Ages count in Beijing calendar days to the collection day: Just One API's
    `recordTime` when it sends one, else the fetch time, else `now`.
    """
    say = language
    reference = values.instant(record_time) or fetched_at or now or datetime.now(UTC)
    as_of = reference.astimezone(values.BEIJING).date()
    parsed = parse_showcase(data, as_of)
    personal_sent = parsed.personal.status not in NOT_SENT
    signals, signals_cut = stats.brand_signals(
        parsed.personal.works if personal_sent else None, parsed.commissioned.works
    )
    personal_stats = stats.section_stats(parsed.personal, as_of)
    commissioned_stats = stats.section_stats(parsed.commissioned, as_of, with_topics=False)
    ours, no_ratio = stats.our_ratios(
        personal_stats,
        commissioned_stats,
        parsed.commissioned.status,
        (parsed.personal.counted, parsed.commissioned.counted),
    )
    notes = [
        *_section_notes("personal", parsed.personal, personal_stats, say),
        *_section_notes("commissioned", parsed.commissioned, commissioned_stats, say),
        *_age_notes(commissioned_stats, say),
    ]
    flags = quality_flags(parsed, personal_stats)
    notes += [_flag_note(flag, parsed, personal_stats, as_of, say) for flag in flags]
    if not parsed.xingtu_sent:
        notes.append(messages.NOTE_NO_XINGTU(say))
    if parsed.unreadable:
        fields = messages.COMMA(say).join(f"{key} {n}" for key, n in sorted(parsed.unreadable.items()))
        notes.append(messages.NOTE_UNREADABLE(say, fields=fields))
    if signals and not personal_sent:
        notes.append(messages.NOTE_SIGNALS_UNCHECKED(say))
    xingtu = stats.xingtu_figures(parsed.xingtu)
    sections = {"personal": parsed.personal, "commissioned": parsed.commissioned}
    ids = {name: [w.id for w in section.works] for name, section in sections.items()}
    return ShowcaseSummary(
        demo=True if demo else None,
        author_id=query.author_id,
        core_user_id=parsed.core_user_id,
        platform=query.platform,
        only_assign=query.only_assign,
        flow_type=query.flow_type,
        commissioned_holds=messages.COMMISSIONED_HOLDS[query.only_assign](say),
        as_of=as_of.isoformat(),
        fetched_at=fetched_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ") if fetched_at else None,
        from_cache=True if from_cache else None,
        personal=_section(parsed.personal, personal_stats, say),
        commissioned=_section(parsed.commissioned, commissioned_stats, say),
        brand_evidence=BrandEvidence(
            ours=ours,
            no_ratio_because=messages.LIST_SEP(say).join(reason(say) for reason in no_ratio) or None,
            xingtu_task_vs_daily=stats.xingtu_task_vs_daily(parsed.xingtu),
        ),
        brand_signals=signals,
        brand_signals_not_listed=signals_cut or None,
        xingtu=xingtu,
        quality=_quality(parsed, flags),
        notes=notes,
    ).with_work_ids(ids)


def _section(section: SectionData, figures: SectionStats, say: Language) -> Section:
    listed, how = stats.carried(section)
    return Section(
        status=None if section.status == "ok" else section.status,
        stats=figures,
        works=[work_row(w, say) for w in listed],
        listed=messages.LISTED_OF(say, shown=how[0], total=how[1]) if how else None,
    )


def work_row(work: Work, say: Language = DEFAULT_LANGUAGE) -> WorkRow:
    """A work's row. Its flag's words "hot" and "excluded" are codes (the view and agents match them);
    the reason after "excluded: " is in the answer's language."""
    reason = messages.EXCLUSIONS[work.excluded](say) if work.excluded else None
    flags = (["hot"] if work.hot else []) + ([f"excluded: {reason}"] if reason else [])
    return WorkRow(
        date=work.day.isoformat() if work.day else None,
        plays=work.plays,
        likes=work.likes,
        comments=work.comments,
        shares=work.shares,
        flag=", ".join(flags) or None,
        title=short_title(work),
        id=work.id,
    )


def short_title(work: Work) -> str | None:
    """The title as shown: its text without #tags (they are topics and brand evidence) and with at most
    MENTIONS_SHOWN @mentions, cut at TITLE_CHARS, then "+n" for the mentions not shown. Mentions obey the
    cut: forty of them cannot lengthen a row."""
    text = shown_text(work.title, MENTIONS_SHOWN)
    cut = text[:TITLE_CHARS].rstrip()
    visible = sum(1 for m in work.mentions if f"@{m}" in cut)
    more = work.mentions_sent - visible
    return " ".join(([cut] if cut else []) + ([f"+{more}"] if more > 0 else [])) or None


def quality_flags(parsed: ParsedShowcase, personal: SectionStats) -> list[QualityFlag]:
    """The machine codes of what makes the figures less than they seem, in glossary order."""
    flags: list[QualityFlag] = []
    if personal.days_since_newest is not None and personal.days_since_newest > STALE_AFTER_DAYS:
        flags.append("stale")
    works = parsed.works
    if any(w.excluded == "future_dated" for w in works):
        flags.append("future_dated")
    if works and len(_used(works)) < MOSTLY_EXCLUDED_BELOW * len(works):
        flags.append("mostly_excluded")
    return flags


def _flag_note(flag: QualityFlag, parsed: ParsedShowcase, personal: SectionStats, as_of: date, say: Language) -> str:
    works = parsed.works
    return messages.FLAG_NOTES[flag](
        say,
        **messages.FLAG_VALUES,
        days=personal.days_since_newest,
        n=sum(1 for w in works if w.excluded == "future_dated"),
        as_of=as_of.isoformat(),
        used=len(_used(works)),
        total=len(works),
    )


def _used(works: list[Work]) -> list[Work]:
    return [w for w in works if w.excluded is None]


def _quality(parsed: ParsedShowcase, flags: list[QualityFlag]) -> Quality:
    sections = {"personal": parsed.personal, "commissioned": parsed.commissioned}
    excluded = [w for s in sections.values() for w in s.works if w.excluded is not None]
    reasons = Counter(w.excluded for w in excluded if w.excluded is not None)
    missing = [name for name, s in sections.items() if s.status == "missing"]
    if not parsed.xingtu_sent:
        missing.append("xingtu")
    return Quality(
        excluded=dict(reasons) or None,
        excluded_ids=[w.id for w in excluded[:EXCLUDED_IDS_LISTED]] or None,
        skipped_entries=sum(s.skipped for s in sections.values()) or None,
        duplicates=sum(s.duplicates for s in sections.values()) or None,
        missing=missing or None,
        unreadable=[name for name, s in sections.items() if s.status == "unreadable"] or None,
        unreadable_values=dict(sorted(parsed.unreadable.items())) or None,
        flags=flags or None,
    )


def _section_notes(label: str, section: SectionData, figures: SectionStats, say: Language) -> list[str]:
    works = messages.SECTION_WORKS[label](say)
    every = messages.SECTION_ALL_WORKS[label](say)
    notes: list[str] = []
    if section.status == "missing":
        notes.append(messages.NOTE_LIST_MISSING(say, works=every))
    elif section.status == "unreadable":
        notes.append(messages.NOTE_LIST_UNREADABLE(say, works=every))
    elif not section.works and not section.skipped:
        notes.append(messages.NOTE_NO_WORKS(say, works=every))
    elif 0 < figures.used < SMALL_SAMPLE:
        notes.append(messages.NOTE_SMALL_SAMPLE(say, n=figures.used, works=works))
    if section.skipped:
        notes.append(messages.NOTE_SKIPPED(say, n=section.skipped, works=works))
    if section.duplicates:
        notes.append(messages.NOTE_DUPLICATES(say, n=section.duplicates, works=works))
    reasons = Counter(messages.EXCLUSIONS[w.excluded](say) for w in section.works if w.excluded is not None)
    if reasons:
        why = messages.COMMA(say).join(messages.REASON_COUNT(say, reason=r, n=n) for r, n in reasons.most_common())
        notes.append(messages.NOTE_EXCLUDED(say, n=sum(reasons.values()), works=works, why=why))
    return notes


def _age_notes(commissioned: SectionStats, say: Language) -> list[str]:
    age = commissioned.days_since_newest
    if age is None or age <= OLD_AFTER_DAYS:
        return []
    return [messages.NOTE_OLD_DEALS(say, days=age)]
