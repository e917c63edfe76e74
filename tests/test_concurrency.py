"""Many calls at once: shared back-off after a rate limit, cancellation, and load over stdio."""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client
from mcp.types import CallToolResult

from xingtu_showcase_mcp.upstream import BACKOFF_BASE

from conftest import call, connected, settings_for, text_of, until
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
async def test_calls_back_off_together_after_a_rate_limit(emulator: Emulator, limit: Reply) -> None:
    emulator.plan(limit)
    results: list[CallToolResult] = []
    limited_at = 0.0

    async def one(author: str) -> None:
        results.append(await call(client, oAuthorId=author))

    async with connected(settings_for(emulator)) as client, anyio.create_task_group() as tg:
        tg.start_soon(one, AUTHOR)
        await until(lambda: len(emulator.requests) == 1)
        limited_at = emulator.requests[0].at
        await anyio.sleep(0.05)  # the rate-limit answer is back: the pause has begun
        for n in range(5):
            tg.start_soon(one, str(10**18 + n))

    assert len(results) == 6 and not any(r.is_error for r in results)
    assert len(emulator.requests) == 7  # the limited one, its retry, and five others: nobody hammered
    # Back-off waits at least half the base delay (jitter); no request came during it.
    later = [seen.at - limited_at for seen in emulator.requests[1:]]
    assert min(later) >= BACKOFF_BASE * 0.5 - 0.05, later


async def test_retry_after_is_honoured(emulator: Emulator) -> None:
    limited = Reply(429, b'{"message": "TOO FAST"}', headers={"retry-after": "2"})
    emulator.plan(limited)
    async with connected(settings_for(emulator)) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert not result.is_error
    first, second = emulator.requests
    assert second.at - first.at >= 1.95


async def test_a_pause_longer_than_the_budget_fails_fast_without_a_request(emulator: Emulator) -> None:
    emulator.plan(Reply(429, b'{"message": "TOO FAST"}', headers={"retry-after": "20"}))
    async with connected(settings_for(emulator, timeout=5, max_retries=0)) as client:
        first = await call(client, oAuthorId=AUTHOR)
        started = time.monotonic()
        second = await call(client, oAuthorId=AUTHOR)
    assert first.is_error and second.is_error
    assert "Rate limit" in text_of(second) and "pausing" in text_of(second)
    assert time.monotonic() - started < 1.0
    assert len(emulator.requests) == 1


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
    emulator.latency = 0.1
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
        assert result.structured_content["personal"]["works"][0][0] == author
        assert f"|{author}\n" in text_of(result)
    assert 1 <= emulator.max_open_connections <= 4  # JUSTONEAPI_MAX_CONCURRENCY's default
    assert spent >= 100 / 4 * 0.1 * 0.9  # the limit really held requests back


async def test_concurrency_limit_is_configurable(emulator: Emulator) -> None:
    emulator.latency = 0.05

    async def one(author: str) -> None:
        assert not (await call(client, oAuthorId=author)).is_error

    async with connected(settings_for(emulator, max_concurrency=2)) as client, anyio.create_task_group() as tg:
        for n in range(12):
            tg.start_soon(one, str(10**18 + n))
    assert len(emulator.requests) == 12
    assert emulator.max_open_connections <= 2
