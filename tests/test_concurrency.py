"""Many calls at once: shared back-off after a rate limit, cancellation, and load over stdio."""

from __future__ import annotations

import sys
import tempfile
import time
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.types import CallToolResult

from xingtu_showcase_mcp.models import WORK_COLUMNS
from xingtu_showcase_mcp.pipeline.upstream import Timing

from conftest import VirtualClock, call, connected, settings_for, text_of, until
from emulator import Emulator, Reply

SCRIPT = Path(sys.executable).with_name("xingtu-showcase-mcp")
AUTHOR = "6787286580932689933"
pytestmark = pytest.mark.anyio


def stdio_params(emulator: Emulator, **extra: str) -> StdioServerParameters:
    env = {
        "JUSTONEAPI_TOKEN": emulator.token,
        "JUSTONEAPI_BASE_URL": emulator.url,
        "JUSTONEAPI_TIMEOUT": "30",
        "JUSTONEAPI_CACHE_TTL": "0",
        "XINGTU_SHOWCASE_LOG_LEVEL": "WARNING",
        **extra,
    }
    return StdioServerParameters(command=str(SCRIPT), env=env)


@pytest.mark.parametrize("limit", [Reply.envelope(302), Reply.json({"message": "TOO FAST"}, status=429)])
async def test_calls_back_off_together_after_a_rate_limit(
    emulator: Emulator, limit: Reply, clock: VirtualClock
) -> None:
    emulator.plan(limit)
    results: list[CallToolResult] = []
    clock.gate = anyio.Event()

    async def one(author: str) -> None:
        results.append(await call(client, oAuthorId=author))

    async with connected(settings_for(emulator), clock=clock) as client, anyio.create_task_group() as tg:
        tg.start_soon(one, AUTHOR)
        await until(lambda: len(clock.slept) == 1)  # the rate-limit answer is back: the pause has begun
        for n in range(5):
            tg.start_soon(one, str(10**18 + n))
        await until(lambda: len(clock.slept) == 6)  # all five wait out the same pause...
        assert len(emulator.requests) == 1  # ...without a request
        clock.gate.set()

    assert len(results) == 6 and not any(r.is_error for r in results)
    assert len(emulator.requests) == 7  # the limited one, its retry, and five others: nobody hammered
    # The limited call backed off at least half the base delay (jitter); the five others waited out the
    # shared pause before their first request.
    base = Timing().backoff_base
    assert clock.slept[0] >= base * 0.5
    assert len(clock.slept) >= 6 and all(s > 0 for s in clock.slept)


async def test_retry_after_is_honoured(emulator: Emulator, clock: VirtualClock) -> None:
    limited = Reply(429, b'{"message": "TOO FAST"}', headers={"retry-after": "7"})
    emulator.plan(limited)
    async with connected(settings_for(emulator), clock=clock) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert not result.is_error
    assert len(emulator.requests) == 2
    assert clock.slept == [7.0]  # above any jittered back-off (at most 1 s on a first retry)


async def test_retry_after_as_an_http_date_is_honoured(emulator: Emulator, clock: VirtualClock) -> None:
    when = format_datetime(clock.now() + timedelta(seconds=12), usegmt=True)  # RFC 9110's IMF-fixdate
    emulator.plan(Reply(429, b'{"message": "TOO FAST"}', headers={"retry-after": when}))
    async with connected(settings_for(emulator, timeout=30), clock=clock) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert not result.is_error
    assert len(emulator.requests) == 2
    assert 11.0 <= clock.slept[0] <= 12.0  # the date has a resolution of one second


async def test_no_cookie_is_kept_or_sent_back(emulator: Emulator) -> None:
    emulator.plan(Reply(200, Reply.success().body, headers={"set-cookie": "session=abc123; Path=/"}))
    async with connected(settings_for(emulator, cache_ttl=0)) as client:
        await call(client, oAuthorId=AUTHOR)
        await call(client, oAuthorId=AUTHOR)
    assert len(emulator.requests) == 2
    assert "cookie" not in emulator.requests[1].headers


async def test_retry_after_is_capped(emulator: Emulator, clock: VirtualClock) -> None:
    emulator.plan(Reply(429, b'{"message": "TOO FAST"}', headers={"retry-after": "3600"}))
    async with connected(settings_for(emulator, timeout=120), clock=clock) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert not result.is_error
    assert clock.slept == [Timing().retry_after_cap]


async def test_no_retry_starts_without_the_time_it_needs(emulator: Emulator, clock: VirtualClock) -> None:
    emulator.plan(Reply(429, b'{"message": "TOO FAST"}', headers={"retry-after": "9"}))
    async with connected(settings_for(emulator, timeout=10), clock=clock) as client:
        result = await call(client, oAuthorId=AUTHOR)
    # 9 s of pause plus the 2 s an attempt needs do not fit in 10 s: one request, explained, no wait.
    assert result.is_error and "no time left in the budget to retry" in text_of(result)
    assert len(emulator.requests) == 1 and clock.slept == []


async def test_a_pause_longer_than_the_budget_fails_fast_without_a_request(
    emulator: Emulator, clock: VirtualClock
) -> None:
    emulator.plan(Reply(429, b'{"message": "TOO FAST"}', headers={"retry-after": "20"}))
    async with connected(settings_for(emulator, timeout=5, max_retries=0), clock=clock) as client:
        first = await call(client, oAuthorId=AUTHOR)
        second = await call(client, oAuthorId=AUTHOR)
    assert first.is_error and second.is_error
    # Explained as the rate limit the API actually gave (here its gateway's 429), with the pause.
    assert "Too many requests (HTTP 429)" in text_of(second) and "pausing" in text_of(second)
    assert clock.slept == []  # it failed at once instead of waiting out the pause
    assert len(emulator.requests) == 1


async def test_a_rate_limit_storm_fails_fast_instead_of_multiplying_requests(
    emulator: Emulator, clock: VirtualClock
) -> None:
    """50 calls at once against an API that always answers 429: at most 60 requests, every call explained."""
    emulator.default = Reply.json({"message": "TOO FAST"}, status=429)
    authors = [str(7 * 10**18 + n) for n in range(50)]
    results: list[CallToolResult] = []

    async def one(author: str) -> None:
        results.append(await call(client, oAuthorId=author))

    async with connected(settings_for(emulator), clock=clock) as client, anyio.create_task_group() as tg:
        for author in authors:
            tg.start_soon(one, author)

    assert len(results) == 50 and all(r.is_error for r in results)
    assert all("Too many requests (HTTP 429)" in text_of(r) for r in results)
    assert len(emulator.requests) <= 60, len(emulator.requests)
    assert emulator.max_in_flight <= 4


async def test_calls_that_waited_out_a_pause_resume_staggered(emulator: Emulator, clock: VirtualClock) -> None:
    emulator.plan(Reply(429, b'{"message": "TOO FAST"}', headers={"retry-after": "5"}))
    clock.gate = anyio.Event()
    results: list[CallToolResult] = []

    async def one(author: str) -> None:
        results.append(await call(client, oAuthorId=author))

    async with connected(settings_for(emulator, timeout=30), clock=clock) as client, anyio.create_task_group() as tg:
        tg.start_soon(one, AUTHOR)
        await until(lambda: len(clock.slept) == 1)  # the 429 is back: a 5 s pause has begun
        for n in range(4):
            tg.start_soon(one, str(10**18 + n))
        await until(lambda: len(clock.slept) == 5)
        clock.gate.set()
    assert not any(r.is_error for r in results)
    # The four waited out what was left of the 5 s pause, each a stagger after the one before: not all at once.
    stagger = Timing().resume_stagger
    assert sorted(clock.slept[1:]) == pytest.approx([5.0 + n * stagger for n in range(4)])


async def test_no_request_starts_with_too_little_time_after_waiting_for_a_slot(
    emulator: Emulator, clock: VirtualClock
) -> None:
    """One connection, 0.3 s per answer, a 1 s budget: five calls cannot all fit, and those that cannot
    are refused before a request, never started and abandoned."""
    emulator.takes = lambda: clock.advance(0.3)  # on the test's clock: the same counts on any machine
    results: list[CallToolResult] = []

    async def one(author: str) -> None:
        results.append(await call(client, oAuthorId=author))

    settings = settings_for(emulator, timeout=1.0, max_concurrency=1, max_retries=0)
    async with connected(settings, clock=clock) as client, anyio.create_task_group() as tg:
        for n in range(5):
            tg.start_soon(one, str(10**18 + n))
    # By hand: a first attempt needs half of a budget under 4 s (0.5 s). The first call starts at 0 and is
    # answered at 0.3; the second starts with 0.7 s left, answered at 0.6; then 0.4 s is left: the last
    # three are refused without a request.
    answered = [r for r in results if not r.is_error]
    refused = [r for r in results if r.is_error]
    assert len(answered) == len(emulator.requests) == 2
    assert len(refused) == 3 and all("0.4 s of the time budget left" in text_of(r) for r in refused)
    assert all("too little for a request" in text_of(r) for r in refused)
    assert not any(seen.disconnected for seen in emulator.requests)  # nothing started was abandoned
    assert emulator.max_in_flight <= 1


async def test_cancelling_a_call_aborts_the_upstream_request(emulator: Emulator) -> None:
    emulator.plan(Reply(fault="hang"))
    with tempfile.TemporaryFile("w+") as errlog:
        async with Client(stdio_client(stdio_params(emulator), errlog=errlog)) as client:
            async with anyio.create_task_group() as tg:

                async def doomed() -> None:
                    await call(client, oAuthorId=AUTHOR)

                tg.start_soon(doomed)
                await until(lambda: len(emulator.requests) == 1)
                tg.cancel_scope.cancel()
            # The server got notifications/cancelled and dropped the HTTP request.
            await until(lambda: emulator.requests[0].disconnected, within=5)
            after = await call(client, oAuthorId=AUTHOR)
    assert not after.is_error
    assert len(emulator.requests) == 2


async def test_load_of_100_concurrent_calls_over_one_stdio_session(emulator: Emulator) -> None:
    emulator.latency = 0.05
    emulator.tag_ids = True
    authors = [str(7 * 10**18 + n) for n in range(100)]
    answers: dict[str, CallToolResult] = {}

    async def one(author: str) -> None:
        answers[author] = await call(client, oAuthorId=author)

    with tempfile.TemporaryFile("w+") as errlog:
        async with Client(stdio_client(stdio_params(emulator), errlog=errlog)) as client:
            started = time.monotonic()
            async with anyio.create_task_group() as tg:
                for author in authors:
                    tg.start_soon(one, author)
            spent = time.monotonic() - started

    assert len(answers) == 100 and len(emulator.requests) == 100
    for author, result in answers.items():
        assert not result.is_error, text_of(result)
        assert result.structured_content is not None
        assert result.structured_content["author_id"] == author
        # The emulator gave the newest work the id it was asked for: no answer is another's.
        assert result.structured_content["personal"]["works"][0][WORK_COLUMNS.index("id")] == author
        assert text_of(result).startswith(f"Xingtu showcase of {author}")
    assert 1 <= emulator.max_in_flight <= 4  # JUSTONEAPI_MAX_CONCURRENCY's default
    assert spent >= 100 / 4 * 0.05 * 0.9  # the limit really held requests back


async def test_concurrency_limit_is_configurable(emulator: Emulator) -> None:
    emulator.latency = 0.05

    async def one(author: str) -> None:
        assert not (await call(client, oAuthorId=author)).is_error

    async with connected(settings_for(emulator, max_concurrency=2)) as client, anyio.create_task_group() as tg:
        for n in range(12):
            tg.start_soon(one, str(10**18 + n))
    assert len(emulator.requests) == 12
    assert emulator.max_in_flight <= 2
