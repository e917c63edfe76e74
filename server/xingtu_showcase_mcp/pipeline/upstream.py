"""The upstream client: one request to any Xingtu endpoint, retried only where it pays.

Every call costs the user quota, and an MCP client abandons a tool call after
about a minute, so the client works to one time budget per tool call
(JUSTONEAPI_TIMEOUT), retries only the failures the error catalogue marks as
retried, backs off with jitter, and stops early rather than start an attempt
it cannot finish. Calls of one server share two things: a limit on requests in
flight (JUSTONEAPI_MAX_CONCURRENCY), and a cool-down after a rate limit, so that
concurrent calls back off together instead of each hammering the API. The
token travels only in the query string of the request itself: it is in no log
line and no error text.
"""

from __future__ import annotations

import logging
import random
from collections.abc import Awaitable, Callable, Sequence
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING, Any, TypeVar

import anyio
import httpx2

from .. import messages, values
from ..config import TIMEOUT_VAR, Settings
from ..errors import ACCOUNT_WIDE, ErrorEntry, ShowcaseError, entry
from ..language import Said
from .cache import AnswerCache, Fetched
from .clock import SYSTEM_CLOCK, Clock
from .digest import CHILDREN_AT_ONCE, INLINE_MAX_BYTES, Digest
from .endpoint import Endpoint, Query
from .envelope import Detail, Rejection, words
from .redaction import Redactor

if TYPE_CHECKING:  # at run time only a shared store imports the redis client
    from .shared import Shared

logger = logging.getLogger("xingtu_showcase_mcp.pipeline.upstream")
Q = TypeVar("Q", bound=Query)
A = TypeVar("A")

DETAIL_LIMIT = 300
"""Characters of a failure's details shown (after redaction): what was seen, not a page of it."""


def shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


ProgressFn = Callable[[float, float, str], Awaitable[None]]
"""Called with (seconds spent, seconds allowed, message) while waiting on the API."""


@dataclass(frozen=True, slots=True)
class Timing:
    """The client's delays and limits, in seconds; tests shorten them, users never need to."""

    connect_timeout: float = 10.0
    """A connection that takes longer is as good as refused; leave the rest of the budget for a retry."""
    min_attempt: float = 2.0
    """Do not start a retry with less time than this left: it would spend quota and time out."""
    progress_interval: float = 4.0
    """Below the 5 s at which some clients start to doubt a silent server."""
    backoff_base: float = 1.0
    backoff_cap: float = 8.0
    retry_after_cap: float = 30.0
    resume_stagger: float = 0.25
    """Calls that waited out a rate-limit pause resume this far apart, not all at once."""
    refusal_remembered: float = 60.0
    """An account-wide refusal (token, quota, balance) answers every call for this long without a request."""
    storm_strikes: int = 3
    """Rate-limited answers in a row (over all calls) after which calls fail at once during the pause
    instead of each spending its retries on an API that keeps refusing."""


@dataclass(slots=True)
class _RateLimit:
    """What every call of this server knows about the API's rate limit."""

    until: float = 0.0
    """The pause lasts until then (monotonic seconds)."""
    strikes: int = 0
    """Rate-limited answers in a row, over all calls; any other answer resets it."""
    entry: ErrorEntry | None = None
    waiting: int = 0
    """Calls waiting out the pause now: each resumes a stagger after the one before."""

    def paused(self, now: float) -> bool:
        return now < self.until

    def storm(self, now: float, storm_strikes: int) -> bool:
        return self.strikes >= storm_strikes and self.paused(now)


@dataclass(frozen=True, slots=True)
class _Failure:
    entry: ErrorEntry
    detail: Detail
    retry_after: float | None = None


@dataclass(slots=True)
class _Exchange:
    """What one response said, as far as it got: the log line and the digest read it."""

    status: int | str = "-"
    content_type: str = ""
    retry_after: float | None = None


def _code(outcome: Fetched[Any] | _Failure | None) -> str:
    """The outcome as a log line says it: the catalogue's key, 0 for an answer, - when there was none."""
    if outcome is None:
        return "-"
    return outcome.entry.key if isinstance(outcome, _Failure) else "0"


def _network_failure(exc: Exception, queued: bool) -> _Failure | None:
    """The catalogue's failure for what the network raised (None: not the network's, let it rise).

    Whether a retry may pay twice is the catalogue's (`errors.ErrorEntry`): no connection means no request,
    while a connection lost after sending may have been charged."""
    if isinstance(exc, httpx2.ConnectTimeout):
        return _Failure(entry("unreachable"), (Said(messages.SEEN_CONNECT_TIMEOUT),))
    if isinstance(exc, TimeoutError | httpx2.TimeoutException):
        # Queued behind another large body, the time went to us, not to the API.
        return _Failure(entry("timeout"), (Said(messages.SEEN_DIGEST_SLOW if queued else messages.SEEN_NO_ANSWER),))
    kind = {"kind": type(exc).__name__}
    if isinstance(exc, httpx2.ConnectError | httpx2.UnsupportedProtocol | httpx2.ProxyError):
        return _Failure(entry("unreachable"), (Said(messages.SEEN_NETWORK, kind),))
    if isinstance(exc, httpx2.HTTPError):
        return _Failure(entry("connection_lost"), (Said(messages.SEEN_NETWORK, kind),))
    return None


class _Turn:
    """One request's turn at the large-body limiter: taken in the middle of a read, given back once digested.

    By hand rather than `async with`: the turn is taken inside the read and outlives it, until the digest
    after the response is closed; only the task that took it gives it back (anyio's limiter requires it).
    """

    def __init__(self, limiter: anyio.CapacityLimiter) -> None:
        self._limiter = limiter
        self._held = False
        self.waiting = False
        """Whether the request is queued behind another large body (a timeout then is ours, not the API's)."""

    async def take(self) -> None:
        if self._held:
            return
        self.waiting = True
        await self._limiter.acquire()
        self.waiting, self._held = False, True

    def give_back(self) -> None:
        if self._held:
            self._limiter.release()
            self._held = False


class UpstreamClient:
    """Calls Just One API's Xingtu endpoints through a shared `httpx2.AsyncClient`; each call names its
    `Endpoint`, and shares the budget, retries, limits, pauses, cache and store with every other."""

    def __init__(
        self,
        http: httpx2.AsyncClient,
        settings: Settings,
        digest: Digest,
        cache: AnswerCache,
        *,
        shared: Shared | None = None,
        clock: Clock = SYSTEM_CLOCK,
        timing: Timing | None = None,
    ) -> None:
        self._http = http
        self._settings = settings
        self._digest = digest
        self._clock = clock
        self._timing = timing or Timing()
        self._rng = random.Random()  # noqa: S311 - jitter, not cryptography
        self._limiter = anyio.CapacityLimiter(settings.max_concurrency)
        self._large_bodies = anyio.CapacityLimiter(CHILDREN_AT_ONCE)
        """Held from a body's first byte past INLINE_MAX_BYTES until it is digested: concurrent large answers
        wait with the rest unread, in the socket, instead of each holding its megabytes while the one digest
        child works through them."""
        self._cache = cache
        self._shared = shared
        """Redis, when instances share it: the concurrency limit and the rate-limit pause hold across them."""
        self._limit = _RateLimit()
        self._refused: tuple[ErrorEntry, float] | None = None
        """The last account-wide refusal this server met, and when (epoch seconds)."""
        self._redact = Redactor(settings.secrets)

    async def fetch(self, endpoint: Endpoint[Q, A], query: Q, progress: ProgressFn | None = None) -> Fetched[A]:
        """Fetch one answer, or raise ShowcaseError explaining why not.

        While waiting, `progress` is called every few seconds so that a client
        that asked for progress knows the call is alive.
        """
        [outcome] = await self.fetch_many(endpoint, [query], progress)
        if isinstance(outcome, ShowcaseError):
            raise outcome
        return outcome

    async def fetch_many(
        self, endpoint: Endpoint[Q, A], queries: Sequence[Q], progress: ProgressFn | None = None
    ) -> list[Fetched[A] | ShowcaseError]:
        """Fetch several answers at once, each within the same time budget; one outcome per query.

        They share the concurrency limit, so asking for twenty creators never
        opens more than JUSTONEAPI_MAX_CONCURRENCY connections.
        """
        token = self._settings.token
        if not token:
            return [ShowcaseError(entry("no_token")) for _ in queries]
        started = self._clock.monotonic()
        outcomes: list[Fetched[A] | ShowcaseError] = [ShowcaseError(entry("timeout")) for _ in queries]

        async def one(index: int, query: Q) -> None:
            try:
                outcomes[index] = await self._cache.fetch(
                    endpoint, query, lambda: self._retrying(endpoint, query, token, started)
                )
            except ShowcaseError as exc:
                outcomes[index] = exc

        async with anyio.create_task_group() as ticking:
            if progress is not None:
                ticking.start_soon(self._tick, progress, started)
            async with anyio.create_task_group() as fetching:
                for index, query in enumerate(queries):
                    fetching.start_soon(one, index, query)
            ticking.cancel_scope.cancel()
        return outcomes

    def now(self) -> datetime:
        """This server's wall clock (a test's virtual one): what an answer's age is told against."""
        return self._clock.now()

    async def known(self, endpoint: Endpoint[Q, A], creator: str) -> Fetched[A] | None:
        """The newest answer of `endpoint` for `creator` this server already holds (`AnswerCache.known`)."""
        return await self._cache.known(endpoint, creator)

    async def _retrying(self, endpoint: Endpoint[Q, A], query: Q, token: str, started: float) -> Fetched[A]:
        """Attempts until one succeeds, a failure is final, or the budget would run out."""
        deadline = started + self._settings.timeout
        attempts = 0
        while True:
            await self._refuse_if_refused_recently(attempts, started)
            await self._adopt_shared_pause()
            await self._pace(attempts, started, deadline)
            async with self._limiter, self._everywhere(deadline):
                now = self._clock.monotonic()
                if self._limit.paused(now):
                    continue  # a pause began while this call waited for a slot: wait it out, slot released
                self._check_time_left(attempts, started, deadline, now)
                attempts += 1
                outcome = await self._request(endpoint, query, token, attempts, deadline)
            now = self._clock.monotonic()
            if isinstance(outcome, Fetched):
                self._limit.strikes = 0
                return outcome
            delay = self._delay(attempts, outcome.retry_after)
            if outcome.entry.rate_limit:
                self._limit.strikes += 1
                self._limit.entry = outcome.entry
                self._limit.until = max(self._limit.until, now + delay)
                if self._shared is not None:
                    await self._shared.pause(self._clock.now().timestamp() + delay)
            else:
                self._limit.strikes = 0
            if outcome.entry.account_wide:
                await self._remember_refusal(outcome.entry)
            if not outcome.entry.retried or attempts > self._settings.max_retries:
                raise self._error(outcome, attempts, now - started)
            if self._limit.storm(now, self._timing.storm_strikes):
                raise self._storm(attempts, started, now)
            if now + delay + self._timing.min_attempt > deadline:
                late = (Said(messages.LIST_SEP), Said(messages.SEEN_NO_TIME_TO_RETRY))
                failure = _Failure(outcome.entry, outcome.detail + late)
                raise self._error(failure, attempts, now - started)
            logger.info("retrying %s in %.1f s after %s", query.subject, delay, outcome.entry.key)
            await self._clock.sleep(delay)

    async def _remember_refusal(self, refused: ErrorEntry) -> None:
        """An invalid token, an exhausted quota or balance: every call would get the same answer for a while."""
        at = self._clock.now().timestamp()
        self._refused = (refused, at)
        if self._shared is not None:
            await self._shared.refuse(refused.key, at, self._timing.refusal_remembered)

    async def _refuse_if_refused_recently(self, attempts: int, started: float) -> None:
        """Fail at once, sending nothing, when this server or another instance met an account-wide refusal in
        the last `Timing.refusal_remembered` seconds: the request would be refused the same way, or charged for
        nothing."""
        now = self._clock.now().timestamp()
        seen = self._refused
        if self._shared is not None:
            shared = await self._shared.refusal(now, self._timing.refusal_remembered)
            if shared is not None and shared[0] in ACCOUNT_WIDE and (seen is None or shared[1] > seen[1]):
                seen = (entry(shared[0]), shared[1])
        if seen is None or now - seen[1] > self._timing.refusal_remembered:
            return
        ago = f"{max(now - seen[1], 0):.0f}"
        detail = (Said(messages.SEEN_REFUSED_RECENTLY, {"seconds": ago}),)
        raise self._error(_Failure(seen[0], detail), attempts, self._clock.monotonic() - started)

    def _everywhere(self, deadline: float) -> AbstractAsyncContextManager[None]:
        """A slot of JUSTONEAPI_MAX_CONCURRENCY over every instance sharing Redis (nothing more without it);
        the lease expires with the call's budget, so a dead instance's slot comes back."""
        if self._shared is None:
            return nullcontext()
        return self._shared.lease(self._settings.max_concurrency, max(deadline - self._clock.monotonic(), 1.0))

    async def _adopt_shared_pause(self) -> None:
        """A rate limit another instance met pauses this one too (its pause, in this clock's terms)."""
        if self._shared is None:
            return
        # The longest pause any instance sets (its delay is capped by these), and a second for clock drift.
        longest = max(self._timing.retry_after_cap, self._timing.backoff_cap) + 1.0
        until = await self._shared.pause_until(longest)
        left = until - self._clock.now().timestamp()
        if left > 0:
            self._limit.until = max(self._limit.until, self._clock.monotonic() + left)
            self._limit.entry = self._limit.entry or entry("302")

    async def _pace(self, attempts: int, started: float, deadline: float) -> None:
        """Wait out a rate limit another call of this server has met, staggered, if the budget allows;
        during a storm (the API keeps refusing) fail at once instead."""
        now = self._clock.monotonic()
        if not self._limit.paused(now):
            return
        if self._limit.storm(now, self._timing.storm_strikes):
            raise self._storm(attempts, started, now)
        wait = self._limit.until - now + self._limit.waiting * self._timing.resume_stagger
        if now + wait + self._timing.min_attempt > deadline:
            detail = (Said(messages.SEEN_PAUSING, {"seconds": f"{wait:.1f}"}),)
            raise self._error(_Failure(self._limit.entry or entry("302"), detail), attempts, now - started)
        self._limit.waiting += 1
        try:
            await self._clock.sleep(wait)
        finally:
            self._limit.waiting -= 1

    def _check_time_left(self, attempts: int, started: float, deadline: float, now: float) -> None:
        """Refuse to start a request that could not finish: it would spend quota and be abandoned.

        A first attempt needs the minimum useful time, or half the budget when the whole budget is
        shorter; this holds after waiting for a slot too.
        """
        needed = self._timing.min_attempt if attempts else min(self._timing.min_attempt, self._settings.timeout / 2)
        if deadline - now >= needed:
            return
        detail = (Said(messages.SEEN_NO_TIME_TO_START, {"seconds": f"{max(deadline - now, 0):.1f}"}),)
        raise self._error(_Failure(entry("timeout"), detail), attempts, now - started)

    def _storm(self, attempts: int, started: float, now: float) -> ShowcaseError:
        seconds = f"{self._limit.until - now:.0f}"
        detail = (Said(messages.SEEN_STORM, {"n": self._limit.strikes, "seconds": seconds}),)
        return self._error(_Failure(self._limit.entry or entry("302"), detail), attempts, now - started)

    async def _request(
        self, endpoint: Endpoint[Q, A], query: Q, token: str, attempt: int, deadline: float
    ) -> Fetched[A] | _Failure:
        """One HTTP request, its answer digested into a summary or a failure; never raises for the network.
        Each request sent is one log line: the creator, the endpoint, the attempt, the status and the outcome."""
        began = self._clock.monotonic()
        remaining = deadline - began
        if remaining <= 0:
            return _Failure(entry("timeout"), (Said(messages.SEEN_BUDGET_SPENT),))
        exchange = _Exchange()
        outcome: Fetched[A] | _Failure | None = None  # None: cancelled on the way, logged as "-"
        try:
            outcome = await self._attempt(endpoint, query, token, remaining, deadline, exchange)
            return outcome
        finally:
            logger.info(
                "upstream for=%s endpoint=%s attempt=%d status=%s code=%s %.0f ms",
                query.subject,
                endpoint.name,
                attempt,
                exchange.status,
                _code(outcome),
                (self._clock.monotonic() - began) * 1000,
            )

    async def _attempt(
        self, endpoint: Endpoint[Q, A], query: Q, token: str, remaining: float, deadline: float, exchange: _Exchange
    ) -> Fetched[A] | _Failure:
        """Send, read to the cap, digest; the network's exceptions become the catalogue's failures."""
        large = _Turn(self._large_bodies)
        try:
            with anyio.fail_after(remaining):
                body = await self._exchange(endpoint, query, token, remaining, large, exchange)
            if isinstance(body, _Failure):
                return body
            return await self._digested(endpoint, query, body, deadline, exchange)
        except Exception as exc:
            failure = _network_failure(exc, large.waiting)
            if failure is None:
                raise
            return failure
        finally:
            large.give_back()

    async def _exchange(
        self, endpoint: Endpoint[Q, A], query: Q, token: str, remaining: float, large: _Turn, exchange: _Exchange
    ) -> list[bytes] | _Failure:
        """The request sent and its body read (to the cap); what the response said is noted in `exchange`."""
        request = self._http.build_request(
            "GET",
            self._settings.base_url + endpoint.path,
            params={**query.params(), "token": token},
            timeout=httpx2.Timeout(remaining, connect=min(self._timing.connect_timeout, remaining)),
        )
        response = await self._http.send(request, stream=True)
        try:
            exchange.status = response.status_code
            exchange.content_type = response.headers.get("content-type", "")
            body = await self._read_capped(response, large)
            exchange.retry_after = self._retry_after(response)
        finally:
            await response.aclose()
        return body

    async def _digested(
        self, endpoint: Endpoint[Q, A], query: Q, body: list[bytes], deadline: float, exchange: _Exchange
    ) -> Fetched[A] | _Failure:
        """The body read into the endpoint's answer within what is left of the budget, or why it could not be."""
        fetched_at = self._clock.now()
        status = exchange.status if isinstance(exchange.status, int) else 0
        try:
            with anyio.fail_after(max(deadline - self._clock.monotonic(), 0.001)):
                answer = await self._digest(endpoint, status, exchange.content_type, body, query, fetched_at)
        except Rejection as rejection:
            return _Failure(rejection.entry, rejection.detail, exchange.retry_after)
        except TimeoutError:
            return _Failure(entry("timeout"), (Said(messages.SEEN_DIGEST_SLOW),))
        except Exception:  # a value no test foresaw: this creator's failure, explained, never cached
            logger.exception("could not digest the %s answer for %s", endpoint.name, query.subject)
            return _Failure(entry("unsummarisable"), ())
        return Fetched(answer, fetched_at=fetched_at)

    async def _read_capped(self, response: httpx2.Response, large: _Turn) -> list[bytes] | _Failure:
        """The body, decompressed, unless it grows past JUSTONEAPI_MAX_RESPONSE_MB: then it is left unread.

        httpx2 would read and inflate a body of any size (a gzip bomb of 1 MB becomes 1 GB); reading it
        chunk by chunk bounds what one answer can cost in memory to the cap plus one inflated chunk. Past
        INLINE_MAX_BYTES the read waits for `large`, the turn at the digest child.
        """
        cap = self._settings.max_response_mb * 1024 * 1024
        too_large = _Failure(
            entry("too_large"), (Said(messages.SEEN_TOO_LARGE, {"mb": self._settings.max_response_mb}),)
        )
        declared = values.integer(response.headers.get("content-length"))
        if declared is not None and declared > cap:
            return too_large
        chunks: list[bytes] = []
        size = 0
        async for chunk in response.aiter_bytes():
            size += len(chunk)
            if size > cap:
                return too_large
            if size > INLINE_MAX_BYTES:
                await large.take()
            chunks.append(chunk)
        return chunks  # never joined here: a large body goes to the digest child chunk by chunk

    def _delay(self, attempts: int, retry_after: float | None) -> float:
        """Exponential back-off with jitter, stretched to the server's Retry-After."""
        ceiling = min(self._timing.backoff_cap, self._timing.backoff_base * 2 ** (attempts - 1))
        delay = ceiling * self._rng.uniform(0.5, 1.0)
        if retry_after is not None:
            delay = max(delay, retry_after)
        return delay

    def _retry_after(self, response: httpx2.Response) -> float | None:
        """Seconds to wait from a Retry-After header, in seconds or as an HTTP date (RFC 9110), capped."""
        value = response.headers.get("retry-after", "").strip()[:64]
        seconds = values.number(value) if value[:1].isdigit() else None
        if seconds is None and value:
            try:
                when = parsedate_to_datetime(value)
            except (TypeError, ValueError, IndexError, OverflowError):
                return None
            if when.tzinfo is None:
                return None
            seconds = (when - self._clock.now()).total_seconds()
        if seconds is None:
            return None
        return min(max(seconds, 0.0), self._timing.retry_after_cap)

    def _error(self, failure: _Failure, attempts: int, elapsed: float) -> ShowcaseError:
        """The failure in the reader's words, every secret taken out of whatever the upstream echoed."""
        detail = failure.detail
        if failure.entry.key == "timeout":
            setting = Said(
                messages.SEEN_TIMEOUT_SETTING, {"var": TIMEOUT_VAR, "seconds": f"{self._settings.timeout:g}"}
            )
            detail = (*detail, Said(messages.LIST_SEP), setting)
        text = shorten(self._redact(words(detail, self._settings.language)), DETAIL_LIMIT)
        return ShowcaseError(failure.entry, detail=text, attempts=attempts, elapsed=elapsed)

    async def _tick(self, progress: ProgressFn, started: float) -> None:
        """Progress notifications on a real timer: a virtual clock must not make them spin."""
        budget = self._settings.timeout
        while True:
            await anyio.sleep(self._timing.progress_interval)
            spent = self._clock.monotonic() - started
            message = messages.PROGRESS(self._settings.language, spent=f"{spent:.0f}", budget=f"{budget:g}")
            try:
                await progress(min(spent, budget), budget, message)
            except Exception:  # a client gone away must not fail the call itself
                logger.debug("progress notification failed", exc_info=True)
                return
