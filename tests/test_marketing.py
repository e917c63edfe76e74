"""get_marketing_info end to end against the emulator: one request per creator, the CPM from a showcase
answer already held (never a second request), the pipeline's guarantees (catalogue errors, retries, cache,
store, redaction) through the same code as the showcase, in both languages."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

from xingtu_showcase_mcp import messages
from xingtu_showcase_mcp.errors import entry
from xingtu_showcase_mcp.language import LANGUAGES, Language
from xingtu_showcase_mcp.names import MARKETING_TOOL_NAME, TOOL_NAME

from conftest import compact, connected, settings_for, text_of
from emulator import MARKETING, Emulator, Reply, example_response, marketing_example

pytestmark = pytest.mark.anyio
AUTHOR = "6629722295873044494"  # the quotes example's creator (the showcase example is the same creator)


def quotes_requests(emulator: Emulator) -> int:
    return sum(1 for seen in emulator.requests if seen.path == MARKETING)


@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_quotes_answer_the_real_example_in_one_request(emulator: Emulator, language: Language) -> None:
    async with connected(settings_for(emulator, language=language)) as client:
        result = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": AUTHOR})
    assert not result.is_error, text_of(result)
    assert len(emulator.requests) == 1 and emulator.requests[0].path == MARKETING
    assert emulator.requests[0].params == {"oAuthorId": AUTHOR, "platform": "SHORT_VIDEO", "token": emulator.token}
    content = result.structured_content
    assert content is not None
    prices = {q["video_type"]: q["price"] for q in content["quotes"] if q["orderable"]}
    assert prices == {1: 263_700, 2: 659_100, 71: 659_100, 91: 263_600}  # by hand from the fixture
    assert not any(q["orderable"] for q in content["quotes"] if q["video_type"] in (103, 104, 105))
    assert messages.CPM_MISSING(language, tool=TOOL_NAME) in text_of(result)
    assert "cpm_basis" not in content


async def test_a_showcase_fetched_first_gives_the_cpm_without_another_request(emulator: Emulator) -> None:
    showcase = example_response()
    async with connected(settings_for(emulator, cache_ttl=600)) as client:
        first = await client.call_tool(TOOL_NAME, {"oAuthorId": AUTHOR})
        result = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": AUTHOR})
    assert not first.is_error and not result.is_error, text_of(result)
    assert len(emulator.requests) == 2 and quotes_requests(emulator) == 1  # one each: none for the CPM
    median = statistics.median(w["play"] for w in showcase["data"]["latest_item_info"])  # all 15 plausible
    content = result.structured_content
    assert content is not None
    assert content["cpm_basis"]["section"] == "personal" and content["cpm_basis"]["median_plays"] == median
    [shortest] = [q for q in content["quotes"] if q["video_type"] == 1]
    assert shortest["cpm"] == round(263_700 / median * 1000, 2)
    assert f"{shortest['cpm']:.2f}" in text_of(result)


async def test_a_repeated_call_is_served_from_the_cache(emulator: Emulator) -> None:
    async with connected(settings_for(emulator, cache_ttl=600)) as client:
        first = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": AUTHOR})
        again = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": AUTHOR})
    assert not first.is_error and not again.is_error
    assert len(emulator.requests) == 1
    assert again.structured_content is not None and again.structured_content.get("from_cache") is True


async def test_a_fresh_server_on_the_same_store_reuses_the_quotes(emulator: Emulator, tmp_path: Path) -> None:
    settings = settings_for(emulator, cache_ttl=600, store="sqlite", store_path=tmp_path / "answers.sqlite3")
    for _ in range(2):  # a restart: nothing in memory, the file remains
        async with connected(settings) as client:
            result = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": AUTHOR})
        assert not result.is_error, text_of(result)
    assert len(emulator.requests) == 1
    raw = _files(tmp_path)
    assert emulator.token.encode() not in raw and b"263700" in raw


def _files(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("answers.sqlite3*"))


@pytest.mark.parametrize(
    ("replies", "outcome", "requests"),
    [
        ((Reply.envelope(301), Reply.json(marketing_example())), "ok", 2),  # collection failed: retried
        ((Reply.envelope(100, status=401),), "100", 1),  # invalid token: never retried
        ((Reply(502, b"<html>bad gateway</html>", "text/html"),), "gateway_error", 1),  # may have been billed
        ((Reply.envelope(0, data={"base_resp": {"status_code": 7, "status_message": "no"}}),), "xingtu_failure", 1),
    ],
    ids=["301-retried", "invalid-token", "gateway", "xingtu-failure"],
)
async def test_failures_of_the_quotes_endpoint_are_explained_from_the_same_catalogue(
    emulator: Emulator, replies: tuple[Reply, ...], outcome: str, requests: int
) -> None:
    emulator.plan(*replies)
    async with connected(settings_for(emulator, max_retries=2)) as client:
        result = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": AUTHOR})
    text = text_of(result)
    assert len(emulator.requests) == requests
    if outcome == "ok":
        assert not result.is_error, text
    else:
        explained = entry(outcome)
        assert result.is_error and explained.name.en in text and explained.advice.en in text
        assert ("may have charged it" in text) == explained.maybe_billed
    assert emulator.token not in text + compact(result.structured_content or {})


async def test_an_echoed_token_and_a_bad_id_never_reach_the_answer(emulator: Emulator) -> None:
    doc = marketing_example()
    doc["data"]["industry_tags"] = [f"游戏-{emulator.token}"]
    emulator.marketing = Reply.json(doc)
    async with connected(settings_for(emulator)) as client:
        leaked = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": AUTHOR})
        bad = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": "not-an-id"})
    assert emulator.token not in text_of(leaked) + compact(leaked.structured_content or {})
    assert bad.is_error and "ASCII digits" in text_of(bad)
    assert len(emulator.requests) == 1  # the bad id never reached the API


async def test_the_demo_answers_the_quotes_of_its_fictional_creator() -> None:
    from xingtu_showcase_mcp.config import Settings
    from xingtu_showcase_mcp.demo import DEMO_AUTHOR_ID

    async with connected(Settings(), demo=True) as client:
        showcase = await client.call_tool(TOOL_NAME, {"oAuthorId": DEMO_AUTHOR_ID})
        result = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": DEMO_AUTHOR_ID})
    assert not showcase.is_error and not result.is_error, text_of(result)
    content = result.structured_content
    assert content is not None
    assert {q["video_type"]: q["price"] for q in content["quotes"] if q["orderable"]} == {
        1: 38_000,
        2: 52_000,
        71: 66_000,
    }
    assert content["cpm_basis"]["section"] in ("personal", "commissioned")  # the demo showcase was just fetched


async def test_a_comparison_shows_the_quote_and_cpm_of_creators_whose_quotes_were_fetched(emulator: Emulator) -> None:
    from xingtu_showcase_mcp.names import COMPARE_TOOL_NAME

    other = "7000000000000000001"
    median = statistics.median(w["play"] for w in example_response()["data"]["latest_item_info"])
    async with connected(settings_for(emulator, cache_ttl=600)) as client:
        await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": AUTHOR})
        result = await client.call_tool(COMPARE_TOOL_NAME, {"oAuthorIds": [AUTHOR, other]})
    assert not result.is_error, text_of(result)
    assert quotes_requests(emulator) == 1 and len(emulator.requests) == 3  # the comparison fetched no quotes
    content = result.structured_content
    assert content is not None
    columns = content["columns"]
    rows = {row[columns.index("author_id")]: row for row in content["rows"]}
    priced, unpriced = rows[AUTHOR], rows[other]
    assert priced[columns.index("quote_1_20")] == 263_700
    assert priced[columns.index("cpm_1_20")] == round(263_700 / median * 1000, 2)
    assert unpriced[columns.index("quote_1_20")] is None and unpriced[columns.index("cpm_1_20")] is None
    text = text_of(result)
    assert "quote_1_20" in text and "263700" in text


async def test_a_parameter_of_the_showcase_is_refused_by_the_quotes_tool_in_its_own_name(emulator: Emulator) -> None:
    async with connected(settings_for(emulator)) as client:
        result = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": AUTHOR, "onlyAssign": True})
        wrong = await client.call_tool(MARKETING_TOOL_NAME, {"oAuthorId": AUTHOR, "platform": "TV"})
    assert result.is_error and MARKETING_TOOL_NAME in text_of(result) and "onlyAssign" in text_of(result)
    assert wrong.is_error and "SHORT_VIDEO" in text_of(wrong)
    assert emulator.requests == []  # refused before any request
