"""What changed since the last look: this answer against an earlier stored one for the same query.

Planners come back to the same creators week after week. When the store holds an
earlier answer for the same creator and parameters, the new answer says how many
days lie between, which works are new and which left Xingtu's window (named),
and, apart from that change of works, how the plays of the works seen both times
grew. Pure functions of two answers: the figures are the answers' own.
"""

from __future__ import annotations

from datetime import datetime
from typing import Final

from ..glossary import RATE_PLACES
from ..models import Changes, LeftWork, Section, SectionChange, ShowcaseSummary

NEW_IDS_LISTED: Final = 10
LEFT_LISTED: Final = 10


def since(now: ShowcaseSummary, now_at: datetime, before: ShowcaseSummary, before_at: datetime) -> Changes:
    """The change from `before` (fetched at `before_at`) to `now` (fetched at `now_at`)."""
    new_ids: list[str] = []
    left: list[LeftWork] = []
    sections: dict[str, SectionChange] = {}
    for name in ("personal", "commissioned"):
        known = set(before.work_ids.get(name, []))
        current = set(now.work_ids.get(name, []))
        fresh = [i for i in now.work_ids.get(name, []) if i not in known]
        gone = [i for i in before.work_ids.get(name, []) if i not in current]
        new_ids += fresh
        was, is_ = getattr(before, name), getattr(now, name)
        left += _named(was, gone)
        both, growth = _growth(was, is_)
        sections[name] = SectionChange(
            new_works=len(fresh),
            left_works=len(gone),
            seen_both=both,
            plays_growth=growth,
            plays_median=(was.stats.plays_median, is_.stats.plays_median),
            engagement=(was.stats.engagement, is_.stats.engagement),
        )
    return Changes(
        since=before_at.strftime("%Y-%m-%dT%H:%MZ"),
        days=max(0, (now_at - before_at).days),
        personal=sections["personal"],
        commissioned=sections["commissioned"],
        new_work_ids=new_ids[:NEW_IDS_LISTED] or None,
        left=left[:LEFT_LISTED] or None,
    )


def _named(section: Section, ids: list[str]) -> list[LeftWork]:
    """The works that left, with the date and title the earlier answer showed (when it carried them)."""
    rows = {row.id: row for row in section.works}
    return [LeftWork(id=i, date=rows[i].date if i in rows else None, title=rows[i].title if i in rows else None)
            for i in ids]  # fmt: skip


def _growth(before: Section, now: Section) -> tuple[int, float | None]:
    """How many works both answers carry with plays, and their total plays' growth (a fraction)."""
    was = {row.id: row.plays for row in before.works if row.plays is not None}
    is_ = {row.id: row.plays for row in now.works if row.plays is not None}
    both = was.keys() & is_.keys()
    total = sum(was[i] for i in both)
    if not both or total <= 0:
        return len(both), None
    return len(both), round(sum(is_[i] for i in both) / total - 1, RATE_PLACES)
