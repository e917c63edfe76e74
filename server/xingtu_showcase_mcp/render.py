"""The text rendering of an answer: compact, plain, and carrying the same facts as the JSON.

Claude Desktop shows the model only this text, so every figure of the
structured content appears here too, exactly (integers cost no more tokens than
rounded forms like "3.08M", and they never disagree with the JSON). Table
headers label the models' own columns; definitions are stated once at the end;
what is Xingtu's own is labelled as Xingtu's. Every word comes from `messages`
in the reader's language; numbers, dates and ids are written the same in both.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any, Final

from . import messages as m
from .compare import MAX_COMPARED, MIN_COMPARED
from .creator_search.search import Match, SearchAnswer
from .glossary import (
    LIST_EXCLUDED,
    SHORT_SECONDS,
    SIGNAL_VARIANTS_SHOWN,
    TEXT_BRAND_SIGNALS,
    TEXT_COMMISSIONED,
    TEXT_PERSONAL_NEWEST,
    TEXT_TOPICS,
    XINGTU_FIGURES,
)
from .language import DEFAULT_LANGUAGE, Language, Text
from .marketing.quotes import VIDEO_TYPES, QuotesAnswer
from .models import (
    CREATOR_COLUMNS,
    RATE_COLUMNS,
    BrandEvidence,
    Changes,
    Comparison,
    CreatorRow,
    Section,
    SectionStats,
    ShowcaseSummary,
    SignalRow,
    WorkRow,
    XingtuFigures,
)
from .names import MARKETING_TOOL_NAME, TOOL_NAME
from .values import BEIJING


def render_text(summary: ShowcaseSummary, language: Language = DEFAULT_LANGUAGE) -> str:
    """The whole answer as text, in `language`; figures are written the same way in both."""
    say = language
    uid = m.UID(say, uid=summary.core_user_id) if summary.core_user_id else ""
    lines = [
        m.HEADER(
            say,
            author=summary.author_id,
            uid=uid,
            platform=m.PLATFORM_WORDS[summary.platform](say),
            flow=m.FLOW_WORDS[summary.flow_type](say),
            holds=summary.commissioned_holds,
            when=_when(summary, say),
        )
    ]
    if summary.demo:
        lines.append(m.DEMO(say))
    lines.append(m.CREATOR_WORDS(say))
    header_done = False
    for key, section in (("personal", summary.personal), ("commissioned", summary.commissioned)):
        lines += _section(key, section, summary.as_of, say, header=not header_done)
        header_done = header_done or bool(section.works)
    lines.append(_evidence(summary.brand_evidence, say))
    if summary.xingtu is not None:
        lines.append(_xingtu(summary.xingtu, summary.brand_evidence.xingtu_task_vs_daily, say))
    if summary.brand_signals:
        lines.append(brand_line(summary.brand_signals, summary.brand_signals_not_listed or 0, summary.as_of, say))
    if summary.changes is not None:
        lines.append(changes_line(summary.changes, say))
    if summary.notes:
        lines.append(m.NOTES(say, notes=m.NOTE_SEP(say).join(summary.notes)))
    lines.append(m.LIMITS(say))
    lines.append(m.text_definitions(say))
    return "\n".join(lines)


def brand_line(rows: list[SignalRow], not_listed: int, as_of: str, say: Language) -> str:
    """The brand evidence: the first TEXT_BRAND_SIGNALS rows (the JSON keeps them all), then "+n more"."""
    shown = [_signal(r, as_of, say) for r in rows[:TEXT_BRAND_SIGNALS]]
    more = len(rows) - len(shown) + not_listed
    return m.BRAND_SIGNALS(say, rows=m.LIST_SEP(say).join(shown), more=m.MORE_SIGNALS(say, n=more) if more else "")


def _signal(r: SignalRow, as_of: str, say: Language) -> str:
    parts = [quoted(r.signal) + (f"×{r.works}" if r.works > 1 else ""), short_day(r.newest, as_of)]
    if r.in_personal:
        parts.append(m.SIGNAL_IN_PERSONAL(say, n=r.in_personal))
    if r.variants:
        named = "".join(quoted(v) for v in r.variants[:SIGNAL_VARIANTS_SHOWN])
        extra = len(r.variants) - SIGNAL_VARIANTS_SHOWN
        parts.append(m.SIGNAL_VARIANTS(say, names=named) + (f" +{extra}" if extra > 0 else ""))
    return " ".join(parts)


def quoted(text: str) -> str:
    """Creator-written text (titles, tags, mentions), fenced in 「」 so it cannot pass for our words."""
    return "「" + cell(text).replace("「", "『").replace("」", "』") + "」"


def changes_line(c: Changes, say: Language) -> str:
    """What changed since the last stored answer; before→now, numbers written as everywhere else."""
    gone = c.left or []
    named = [(quoted(w.title) if w.title else w.id) + (f" {w.date}" if w.date else "") for w in gone[:3]]
    more = c.personal.left_works + c.commissioned.left_works - len(named)
    left = " ".join(named) + (m.LEFT_MORE(say, n=more) if more > 0 else "") if named else m.LEFT_NONE(say)
    both = c.personal.seen_both + c.commissioned.seen_both
    growth = _growth(c)
    return m.CHANGES(
        say,
        since=moment(c.since, say),
        ago=_days(c.days, say, m.AGO_SAME_DAY, m.AGO_ONE, m.AGO),
        new_personal=c.personal.new_works,
        new_commissioned=c.commissioned.new_works,
        left=left,
        both=both,
        growth=growth,
        plays_personal=_moved(c.personal.plays_median, num),
        plays_commissioned=_moved(c.commissioned.plays_median, num),
        eng_personal=_moved(c.personal.engagement, pct),
        eng_commissioned=_moved(c.commissioned.engagement, pct),
    )


def _growth(c: Changes) -> str:
    """The plays growth of the works seen both times, per section as the JSON has it."""
    parts = [
        f"{'+' if s.plays_growth >= 0 else ''}{pct(s.plays_growth)}"
        for s in (c.personal, c.commissioned)
        if s.plays_growth is not None
    ]
    return "/".join(parts) or "-"


def moment(stamp: str, say: Language) -> str:
    """A UTC stamp (YYYY-MM-DDTHH:MMZ) on the reader's clock: UTC in English, Beijing time in Chinese."""
    try:
        at = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    except ValueError:
        return cell(stamp)
    if say == "zh":
        at = at.astimezone(BEIJING)
    return m.AT_UTC(say, at=at.strftime("%Y-%m-%d %H:%M"))


def _moved(pair: tuple[Any, Any], show: Callable[[Any], str]) -> str:
    return f"{show(pair[0])}→{show(pair[1])}"


def _when(summary: ShowcaseSummary, say: Language) -> str:
    """The collection day, and when the data was fetched (reused answers say so)."""
    if summary.fetched_at is None:
        return m.AS_OF(say, day=summary.as_of)
    return m.FETCHED(say, day=summary.as_of, at=moment(summary.fetched_at, say)) + (
        m.REUSED(say) if summary.from_cache else ""
    )


def _age(days: int, say: Language) -> str:
    return _days(days, say, m.AGE_TODAY, m.DAY_OLD_ONE, m.DAYS_OLD)


def _days(days: int, say: Language, zero: Text, one: Text, many: Text) -> str:
    """A number of days in words: its own word for 0 ("today"), the singular for 1, else the plural."""
    return (zero if days == 0 else one if days == 1 else many)(say, days=days)


def _section(key: str, section: Section, as_of: str, say: Language, *, header: bool) -> list[str]:
    s = section.stats
    name = m.SECTION_NAMES[key](say)
    if section.status == "missing":
        return [m.SECTION_MISSING(say, name=name)]
    if section.status == "unreadable":
        return [m.SECTION_UNREADABLE(say, name=name)]
    if s.count == 0:
        return [m.SECTION_EMPTY(say, name=name)]
    head = m.SECTION_HEAD(say, name=name, works=(m.WORK_COUNT_ONE if s.count == 1 else m.WORKS_COUNT)(say, n=s.count))
    if s.used != s.count:
        head += m.IN_STATISTICS(say, used=s.used)
    if s.first_date:
        head += (
            m.ONE_DAY(say, day=s.first_date)
            if s.first_date == s.last_date
            else m.DATE_SPAN(say, first=s.first_date, last=s.last_date)
        )
    if s.per_week is not None:
        head += m.PER_WEEK(say, n=f"{s.per_week:g}")
    if s.days_since_newest is not None:
        head += (m.NEWEST_AGE if s.count > 1 else m.ONLY_AGE)(say, age=_age(s.days_since_newest, say))
    if s.used == 1 and s.engagement is not None:
        head += m.ONE_ENGAGEMENT(say, pct=pct(s.engagement))
    rows = text_rows(key, section.works)
    if len(rows) < s.count:
        head += m.LISTED(say, listed=m.LISTED_OF(say, shown=len(rows), total=s.count))
    lines = [head, *_figures(s, say)]
    if header:
        lines.append("|".join(m.WORK_COLUMN_LABELS[c](say) for c in TEXT_WORK_COLUMNS))
    lines += [_row(w, as_of, say) for w in rows]
    return lines


TEXT_WORK_COLUMNS: Final = ("date", "plays", "title")
"""The text's work rows: enough to recognise each work; likes, comments, shares and ids stay in the JSON."""


def text_rows(key: str, rows: list[WorkRow]) -> list[WorkRow]:
    """Which works the text lists: up to TEXT_COMMISSIONED commissioned ones (the brand-deal record); the
    newest TEXT_PERSONAL_NEWEST personal ones, the most played when older, and excluded ones."""
    if key == "commissioned":
        return rows[:TEXT_COMMISSIONED]
    chosen = set(range(min(TEXT_PERSONAL_NEWEST, len(rows))))
    played = [i for i, r in enumerate(rows) if r.plays is not None and not _excluded(r)]
    if played:
        chosen.add(max(played, key=lambda i: rows[i].plays or 0))
    chosen.update([i for i, r in enumerate(rows) if _excluded(r)][:LIST_EXCLUDED])
    return [rows[i] for i in sorted(chosen)]


def _excluded(row: WorkRow) -> bool:
    return row.flag is not None and "excluded" in row.flag


def _figures(s: SectionStats, say: Language) -> list[str]:
    """A section's statistics: spread, engagement and hits; then lengths and topics."""
    figures: list[str] = []
    if s.plays_min is not None:
        figures.append(
            m.PLAYS_SPREAD(say, low=num(s.plays_min), median=num(s.plays_median), high=num(s.plays_max))
            + (m.SKEW_FIGURE(say, x=f"{s.skew:g}") if s.skew is not None else "")
        )
    if s.engagement is not None and s.used > 1:
        median = m.ENGAGEMENT_MEDIAN(say, pct=pct(s.engagement_median)) if s.engagement_median is not None else ""
        figures.append(m.ENGAGEMENT_FIGURE(say, pct=pct(s.engagement)) + median)
    if s.count > 1:
        figures.append(m.HOT_FIGURE(say, hot=s.hot, count=s.count))
    extras: list[str] = []
    if s.len_median_s is not None and s.count > 1:
        extras.append(m.LENGTHS(say, s=s.len_median_s, short=s.under_60s, limit=SHORT_SECONDS))
    if s.topics:
        shown = list(s.topics.items())[:TEXT_TOPICS]
        topics = m.COMMA(say).join(f"{quoted(tag)} {n}" for tag, n in shown)
        extras.append(m.TOPICS_FIGURE(say, topics=topics))
    sep = m.LIST_SEP(say)
    return [line for line in (sep.join(figures), sep.join(extras)) if line]


def _row(w: WorkRow, as_of: str, say: Language) -> str:
    title = quoted(w.title) if w.title else "-"
    if w.flag:
        title = f"[{_flag_words(w.flag, say)}] {title}"
    return "|".join((short_day(w.date, as_of), num(w.plays), title))


def short_day(day: str | None, as_of: str) -> str:
    """MM-DD for a day in the year up to as_of (unambiguous there), the full date otherwise."""
    if day is None:
        return "-"
    try:
        age = (date.fromisoformat(as_of) - date.fromisoformat(day)).days
    except ValueError:
        return cell(day)
    return day[5:] if 0 <= age < 365 else day


def _flag_words(flag: str, say: Language) -> str:
    """The row's flag in the reader's words: its "hot" and "excluded" are codes in the JSON."""
    if say == "en":
        return cell(flag)
    words: list[str] = []
    for part in flag.split(", ", 1) if flag.startswith("hot, ") else [flag]:
        if part == "hot":
            words.append(m.FLAG_HOT(say))
        elif part.startswith("excluded: "):
            words.append(m.FLAG_EXCLUDED(say, reason=part.removeprefix("excluded: ")))
        else:
            words.append(part)
    return m.COMMA(say).join(words)


def _evidence(e: BrandEvidence, say: Language) -> str:
    if e.ours is not None:
        o = e.ours
        ours = m.OURS(
            say,
            plays=plain(o.plays_median_x),
            eng=plain(o.engagement_x),
            commissioned=o.commissioned_works,
            personal=o.personal_works,
            age=_age(o.newest_commissioned_days, say),
        )
    else:
        ours = m.NO_RATIO(say, why=e.no_ratio_because)
    return m.EVIDENCE(say, ours=ours)


def _xingtu(x: XingtuFigures, task_vs_daily: dict[str, float] | None, say: Language) -> str:
    """Xingtu's figures as a sentence: personal then commissioned works, and Xingtu's own ratio of the two.
    Its standing (compare_author, undocumented) stays in the structured content: the text cannot say more."""
    parts: list[str] = []
    for name, _, is_rate in XINGTU_FIGURES:
        figure = getattr(x, name)
        if figure is None:
            continue
        daily, task = (pct(v) if is_rate else num(v) for v in (figure.daily, figure.task))
        ratio = m.XINGTU_RATIO(say, x=plain(task_vs_daily[name])) if task_vs_daily and name in task_vs_daily else ""
        parts.append(m.XINGTU_FIGURE(say, label=m.XINGTU_FIGURE_LABELS[name](say), daily=daily, task=task, ratio=ratio))
    return m.XINGTU_LINE(say, scope=m.XINGTU_SCOPE(say), figures=m.COMMA(say).join(parts))


def render_comparison(c: Comparison, language: Language = DEFAULT_LANGUAGE) -> str:
    """A comparison as one table, failures and notes after it."""
    say = language
    lines = [
        m.COMPARISON_HEADER(
            say,
            platform=m.PLATFORM_WORDS[c.platform](say),
            flow=m.FLOW_WORDS[c.flow_type](say),
            holds=m.COMPARISON_HOLDS[c.only_assign](say),
            ranked=c.ranked_by,
        ),
        *([m.COMPARISON_DEMO(say)] if c.demo else []),
    ]
    priced = any(r.quote_1_20 is not None for r in c.rows)
    columns = TEXT_CREATOR_COLUMNS if priced else tuple(n for n in TEXT_CREATOR_COLUMNS if n not in QUOTE_COLUMNS)
    if c.rows:
        days = {r.as_of for r in c.rows}
        if len(days) == 1:
            lines.append(m.AS_OF(say, day=days.pop()))
        lines.append("|".join(m.CREATOR_COLUMN_LABELS[name](say) for name in columns))
        lines += [_creator(r, columns) for r in c.rows]
    if c.failed:
        lines.append(m.NOT_COMPARED(say))
        lines += [m.FAILED_CREATOR(say, author=cell(f.author_id), error=f.error, advice=f.advice) for f in c.failed]
    for author, change in (c.changes or {}).items():
        lines.append(m.CREATOR_CHANGES(say, author=author, changes=changes_line(change, say)))
    if c.notes:
        lines.append(m.NOTES(say, notes=m.NOTE_SEP(say).join(c.notes)))
    quoted_terms = (
        m.COMPARISON_QUOTE_DEFINITIONS(say, formula=m.CPM_FORMULA(say), quotes_tool=MARKETING_TOOL_NAME)
        if priced
        else ""
    )
    lines.append(m.comparison_text_definitions(say) + quoted_terms)
    return "\n".join(lines)


TEXT_CREATOR_COLUMNS: Final = tuple(c for c in CREATOR_COLUMNS if c not in ("flags", "as_of"))
"""The comparison text's columns: `quality` words the flags, and the day is stated once (or a note says the
rows' days differ); the structured content keeps both columns."""
QUOTE_COLUMNS: Final = ("quote_1_20", "cpm_1_20")
"""Shown in the text only when some row has a quote (the JSON always has them, null when not fetched)."""


def _creator(r: CreatorRow, columns: tuple[str, ...]) -> str:
    cells: list[str] = []
    for name in columns:
        value = getattr(r, name)
        if name in RATE_COLUMNS:
            cells.append(pct(value if isinstance(value, float) else None))
        elif name == "topics" and isinstance(value, str):
            cells.append(quoted(value))  # the creator's own tags
        elif isinstance(value, bool | str) or value is None:
            cells.append(cell(value))
        elif isinstance(value, int):
            cells.append(str(value))  # in full, as in the JSON: %g would print 1.71367e+07
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
    """A ratio or cadence as the JSON holds it (three significant digits, never in scientific notation)."""
    if value is None:
        return "-"
    return f"{value:g}" if 1e-4 <= abs(value) < 1e6 or value == 0 else repr(float(value))


def render_quotes(answer: QuotesAnswer, say: Language = DEFAULT_LANGUAGE) -> str:
    """The quotes as text: orderable offers as prices (with a CPM when a showcase answer is stored), the rest
    named once as not prices, Xingtu's industry tags, and where the CPM's median comes from."""
    when = moment(answer.fetched_at, say) if answer.fetched_at else "-"
    platform = m.PLATFORM_WORDS[answer.platform](say) if answer.platform in m.PLATFORM_WORDS else answer.platform
    lines = [m.QUOTES_HEADER(say, author=answer.author_id, platform=platform, when=when)]
    orderable = [q for q in answer.quotes if q.orderable]
    for q in orderable:
        documented = q.video_type in VIDEO_TYPES
        words = m.QUOTE_XINGTU_WORDS(say, words=cell(q.xingtu_words)) if q.xingtu_words and not documented else ""
        window = m.QUOTE_WINDOW(say, start=q.valid_from or "-", end=q.valid_until) if q.valid_until else ""
        cost = m.QUOTE_CPM(say, cpm=f"{q.cpm:.2f}") if q.cpm is not None else ""
        lines.append(m.QUOTE_LINE(say, label=q.label + words, price=num(q.price), window=window, cpm=cost))
    if not orderable:
        lines.append(m.QUOTES_NONE(say))
    others = [q for q in answer.quotes if not q.orderable]
    if others:
        by_reason: dict[str, list[str]] = {}
        for q in others:
            by_reason.setdefault(q.not_orderable_because or "-", []).append(cell(q.xingtu_words or q.label))
        items = m.LIST_SEP(say).join(
            m.QUOTE_NOT_ORDERABLE_ITEM(say, what=m.COMMA(say).join(what), why=why) for why, what in by_reason.items()
        )
        lines.append(m.QUOTES_NOT_ORDERABLE(say, items=items))
    if answer.quotes_not_read:
        lines.append(m.QUOTES_NOT_READ(say, n=answer.quotes_not_read))
    if answer.industry_tags:
        lines.append(m.QUOTES_TAGS(say, tags=m.LIST_SEP(say).join(cell(t) for t in answer.industry_tags)))
    basis = answer.cpm_basis
    if basis is None:
        lines.append(m.CPM_MISSING(say, tool=TOOL_NAME))
    else:
        lines.append(
            m.CPM_BASIS(
                say,
                formula=m.CPM_FORMULA(say),
                works=basis.works,
                section=m.CPM_SECTIONS[basis.section](say),
                median=num(basis.median_plays),
                when=moment(basis.fetched_at, say) if basis.fetched_at else "-",
                hours=f"{basis.age_hours:.1f}" if basis.age_hours is not None else "-",
            )
        )
    return "\n".join(lines)


def render_search(answer: SearchAnswer, tools: dict[str, str], say: Language = DEFAULT_LANGUAGE) -> str:
    """One page of the creator search: a line per match (every figure Xingtu's), the page and whether another
    exists (a paid call), what could not be read, and where to go next (`tools` names the other tools)."""
    how = m.SEARCH_HOW[answer.search_type](say) if answer.search_type in m.SEARCH_HOW else cell(answer.search_type)
    keyword = cell(answer.keyword)
    filters = m.COMMA(say).join(f"{k}={cell(v)}" for k, v in answer.filters.items())
    if not answer.matches:
        other = next((t for t in m.SEARCH_HOW if t != answer.search_type), "CONTENT")
        filtered = m.SEARCH_FILTERED(say) if filters else ""
        lines = [
            m.SEARCH_NOTHING(
                say, keyword=keyword, how=how, filtered=filtered, other=other, other_how=m.SEARCH_HOW[other](say)
            )
        ]
        return "\n".join([*lines, m.SEARCH_FILTERS(say, filters=filters)] if filters else lines)
    sort = m.SEARCH_SORTS[answer.sort](say) if answer.sort in m.SEARCH_SORTS else cell(answer.sort)
    when = moment(answer.fetched_at, say) if answer.fetched_at else "-"
    lines = [
        m.SEARCH_HEADER(
            say,
            keyword=keyword,
            how=how,
            sort=sort,
            page=answer.page,
            shown=len(answer.matches),
            total=num(answer.total),
            when=when,
        )
    ]
    if filters:
        lines.append(m.SEARCH_FILTERS(say, filters=filters))
    lines.append(m.SEARCH_LEGEND(say))
    lines += [_match_line(n, match, say) for n, match in enumerate(answer.matches, 1)]
    if answer.unreadable_values:
        items = m.LIST_SEP(say).join(
            m.SEARCH_UNREADABLE_ITEM(say, field=field, n=n) for field, n in answer.unreadable_values.items()
        )
        lines.append(m.SEARCH_UNREADABLE(say, items=items))
    if answer.matches_not_read:
        lines.append(m.SEARCH_NOT_READ(say, n=answer.matches_not_read))
    lines.append(m.SEARCH_MORE(say, next=answer.page + 1) if answer.has_more else m.SEARCH_LAST(say))
    lines.append(m.SEARCH_NEXT(say, **tools, low=str(MIN_COMPARED), high=str(MAX_COMPARED)))
    return "\n".join(lines)


def _match_line(n: int, match: Match, say: Language) -> str:
    def quote(price: int | None, field: str) -> str:
        return "-" if field in match.unreadable else (num(price) if price is not None else m.SEARCH_NO_QUOTE(say))

    growth = match.follower_growth_30d
    categories = m.COMMA(say).join(cell(c) for c in match.categories)
    return m.SEARCH_MATCH(
        say,
        n=n,
        name=cell(match.nickname),
        id=match.author_id or m.SEARCH_NO_ID(say),
        followers=num(match.followers),
        place=cell(match.location),
        p1=quote(match.price_1_20, "price_1_20"),
        p2=quote(match.price_21_60, "price_20_60"),
        p3=quote(match.price_over_60, "price_60"),
        plays=num(match.xingtu_expected_plays),
        cpm="-" if match.xingtu_expected_cpm_1_20 is None else f"{match.xingtu_expected_cpm_1_20:.2f}",
        interaction=pct(match.interaction_rate_30d),
        completion=pct(match.completion_rate_30d),
        growth="-" if growth is None else f"{growth:+d}",
        categories=m.SEARCH_CATEGORIES(say, categories=categories) if categories else "",
    )
