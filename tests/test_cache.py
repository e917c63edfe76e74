"""The quota-saving cache, seen through the emulator's request log."""

from __future__ import annotations

import anyio
import pytest
from mcp.types import CallToolResult

from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.models import ShowcaseSummary
from xingtu_showcase_mcp.pipeline.cache import AnswerCache, Fetched
from xingtu_showcase_mcp.showcase import ENDPOINT as SHOWCASE
from xingtu_showcase_mcp.showcase.summary import summarise

from conftest import VirtualClock, call, connected, settings_for, text_of, until
from emulator import Emulator, Reply

AUTHOR = "6787286580932689933"
pytestmark = pytest.mark.anyio


async def test_a_repeated_call_within_the_ttl_makes_no_request(emulator: Emulator) -> None:
    async with connected(settings_for(emulator, cache_ttl=600)) as client:
        first = await call(client, oAuthorId=AUTHOR)
        second = await call(client, oAuthorId=f"https://www.xingtu.cn/x/{AUTHOR}")  # the same creator
    assert len(emulator.requests) == 1
    assert first.structured_content is not None and second.structured_content is not None
    assert "from_cache" not in first.structured_content
    assert second.structured_content["from_cache"] is True
    assert second.structured_content["fetched_at"] == first.structured_content["fetched_at"]
    assert "(reused)" in text_of(second) and "fetched " in text_of(first)


async def test_twenty_identical_concurrent_calls_make_one_request(emulator: Emulator) -> None:
    emulator.default = Reply.success(delay=0.3)
    answers: list[ShowcaseSummary] = []

    async def one() -> None:
        result = await call(client, oAuthorId=AUTHOR)
        answers.append(ShowcaseSummary.model_validate(result.structured_content))

    async with connected(settings_for(emulator, cache_ttl=600)) as client, anyio.create_task_group() as tg:
        for _ in range(20):
            tg.start_soon(one)
    assert len(answers) == 20 and len(emulator.requests) == 1
    assert sum(1 for a in answers if a.from_cache) == 19


async def test_expiry_and_other_parameters_make_new_requests(emulator: Emulator, clock: VirtualClock) -> None:
    async with connected(settings_for(emulator, cache_ttl=60), clock=clock) as client:
        await call(client, oAuthorId=AUTHOR)
        await call(client, oAuthorId=AUTHOR, platform="PICTURE_TEXT")
        await call(client, oAuthorId=AUTHOR, onlyAssign=True)
        await call(client, oAuthorId=AUTHOR, flowType="INCLUDE")
        await call(client, oAuthorId="1000000000000000001")
        assert len(emulator.requests) == 5
        await call(client, oAuthorId=AUTHOR)
        assert len(emulator.requests) == 5
        clock.advance(59)
        await call(client, oAuthorId=AUTHOR)
        assert len(emulator.requests) == 5
        clock.advance(2)
        await call(client, oAuthorId=AUTHOR)
    assert len(emulator.requests) == 6


async def test_errors_are_never_cached(emulator: Emulator) -> None:
    emulator.plan(Reply.envelope(500))  # Just One API's own error, for this call only
    async with connected(settings_for(emulator, cache_ttl=600)) as client:
        failed = await call(client, oAuthorId=AUTHOR)
        ok = await call(client, oAuthorId=AUTHOR)
    assert failed.is_error and not ok.is_error
    assert len(emulator.requests) == 2


async def test_ttl_zero_turns_the_cache_off(emulator: Emulator) -> None:
    async with connected(settings_for(emulator, cache_ttl=0)) as client:
        await call(client, oAuthorId=AUTHOR)
        await call(client, oAuthorId=AUTHOR)
    assert len(emulator.requests) == 2


async def test_waiters_of_a_cancelled_call_make_their_own(emulator: Emulator) -> None:
    emulator.plan(Reply(fault="hang"))
    results: list[CallToolResult] = []
    leader_scope = anyio.CancelScope()

    async def leader() -> None:
        with leader_scope:
            await call(client, oAuthorId=AUTHOR)

    async def waiter() -> None:
        results.append(await call(client, oAuthorId=AUTHOR))

    async with connected(settings_for(emulator, cache_ttl=600)) as client, anyio.create_task_group() as tg:
        tg.start_soon(leader)
        await until(lambda: len(emulator.requests) == 1)
        tg.start_soon(waiter)
        await anyio.sleep(0.2)  # the waiter is now waiting on the leader's flight
        assert len(emulator.requests) == 1
        leader_scope.cancel()
    assert len(results) == 1 and not results[0].is_error
    assert len(emulator.requests) == 2


def test_the_cache_keeps_at_most_its_bound_dropping_the_least_recently_used() -> None:
    clock = VirtualClock()
    cache = AnswerCache(ttl=600, max_entries=3, clock=clock.monotonic)
    queries = [cache.store_key(SHOWCASE, ShowcaseQuery(str(10**18 + n))) for n in range(5)]
    fetched = Fetched(summarise({}, ShowcaseQuery(str(10**18))), fetched_at=clock.now())
    for query in queries[:3]:
        cache.put(query, fetched)
    assert cache.get(queries[0]) is not None  # used: now the most recent
    for query in queries[3:]:
        cache.put(query, fetched)
    assert len(cache) == 3
    assert cache.get(queries[1]) is None and cache.get(queries[2]) is None  # the least recently used went
    assert all(cache.get(q) is not None for q in (queries[0], *queries[3:]))
