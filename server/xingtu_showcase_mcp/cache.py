"""A quota-saving cache: successful answers reused for a while, identical calls in flight shared.

An agent asks about the same creator again and again within one conversation,
and a team's agents ask about the same shortlist at the same time; every
upstream call costs money. So a successful answer is kept for
JUSTONEAPI_CACHE_TTL seconds per (author, platform, onlyAssign, flowType), a
bounded number of them, and a call that finds an identical one in flight waits
for its outcome instead of calling again. Errors are shared with the callers
that waited for them but never kept: the next call tries afresh.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Final

import anyio

from . import changes
from .contract import ShowcaseQuery
from .errors import ShowcaseError
from .models import ShowcaseSummary
from .store import Store, Stored

logger = logging.getLogger("xingtu_showcase_mcp.cache")


CLOCK_SKEW: Final = timedelta(seconds=60)
"""How far ahead of this server's clock another instance's fetch time is still believed (clocks drift)."""


@dataclass(frozen=True, slots=True)
class Fetched:
    """A successful answer and when it was fetched: what the cache keeps and shares.

    The answer, not the payload it was made from: some kilobytes, whatever the number of works.
    """

    answer: ShowcaseSummary
    fetched_at: datetime
    cached: bool = False
    """True when this answer was reused (from the cache, or from an identical call in flight)."""


@dataclass(slots=True)
class _Flight:
    done: anyio.Event = field(default_factory=anyio.Event)
    outcome: Fetched | ShowcaseError | None = None
    """None when the call in flight was cancelled: a waiter then makes its own."""


class ShowcaseCache:
    """Per-process TTL cache with request coalescing; `ttl` 0 keeps nothing but still coalesces.

    Behind it, a `Store` may keep answers beyond the process (see `store.py`): a miss here asks the store for
    an answer fetched within the TTL before calling, and every new answer is handed to it. `namespace` names
    what else an answer depends on (the API server, the language), so that no store serves one for another.
    """

    def __init__(
        self,
        ttl: float,
        max_entries: int,
        clock: Callable[[], float] = time.monotonic,
        *,
        store: Store | None = None,
        namespace: str = "",
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
        lead_for: float = 60.0,
    ) -> None:
        self._ttl = ttl
        self._max = max_entries
        self._clock = clock
        self._entries: OrderedDict[ShowcaseQuery, tuple[float, Fetched]] = OrderedDict()
        self._flights: dict[ShowcaseQuery, _Flight] = {}
        self._store = store
        self._namespace = namespace
        self._now = now
        self._store_failed = False
        self._lead_for = lead_for
        """How long another instance may wait for this one's answer before fetching by itself."""

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: ShowcaseQuery) -> Fetched | None:
        """A fresh cached answer, marked as cached, or None."""
        found = self._entries.get(key)
        if found is None:
            return None
        expires, value = found
        if self._clock() >= expires:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return _as_cached(value)

    def put(self, key: ShowcaseQuery, value: Fetched) -> None:
        if self._ttl <= 0:
            return
        self._entries[key] = (self._clock() + self._ttl, value)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    async def fetch(self, key: ShowcaseQuery, produce: Callable[[], Awaitable[Fetched]]) -> Fetched:
        """The cached answer, the outcome of an identical call in flight, or a new call's."""
        while True:
            hit = self.get(key)
            if hit is not None:
                return hit
            flight = self._flights.get(key)
            if flight is None:
                return await self._lead(key, produce)
            await flight.done.wait()
            if isinstance(flight.outcome, ShowcaseError):
                raise flight.outcome
            if flight.outcome is not None:
                return _as_cached(flight.outcome)
            # The call we waited for was cancelled: loop, and make our own.

    async def _lead(self, key: ShowcaseQuery, produce: Callable[[], Awaitable[Fetched]]) -> Fetched:
        flight = _Flight()
        self._flights[key] = flight
        try:
            value = await self._from_store(key)
            if value is None:
                value = await self._fetch_once_everywhere(key, produce)
        except ShowcaseError as exc:
            flight.outcome = exc
            raise
        else:
            flight.outcome = value
            self.put(key, value)
            return value
        finally:
            del self._flights[key]
            flight.done.set()

    def store_key(self, key: ShowcaseQuery) -> str:
        flags = f"{key.platform}|{'assigned' if key.only_assign else 'all'}|{key.flow_type}"
        return f"{self._namespace}|{key.author_id}|{flags}"

    async def _from_store(self, key: ShowcaseQuery) -> Fetched | None:
        if self._store is None or self._ttl <= 0:
            return None
        try:
            now = self._now()
            stored = await self._store.get(
                self.store_key(key), newer_than=now - timedelta(seconds=self._ttl), not_after=now + CLOCK_SKEW
            )
        except Exception as exc:  # a broken store costs the reuse, never the call
            self._warn_once("read", exc)
            return None
        return None if stored is None else Fetched(stored.answer, fetched_at=stored.fetched_at, cached=True)

    async def _fetch_once_everywhere(self, key: ShowcaseQuery, produce: Callable[[], Awaitable[Fetched]]) -> Fetched:
        """A new answer, fetched by this instance unless another sharing the store is fetching it already:
        then its answer, from the store, once it has finished (or our own, if the leader failed)."""
        if self._store is None:
            return await self._fresh(key, produce)
        async with self._store.lead(self.store_key(key), self._lead_for) as leading:
            if leading:
                # Checked again under the lock: another instance may have stored the answer between our
                # first look and the lock (it released it as we arrived), and a request costs money.
                found = await self._from_store(key)
                return found if found is not None else await self._fresh(key, produce)
        found = await self._from_store(key)
        return found if found is not None else await self._fresh(key, produce)

    async def _fresh(self, key: ShowcaseQuery, produce: Callable[[], Awaitable[Fetched]]) -> Fetched:
        """Fetched now, with what changed since the last look, and handed to the store."""
        value = await self._since_last_look(key, await produce())
        await self._to_store(key, value)
        return value

    async def _since_last_look(self, key: ShowcaseQuery, value: Fetched) -> Fetched:
        """A new answer with what changed since the last one stored for the same query (older than the TTL:
        a newer one would have been reused)."""
        if self._store is None:
            return value
        try:
            before = await self._store.previous(self.store_key(key), not_after=value.fetched_at)
        except Exception as exc:
            self._warn_once("read", exc)
            return value
        if before is None:
            return value
        answer = value.answer.model_copy(
            update={"changes": changes.since(value.answer, value.fetched_at, before.answer, before.fetched_at)}
        ).with_work_ids(value.answer.work_ids)
        return replace(value, answer=answer)

    async def _to_store(self, key: ShowcaseQuery, value: Fetched) -> None:
        """Stored whatever the TTL: a TTL of 0 stops reuse, not the history "what changed" is told from."""
        if self._store is None:
            return
        try:
            await self._store.put(self.store_key(key), key.author_id, Stored(value.answer, value.fetched_at))
        except Exception as exc:
            self._warn_once("write", exc)

    def _warn_once(self, what: str, exc: Exception) -> None:
        """One line, naming what failed and how (a busy, full or broken file): no traceback, which would read
        as a crash in a log that is supposed to be safe to share."""
        if not self._store_failed:
            logger.warning(
                "the answer store failed to %s (%s); answers stay in this process only", what, type(exc).__name__
            )
            self._store_failed = True


def _as_cached(value: Fetched) -> Fetched:
    return value if value.cached else replace(value, cached=True)
