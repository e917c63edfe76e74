"""A quota-saving cache: successful answers reused for a while, identical calls in flight shared.

An agent asks about the same creator again and again within one conversation,
and a team's agents ask about the same shortlist at the same time; every
upstream call costs money. So a successful answer is kept for
JUSTONEAPI_CACHE_TTL seconds per endpoint and query (the creator and every
parameter), a bounded number of them, and a call that finds an identical one in
flight waits for its outcome instead of calling again. Errors are shared with
the callers that waited for them but never kept: the next call tries afresh.
The cache knows no endpoint: each call names its `Endpoint`.
"""

from __future__ import annotations

import logging
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any, Final, Generic, TypeVar

import anyio

from ..config import CACHE_ENTRIES, Settings
from ..errors import ShowcaseError
from .clock import Clock
from .endpoint import Endpoint, Query
from .store import Store

A = TypeVar("A")
Q = TypeVar("Q", bound=Query)

logger = logging.getLogger("xingtu_showcase_mcp.pipeline.cache")


CLOCK_SKEW: Final = timedelta(seconds=60)
"""How far ahead of this server's clock another instance's fetch time is still believed (clocks drift)."""


@dataclass(frozen=True, slots=True)
class Fetched(Generic[A]):
    """A successful answer and when it was fetched: what the cache keeps and shares.

    The answer, not the payload it was made from: some kilobytes, whatever the number of works.
    """

    answer: A
    fetched_at: datetime
    cached: bool = False
    """True when this answer was reused (from the cache, or from an identical call in flight)."""


@dataclass(slots=True)
class _Flight:
    done: anyio.Event = field(default_factory=anyio.Event)
    outcome: Fetched[Any] | ShowcaseError | None = None
    """None when the call in flight was cancelled: a waiter then makes its own."""


class AnswerCache:
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
        self._entries: OrderedDict[str, tuple[float, Fetched[Any], tuple[str, str]]] = OrderedDict()
        """Key → (expiry, answer, (endpoint name, creator index))."""
        self._flights: dict[str, _Flight] = {}
        self._store = store
        self._namespace = namespace
        self._now = now
        self._store_failed = False
        self._lead_for = lead_for
        """How long another instance may wait for this one's answer before fetching by itself."""

    def __len__(self) -> int:
        return len(self._entries)

    def get(self, key: str) -> Fetched[Any] | None:
        """A fresh cached answer, marked as cached, or None."""
        found = self._entries.get(key)
        if found is None:
            return None
        expires, value, _ = found
        if self._clock() >= expires:
            del self._entries[key]
            return None
        self._entries.move_to_end(key)
        return _as_cached(value)

    def put(self, key: str, value: Fetched[Any], index: tuple[str, str] = ("", "")) -> None:
        if self._ttl <= 0:
            return
        self._entries[key] = (self._clock() + self._ttl, value, index)
        self._entries.move_to_end(key)
        while len(self._entries) > self._max:
            self._entries.popitem(last=False)

    async def fetch(
        self, endpoint: Endpoint[Q, A], query: Q, produce: Callable[[], Awaitable[Fetched[A]]]
    ) -> Fetched[A]:
        """The cached answer, the outcome of an identical call in flight, or a new call's."""
        key = self.store_key(endpoint, query)
        while True:
            hit: Fetched[A] | None = self.get(key)
            if hit is not None:
                return hit
            flight = self._flights.get(key)
            if flight is None:
                return await self._lead(endpoint, query, produce)
            await flight.done.wait()
            if isinstance(flight.outcome, ShowcaseError):
                raise flight.outcome
            if flight.outcome is not None:
                return _as_cached(flight.outcome)
            # The call we waited for was cancelled: loop, and make our own.

    def newest(self, endpoint: Endpoint[Q, A], creator: str) -> Fetched[A] | None:
        """The newest fresh answer of `endpoint` held here for `creator` (its `Endpoint.index`), whatever the
        parameters: what another tool may reuse without a request."""
        found: Fetched[A] | None = None
        for key, (_, value, index) in list(self._entries.items()):
            fresh = index == (endpoint.name, creator) and self.get(key) is not None
            if fresh and (found is None or value.fetched_at > found.fetched_at):
                found = value
        return found

    async def known(self, endpoint: Endpoint[Q, A], creator: str) -> Fetched[A] | None:
        """The newest answer of `endpoint` for `creator` (its `Endpoint.index`) held here or in the store,
        whatever its parameters and age: what another tool reuses without a request."""
        cached = self.newest(endpoint, creator)
        if cached is not None or self._store is None:
            return cached
        try:
            stored = await self._store.latest(creator)
        except Exception:  # a broken store costs the reuse, never the call (the cache warns for it)
            return None
        answer = None if stored is None else endpoint.loaded(stored)
        return None if stored is None or answer is None else Fetched(answer, stored.fetched_at, cached=True)

    async def _lead(
        self, endpoint: Endpoint[Q, A], query: Q, produce: Callable[[], Awaitable[Fetched[A]]]
    ) -> Fetched[A]:
        key = self.store_key(endpoint, query)
        flight = _Flight()
        self._flights[key] = flight
        try:
            value = await self._from_store(endpoint, key)
            if value is None:
                value = await self._fetch_once_everywhere(endpoint, query, produce)
        except ShowcaseError as exc:
            flight.outcome = exc
            raise
        else:
            flight.outcome = value
            self.put(key, value, (endpoint.name, endpoint.index(query)))
            return value
        finally:
            del self._flights[key]
            flight.done.set()

    def store_key(self, endpoint: Endpoint[Q, A], query: Q) -> str:
        """The namespace, the endpoint's prefix, then the query's own key."""
        return f"{self._namespace}|{endpoint.key_prefix}{query.key()}"

    async def _from_store(self, endpoint: Endpoint[Q, A], key: str) -> Fetched[A] | None:
        if self._store is None or self._ttl <= 0:
            return None
        try:
            now = self._now()
            stored = await self._store.get(
                key, newer_than=now - timedelta(seconds=self._ttl), not_after=now + CLOCK_SKEW
            )
        except Exception as exc:  # a broken store costs the reuse, never the call
            self._warn_once("read", exc)
            return None
        answer = None if stored is None else endpoint.loaded(stored)
        return None if stored is None or answer is None else Fetched(answer, fetched_at=stored.fetched_at, cached=True)

    async def _fetch_once_everywhere(
        self, endpoint: Endpoint[Q, A], query: Q, produce: Callable[[], Awaitable[Fetched[A]]]
    ) -> Fetched[A]:
        """A new answer, fetched by this instance unless another sharing the store is fetching it already:
        then its answer, from the store, once it has finished (or our own, if the leader failed)."""
        if self._store is None:
            return await self._fresh(endpoint, query, produce)
        key = self.store_key(endpoint, query)
        async with self._store.lead(key, self._lead_for) as leading:
            if leading:
                # Checked again under the lock: another instance may have stored the answer between our
                # first look and the lock (it released it as we arrived), and a request costs money.
                found = await self._from_store(endpoint, key)
                return found if found is not None else await self._fresh(endpoint, query, produce)
        found = await self._from_store(endpoint, key)
        return found if found is not None else await self._fresh(endpoint, query, produce)

    async def _fresh(
        self, endpoint: Endpoint[Q, A], query: Q, produce: Callable[[], Awaitable[Fetched[A]]]
    ) -> Fetched[A]:
        """Fetched now, with what changed since the last look, and handed to the store."""
        value = await self._since_last_look(endpoint, query, await produce())
        await self._to_store(endpoint, query, value)
        return value

    async def _since_last_look(self, endpoint: Endpoint[Q, A], query: Q, value: Fetched[A]) -> Fetched[A]:
        """A new answer with what changed since the last one stored for the same query (older than the TTL:
        a newer one would have been reused)."""
        if self._store is None or endpoint.since is None:
            return value
        try:
            before = await self._store.previous(self.store_key(endpoint, query), not_after=value.fetched_at)
        except Exception as exc:
            self._warn_once("read", exc)
            return value
        previous = None if before is None else endpoint.loaded(before)
        if before is None or previous is None:
            return value
        return replace(value, answer=endpoint.since(value.answer, value.fetched_at, previous, before.fetched_at))

    async def _to_store(self, endpoint: Endpoint[Q, A], query: Q, value: Fetched[A]) -> None:
        """Stored whatever the TTL: a TTL of 0 stops reuse, not the history "what changed" is told from."""
        if self._store is None:
            return
        try:
            stored = endpoint.stored(value.answer, value.fetched_at)
            await self._store.put(self.store_key(endpoint, query), endpoint.index(query), stored)
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


def _as_cached(value: Fetched[A]) -> Fetched[A]:
    return value if value.cached else replace(value, cached=True)


def answer_cache(settings: Settings, store: Store, clock: Clock) -> AnswerCache:
    """The cache a server's settings ask for, in front of its store: nothing kept when the store is `off`, and
    answers namespaced by the API server and the language they were fetched from and written in."""
    ttl = 0 if settings.store == "off" else settings.cache_ttl
    namespace = f"{settings.base_url}|{settings.language}"
    return AnswerCache(
        ttl, CACHE_ENTRIES, clock.monotonic, store=store, namespace=namespace, now=clock.now,
        lead_for=settings.timeout,
    )  # fmt: skip
