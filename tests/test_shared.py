"""Many instances, one Redis: a real redis-server, real server processes, the emulator counting requests."""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import AsyncExitStack, ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import anyio
import httpx2
import pytest
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.shared import Shared
from xingtu_showcase_mcp.store import Stored
from xingtu_showcase_mcp.summary import summarise

from conftest import call, connected, free_port, settings_for, text_of, until
from emulator import Emulator, Reply, example_response
from redis_server import REDIS_SERVER, RedisServer

AUTHOR = "6787286580932689933"
SCRIPT = Path(sys.executable).with_name("xingtu-showcase-mcp")
pytestmark = [
    pytest.mark.anyio,
    pytest.mark.skipif(REDIS_SERVER is None and not os.environ.get("CI"), reason="needs redis-server (.ci/run)"),
]


@pytest.fixture(scope="module")
def _redis_server() -> Iterator[RedisServer]:
    server = RedisServer()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def redis(_redis_server: RedisServer) -> Iterator[RedisServer]:
    _redis_server.flush()
    yield _redis_server


@contextmanager
def instances(
    emulator: Emulator, redis: RedisServer, count: int, each: list[dict[str, str]] | None = None, **env: str
) -> Iterator[list[str]]:
    """`count` HTTP server processes sharing one Redis (`each`: settings of their own, per instance); yields
    their URLs once each answers /health."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    base.update(
        JUSTONEAPI_TOKEN=emulator.token,
        JUSTONEAPI_BASE_URL=emulator.url,
        XINGTU_SHOWCASE_STORE=redis.url,
        JUSTONEAPI_CACHE_TTL="600",
        XINGTU_SHOWCASE_LOG_LEVEL="WARNING",
        **env,
    )
    with ExitStack() as stack:
        urls: list[str] = []
        processes: list[subprocess.Popen[bytes]] = []
        for n in range(count):
            port = free_port()
            command = [str(SCRIPT), "serve", "--transport", "http", "--port", str(port)]
            own = {**base, **(each[n] if each else {})}
            process = subprocess.Popen(command, env=own, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            stack.callback(process.kill)
            processes.append(process)
            urls.append(f"http://127.0.0.1:{port}")
        for url in urls:
            for _ in range(300):
                try:
                    if httpx2.get(f"{url}/health", timeout=1).status_code == 200:
                        break
                except httpx2.TransportError:
                    time.sleep(0.05)
        instances.processes = processes  # type: ignore[attr-defined]
        yield urls


async def ask_many(urls: list[str], authors: list[str]) -> list[str]:
    """One MCP client per instance, the authors spread over them round-robin, all asked at once."""
    answers: list[str] = []
    async with AsyncExitStack() as stack:
        clients: list[Client] = []
        for url in urls:
            http = await stack.enter_async_context(httpx2.AsyncClient(timeout=60))
            clients.append(
                await stack.enter_async_context(Client(streamable_http_client(f"{url}/mcp", http_client=http)))
            )

        async def one(client: Client, author: str) -> None:
            result = await client.call_tool("get_showcase_items", {"oAuthorId": author})
            assert not result.is_error, text_of(result)
            answers.append(text_of(result))

        async with anyio.create_task_group() as tg:
            for n, author in enumerate(authors):
                tg.start_soon(one, clients[n % len(clients)], author)
    return answers


async def ask(url: str, author: str) -> str:
    http = httpx2.AsyncClient(timeout=60)
    async with http, Client(streamable_http_client(f"{url}/mcp", http_client=http)) as client:
        result = await client.call_tool("get_showcase_items", {"oAuthorId": author})
    assert not result.is_error, text_of(result)
    return text_of(result)


async def test_the_store_on_redis_keeps_answers_and_their_history(redis: RedisServer) -> None:
    shared = Shared(redis.url)
    answer = summarise(example_response()["data"], ShowcaseQuery(AUTHOR)).with_work_ids({"personal": ["1"]})
    now = datetime.now(UTC)
    await shared.put("k", AUTHOR, Stored(answer, now - timedelta(days=3)))
    await shared.put("k", AUTHOR, Stored(answer, now))
    fresh = await shared.get("k", newer_than=now - timedelta(minutes=10), not_after=now + timedelta(minutes=1))
    earlier = await shared.previous("k", not_after=now - timedelta(days=1))
    latest = await shared.latest(AUTHOR)
    assert fresh is not None and fresh.answer.work_ids == {"personal": ["1"]}
    assert earlier is not None and abs((earlier.fetched_at - (now - timedelta(days=3))).total_seconds()) < 1
    assert latest is not None and latest.answer.author_id == AUTHOR
    assert await shared.get("k", newer_than=now + timedelta(seconds=1), not_after=now + timedelta(days=1)) is None
    # A row dated ahead of the clock is no answer to reuse (nor does it shadow the real one).
    await shared.put("k", AUTHOR, Stored(answer, now + timedelta(days=365)))
    again = await shared.get("k", newer_than=now - timedelta(minutes=10), not_after=now + timedelta(minutes=1))
    assert again is not None and abs((again.fetched_at - now).total_seconds()) < 1


@pytest.fixture(scope="module")
def three(_emulator_server: Emulator, _redis_server: RedisServer) -> Iterator[list[str]]:
    """Three HTTP instances sharing one Redis, a limit of 4 requests in flight each, for the tests below
    (each asks about creators of its own, so what one instance keeps in memory concerns no other test)."""
    with instances(_emulator_server, _redis_server, 3, JUSTONEAPI_MAX_CONCURRENCY="4") as urls:
        yield urls


async def test_thirty_identical_calls_over_three_instances_make_one_request(
    emulator: Emulator, redis: RedisServer, three: list[str]
) -> None:
    emulator.latency = 0.3
    answers = await ask_many(three, [AUTHOR] * 30)
    assert len(answers) == 30 and len(emulator.requests) == 1


async def test_sixty_distinct_calls_keep_the_limit_over_all_instances(
    emulator: Emulator, redis: RedisServer, three: list[str]
) -> None:
    emulator.latency = 0.1
    await ask_many(three, [str(7 * 10**18 + n) for n in range(60)])
    assert len(emulator.requests) == 60
    assert emulator.max_in_flight <= 4  # 3 instances x 4 each would be 12 without the shared leases


async def test_a_dead_instances_lease_expires_and_the_others_go_on(emulator: Emulator, redis: RedisServer) -> None:
    emulator.reply_for = {"1000000000000000001": Reply(fault="hang")}
    # The first instance's lease lasts its 2 s budget at most; the second's budget outlasts it.
    budgets = [{"JUSTONEAPI_TIMEOUT": "2"}, {"JUSTONEAPI_TIMEOUT": "20"}]
    answer = ""
    with instances(emulator, redis, 2, each=budgets, JUSTONEAPI_MAX_CONCURRENCY="1") as urls:
        async with anyio.create_task_group() as tg:
            tg.start_soon(_ask_quietly, urls[0], "1000000000000000001")  # holds the only lease, then dies
            await until(lambda: len(emulator.requests) >= 1)
            instances.processes[0].send_signal(signal.SIGKILL)  # type: ignore[attr-defined]
            answer = await ask(urls[1], "1000000000000000002")  # waits for the dead lease to expire, goes on
            tg.cancel_scope.cancel()
        assert "Xingtu showcase of" in answer
    assert [r.params["oAuthorId"] for r in emulator.requests] == ["1000000000000000001", "1000000000000000002"]


async def _ask_quietly(url: str, author: str) -> None:
    try:
        await ask(url, author)
    except Exception:
        return


async def test_redis_lost_mid_run_costs_no_call_and_recovers(
    emulator: Emulator, redis: RedisServer, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.WARNING, logger="xingtu_showcase_mcp.shared")
    settings = settings_for(emulator, store="redis", store_url=redis.url, cache_ttl=600)
    async with connected(settings) as client:
        first = await call(client, oAuthorId=AUTHOR)
        redis.stop()
        lost = [await call(client, oAuthorId=str(7 * 10**18 + n)) for n in range(3)]
        redis.start()
        back = await call(client, oAuthorId="7000000000000000009")
    assert not first.is_error and not back.is_error and not any(r.is_error for r in lost)
    warnings = [r.getMessage() for r in caplog.records]
    assert sum("unreachable" in w for w in warnings) == 1  # one warning, not one per operation
    assert any("is back" in w for w in warnings)


def test_redis_unreachable_at_start_stops_the_server_naming_the_variable(emulator: Emulator) -> None:
    port = free_port()  # nothing listens there
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    env.update(JUSTONEAPI_TOKEN=emulator.token, XINGTU_SHOWCASE_STORE=f"redis://:s3cret-pass@127.0.0.1:{port}/0")
    done = subprocess.run([str(SCRIPT), "call", AUTHOR], env=env, capture_output=True, text=True, timeout=60,
                          check=False)  # fmt: skip
    assert done.returncode == 2
    assert "XINGTU_SHOWCASE_STORE" in done.stderr and f"127.0.0.1:{port}" in done.stderr
    assert "s3cret-pass" not in done.stderr and "Traceback" not in done.stderr
    assert emulator.requests == []


async def test_a_rate_limit_met_by_one_instance_pauses_the_others(emulator: Emulator, redis: RedisServer) -> None:
    emulator.plan(Reply(429, b'{"message": "TOO FAST"}', headers={"retry-after": "30"}))
    settings = settings_for(emulator, store="redis", store_url=redis.url, max_retries=0)
    async with connected(settings) as first, connected(settings) as second:  # two instances, one Redis
        limited = await call(first, oAuthorId=AUTHOR)
        paused = await call(second, oAuthorId="1000000000000000001")
    assert limited.is_error and "Too many requests (HTTP 429)" in text_of(limited)
    # The second instance never saw the 429 itself: it learned the 30 s pause from Redis, longer than its
    # 10 s budget, and failed at once without spending a request.
    assert paused.is_error and "pausing" in text_of(paused)
    assert len(emulator.requests) == 1


@pytest.mark.parametrize("stored", [b"garbage", b"1e18", b"inf", b"nan", b"-5"])
async def test_a_pause_in_redis_that_is_not_a_near_time_is_not_believed(redis: RedisServer, stored: bytes) -> None:
    import redis as redis_client

    redis_client.Redis.from_url(redis.url).set("xingtu-showcase:pause", stored)
    assert await Shared(redis.url).pause_until() == 0.0


async def test_a_real_pause_in_redis_is_believed(redis: RedisServer) -> None:
    shared = Shared(redis.url)
    until = datetime.now(UTC).timestamp() + 20
    await shared.pause(until)
    assert await shared.pause_until() == pytest.approx(until)


async def test_a_cancelled_leader_frees_the_lock_at_once(redis: RedisServer) -> None:
    import redis as redis_client

    leader = Shared(redis.url)
    inside = anyio.Event()

    async def lead_then_give_up() -> None:
        async with leader.lead("some-creator", 60) as leading:
            assert leading
            inside.set()
            await anyio.sleep_forever()  # a client that gives up cancels the call here

    async with anyio.create_task_group() as tg:
        tg.start_soon(lead_then_give_up)
        await inside.wait()
        assert redis_client.Redis.from_url(redis.url).exists("xingtu-showcase:lock:some-creator") == 1
        tg.cancel_scope.cancel()
    # Freed on the way out, not left for 60 s: another instance leads at once.
    assert redis_client.Redis.from_url(redis.url).exists("xingtu-showcase:lock:some-creator") == 0


async def test_a_lock_taken_over_after_expiry_is_not_deleted_by_its_first_holder(redis: RedisServer) -> None:
    import redis as redis_client

    sync = redis_client.Redis.from_url(redis.url)
    async with Shared(redis.url).lead("taken-over", 60) as leading:
        assert leading
        sync.set("xingtu-showcase:lock:taken-over", "another-instance")  # ours expired; another took it
    assert sync.get("xingtu-showcase:lock:taken-over") == b"another-instance"
