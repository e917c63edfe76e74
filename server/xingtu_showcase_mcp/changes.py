"""What changed since the last look: this answer against an earlier stored one for the same query.

Planners come back to the same creators week after week. When the store holds an
earlier answer for the same creator and parameters, fetched before the TTL (a
reused answer is not a new look), the new answer says how many days lie between,
which works are new, and how median plays and engagement moved in each section.
Pure functions of two answers: the figures are the answers' own.
"""

from __future__ import annotations

from datetime import datetime

from .models import Changes, SectionChange, ShowcaseSummary

NEW_IDS_LISTED = 10


def since(now: ShowcaseSummary, now_at: datetime, before: ShowcaseSummary, before_at: datetime) -> Changes:
    """The change from `before` (fetched at `before_at`) to `now` (fetched at `now_at`)."""
    new_ids: list[str] = []
    sections: dict[str, SectionChange] = {}
    for name in ("personal", "commissioned"):
        known = set(before.work_ids.get(name, []))
        fresh = [i for i in now.work_ids.get(name, []) if i not in known]
        new_ids += fresh
        was, is_ = getattr(before, name).stats, getattr(now, name).stats
        sections[name] = SectionChange(
            new_works=len(fresh),
            plays_median=(was.plays_median, is_.plays_median),
            engagement=(was.engagement, is_.engagement),
        )
    return Changes(
        since=before_at.strftime("%Y-%m-%dT%H:%MZ"),
        days=max(0, (now_at - before_at).days),
        personal=sections["personal"],
        commissioned=sections["commissioned"],
        new_work_ids=new_ids[:NEW_IDS_LISTED] or None,
    )
