"""From a body to an answer: large bodies are digested off the event loop, an unforeseen failure is one
creator's explained failure, and what the cache keeps is the answer, not the payload."""

from __future__ import annotations

import json
import sys
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import anyio
import anyio.lowlevel
import httpx2
import pytest

from xingtu_showcase_mcp import showcase
from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.errors import entry
from xingtu_showcase_mcp.models import ShowcaseSummary
from xingtu_showcase_mcp.names import COMPARE_TOOL_NAME
from xingtu_showcase_mcp.pipeline import digest
from xingtu_showcase_mcp.pipeline.digest import INLINE_MAX_BYTES, Digester, Options, digest_now
from xingtu_showcase_mcp.pipeline.envelope import Rejection, words
from xingtu_showcase_mcp.showcase import ENDPOINT as SHOWCASE
from xingtu_showcase_mcp.showcase.summary import summarise as summarise_for_real

from conftest import call, connected, settings_for, text_of
from emulator import Emulator, Reply, many_items

pytestmark = pytest.mark.anyio
QUERY = ShowcaseQuery("6787286580932689933")
WHEN = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)


async def test_a_large_body_is_digested_while_the_event_loop_runs_other_tasks() -> None:
    body = json.dumps(many_items(8_000)).encode()
    assert len(body) > INLINE_MAX_BYTES
    digester = Digester(Options())
    ticks = 0
    digesting = True
    summary: ShowcaseSummary | None = None

    async def other_work() -> None:
        nonlocal ticks
        while digesting:
            ticks += 1
            await anyio.lowlevel.checkpoint()

    async with anyio.create_task_group() as tg:
        tg.start_soon(other_work)
        summary = await digester(SHOWCASE, 200, "application/json", [body], QUERY, WHEN)
        digesting = False
    # Digesting in process runs without a single await: the other task would not run once meanwhile.
    assert ticks > 100
    assert summary == digest_now(SHOWCASE, 200, "application/json", body, QUERY, WHEN, Options())  # the same answer


async def test_a_rejection_in_the_child_is_explained_like_one_in_process() -> None:
    body = b'{"code": 601, "message": "' + b"x" * (INLINE_MAX_BYTES + 10) + b'", "data": null}'
    for digester in (Digester(Options()), Digester(Options(), inline_max_bytes=len(body))):
        with pytest.raises(Rejection) as caught:
            await digester(SHOWCASE, 200, "application/json", [body], QUERY, WHEN)
        assert caught.value.entry == entry("601")
        assert words(caught.value.detail, "en").startswith("code 601, HTTP 200")


async def test_a_token_echoed_in_titles_is_taken_out_before_they_are_cut_in_process_and_in_the_child() -> None:
    token = "k3y+w1th/slash=and+plus=="
    doc = many_items(3)
    doc["data"]["latest_item_info"][-1]["title"] = f"#{token} leaked {token}"  # the newest work: listed
    body = json.dumps(doc).encode()
    options = Options(secrets=(token,))
    for digester in (Digester(options), Digester(options, inline_max_bytes=len(body) - 1)):
        summary = await digester(SHOWCASE, 200, "application/json", [body], QUERY, WHEN)
        dumped = summary.model_dump_json()
        # The tag would end at "+" and the title be cut at 20 characters: no piece of the token may survive.
        assert all(token[i : i + 6] not in dumped for i in range(len(token) - 5))
        assert "***" in dumped


async def test_an_unforeseen_failure_is_that_creators_explained_failure_and_never_cached(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    broken = "1000000000000000001"
    real = summarise_for_real

    def summarise(data: Any, query: ShowcaseQuery, **kwargs: Any) -> ShowcaseSummary:
        if query.author_id == broken:
            raise ArithmeticError("a value nobody foresaw")
        return real(data, query, **kwargs)

    monkeypatch.setattr(showcase, "summarise", summarise)  # the fault injected where a bug would be
    ids = [QUERY.author_id, broken]
    async with connected(settings_for(emulator, cache_ttl=600)) as client:
        first = await client.call_tool(COMPARE_TOOL_NAME, {"oAuthorIds": ids})
        again = await call(client, oAuthorId=broken)
    assert not first.is_error and first.structured_content is not None
    assert [row[1] for row in first.structured_content["rows"]] == [QUERY.author_id]
    [failed] = first.structured_content["failed"]
    assert failed["author_id"] == broken and entry("unsummarisable").name.en in failed["error"]
    assert "ArithmeticError" not in text_of(first) and "nobody foresaw" not in text_of(first)
    assert again.is_error and entry("unsummarisable").name.en in text_of(again)
    assert len(emulator.requests) == 3  # the failure was not cached: asking again asked the API again


async def test_the_cache_keeps_the_answer_not_the_payload(emulator: Emulator) -> None:
    emulator.default = Reply.json(many_items(5000))
    # The digest child runs on real time: a loaded machine must not turn its seconds into a timeout.
    async with connected(settings_for(emulator, cache_ttl=600, timeout=120)) as client:
        first = await call(client, oAuthorId=QUERY.author_id)
        again = await call(client, oAuthorId=QUERY.author_id)
    assert not first.is_error and not again.is_error
    assert len(emulator.requests) == 1
    assert again.structured_content is not None and again.structured_content.get("from_cache") is True
    assert first.structured_content is not None
    first_facts = {k: v for k, v in first.structured_content.items() if k != "from_cache"}
    again_facts = {k: v for k, v in again.structured_content.items() if k != "from_cache"}
    assert first_facts == again_facts


def test_a_cached_answer_is_small_whatever_the_number_of_works() -> None:
    """What one cache entry costs: the summary of 5,000 works, against the payload it came from."""
    payload = many_items(5000)
    summary = digest_now(SHOWCASE, 200, "application/json", json.dumps(payload).encode(), QUERY, WHEN, Options())
    kept = len(summary.model_dump_json())
    raw = len(json.dumps(payload))
    assert kept < 20_000 < raw / 100, (kept, raw)


async def test_a_child_that_writes_too_much_is_stopped_not_read(monkeypatch: pytest.MonkeyPatch) -> None:
    body = json.dumps(many_items(3)).encode()
    monkeypatch.setattr(digest, "CHILD_OUTPUT_MAX", 64)  # the real answer is kilobytes: far past this cap
    with pytest.raises(RuntimeError):
        await Digester(Options(), inline_max_bytes=len(body) - 1)(
            SHOWCASE, 200, "application/json", [body], QUERY, WHEN
        )


async def test_a_child_that_cannot_start_is_this_machines_trouble_not_the_creators(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """No memory or process slots for the helper: once explained as "report the creator id to this project"."""
    body = json.dumps(many_items(3)).encode()
    monkeypatch.setattr(sys, "executable", "/nonexistent/python")  # the spawn fails as ENOMEM would
    with pytest.raises(Rejection) as caught:
        await Digester(Options(), inline_max_bytes=len(body) - 1)(
            SHOWCASE, 200, "application/json", [body], QUERY, WHEN
        )
    assert caught.value.entry.key == "local_failure"
    explained = entry("local_failure")
    assert "report" not in explained.advice.en and "memory" in explained.meaning.en
    assert "not at fault" in explained.meaning.en and "不在达人" in explained.meaning.zh


async def test_a_child_killed_by_a_signal_is_a_local_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    """The kernel's out-of-memory killer ends the helper: the same local explanation, not a data error."""
    body = json.dumps(many_items(3)).encode()
    suicide = "import os, signal; os.kill(os.getpid(), signal.SIGKILL)"
    original = anyio.open_process

    async def killed_child(command: list[str], **options: Any) -> Any:
        return await original([command[0], "-c", suicide], **options)

    monkeypatch.setattr(anyio, "open_process", killed_child)
    with pytest.raises(Rejection) as caught:
        await Digester(Options(), inline_max_bytes=len(body) - 1)(
            SHOWCASE, 200, "application/json", [body], QUERY, WHEN
        )
    assert caught.value.entry.key == "local_failure"


async def test_large_bodies_are_digested_one_child_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    """Twenty 15 MB answers at once peaked at 592 MB over four children: one child at a time holds one."""
    body = json.dumps(many_items(3)).encode()
    original = anyio.open_process
    running, most = 0, 0

    async def counted(command: list[str], **options: Any) -> Any:
        nonlocal running, most
        running += 1
        most = max(most, running)
        process = await original(command, **options)
        original_wait = process.wait

        async def wait() -> int:
            nonlocal running
            code = await original_wait()
            running -= 1
            return code

        process.wait = wait  # type: ignore[method-assign]
        return process

    monkeypatch.setattr(anyio, "open_process", counted)
    digester = Digester(Options(), inline_max_bytes=len(body) - 1)
    results: list[ShowcaseSummary] = []

    async def one() -> None:
        results.append(await digester(SHOWCASE, 200, "application/json", [body], QUERY, WHEN))

    async with anyio.create_task_group() as tg:
        for _ in range(4):
            tg.start_soon(one)
    assert len(results) == 4 and most == 1


async def test_concurrent_large_answers_wait_unread_instead_of_each_held_in_memory(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Twenty 15 MB answers through `compare` held four bodies at once while one child parsed: past the
    in-process size, a body is read only when the digest child is its for the taking."""
    body = json.dumps(many_items(2_500)).encode()
    assert len(body) > 2 * INLINE_MAX_BYTES
    chunk = 64 * 1024
    read_past_inline = 0  # bodies read beyond INLINE_MAX_BYTES so far
    digested: set[int] = set()  # digest children finished, by process id
    held_most = 0  # the most bodies read beyond INLINE_MAX_BYTES and not yet digested, at any moment

    async def stream() -> AsyncIterator[bytes]:
        nonlocal read_past_inline, held_most
        for start in range(0, len(body), chunk):
            if start == INLINE_MAX_BYTES // chunk * chunk + chunk:  # the first chunk past the in-process size
                read_past_inline += 1
                held_most = max(held_most, read_past_inline - len(digested))
            yield body[start : start + chunk]

    original = anyio.open_process

    async def counted(command: list[str], **options: Any) -> Any:
        process = await original(command, **options)
        original_wait = process.wait

        async def wait() -> int:
            code = await original_wait()
            digested.add(process.pid)
            return code

        process.wait = wait  # type: ignore[method-assign]
        return process

    monkeypatch.setattr(anyio, "open_process", counted)
    upstream = httpx2.MockTransport(
        lambda request: httpx2.Response(200, headers={"content-type": "application/json"}, content=stream())
    )
    settings = Settings(token="t" * 16, base_url="http://127.0.0.1:9", max_concurrency=4, timeout=120)
    ids = [str(7 * 10**18 + n) for n in range(4)]
    async with connected(settings, upstream=upstream) as client:
        result = await client.call_tool(COMPARE_TOOL_NAME, {"oAuthorIds": ids})
    assert not result.is_error, text_of(result)
    assert len(digested) == read_past_inline == 4
    assert held_most == 1
