"""The Showcase Items endpoint declared for the pipeline: its query, its digest into a `ShowcaseSummary`,
how that is kept (with every work's id beside it, for "what changed") and compared with the last one."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from ..contract import ENDPOINT_PATH, ShowcaseQuery
from ..models import ShowcaseSummary
from ..pipeline.endpoint import Context, Endpoint
from ..values import as_list, as_object
from . import changes
from .summary import summarise


def _digest(data: Mapping[str, Any], query: ShowcaseQuery, context: Context) -> ShowcaseSummary:
    return summarise(
        dict(data),
        query,
        record_time=context.record_time,
        fetched_at=context.fetched_at,
        demo=context.demo,
        language=context.language,
    )


def _dump(answer: ShowcaseSummary) -> tuple[str, str]:
    return answer.model_dump_json(exclude={"from_cache", "changes"}), json.dumps(answer.work_ids)


def _load(body: str, extra: str) -> ShowcaseSummary | None:
    ids = work_ids(json.loads(extra))
    return None if ids is None else ShowcaseSummary.model_validate_json(body).with_work_ids(ids)


def work_ids(value: object) -> dict[str, list[str]] | None:
    """A stored answer's work ids, or None when the row holds anything else: a bad row is as good as absent,
    never an error for every later call."""
    ids = as_object(value)
    if ids is None:
        return None
    found: dict[str, list[str]] = {}
    for section, listed in ids.items():
        entries = as_list(listed)
        if entries is None or not all(isinstance(i, str) for i in entries):
            return None
        found[section] = [str(i) for i in entries]
    return found


def _since(now: ShowcaseSummary, now_at: datetime, before: ShowcaseSummary, before_at: datetime) -> ShowcaseSummary:
    changed = changes.since(now, now_at, before, before_at)
    return now.model_copy(update={"changes": changed}).with_work_ids(now.work_ids)


def _reused(answer: ShowcaseSummary) -> ShowcaseSummary:
    return answer.model_copy(update={"from_cache": True}).with_work_ids(answer.work_ids)


ENDPOINT: Final[Endpoint[ShowcaseQuery, ShowcaseSummary]] = Endpoint(
    name="showcase",
    path=ENDPOINT_PATH,
    module=__name__,
    query=ShowcaseQuery,
    digest=_digest,
    dump=_dump,
    load=_load,
    reused=_reused,
    index=lambda query: query.author_id,
    since=_since,
)
