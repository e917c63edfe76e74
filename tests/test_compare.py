"""compare_creators and the evaluate_creator prompt, through a real MCP client and the emulator."""

from __future__ import annotations

import json
from typing import Any

import pytest
from mcp.types import TextContent

from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.glossary import COMPARISON_TOPICS
from xingtu_showcase_mcp.models import Comparison
from xingtu_showcase_mcp.names import COMPARE_TOOL_NAME, MARKETING_TOOL_NAME, SEARCH_TOOL_NAME, TOOL_NAME
from xingtu_showcase_mcp.prompt import AUTHOR_MAX_CHARS, BRIEF_MAX_CHARS, PROMPT_NAME, evaluation_prompt

from conftest import PINNED, VirtualClock, connected, settings_for, text_of
from emulator import Emulator, Reply, example_response

pytestmark = pytest.mark.anyio
A, B, C = "1000000000000000001", "1000000000000000002", "1000000000000000003"


def scaled(factor: int) -> Reply:
    """The real example with every personal play count multiplied by `factor`."""
    doc = example_response()
    for item in doc["data"]["latest_item_info"]:
        item["play"] *= factor
    return Reply.json(doc)


async def compare(emulator: Emulator, ids: list[Any], **settings: Any) -> Any:
    # On the pinned day the example's newest personal work is 17 days old: not stale whenever the suite runs.
    async with connected(settings_for(emulator, **settings), clock=VirtualClock(wall=PINNED)) as client:
        return await client.call_tool(COMPARE_TOOL_NAME, {"oAuthorIds": ids})


async def test_rows_are_ranked_by_personal_median_plays(emulator: Emulator, example: dict[str, Any]) -> None:
    # Requests arrive concurrently, so the answers cannot be scripted by order: serve by author id.
    answers = {A: scaled(1), B: scaled(3), C: scaled(2)}
    emulator.default = Reply.success()
    emulator.reply_for = answers
    result = await compare(emulator, [A, B, C])
    assert not result.is_error, text_of(result)
    comparison = Comparison.model_validate(result.structured_content)
    assert [r.author_id for r in comparison.rows] == [B, C, A]
    assert [r.rank for r in comparison.rows] == [1, 2, 3]
    median = sorted(i["play"] for i in example["data"]["latest_item_info"])[7]
    assert [r.plays_median for r in comparison.rows] == [median * 3, median * 2, median]
    first = comparison.rows[0]
    assert first.works == 15 and first.commissioned == 1 and first.topics is not None
    assert first.topics.split()[0] == "#张大仙" and len(first.topics.split()) == COMPARISON_TOPICS
    assert first.hot_share == pytest.approx(1 / 15, abs=5e-5)
    # One commissioned work from 2019: no ratio of ours, but Xingtu's own rates are carried.
    assert first.c_plays_x is None and first.c_eng_x is None
    described = example["data"]["data_description"]
    assert first.x_interaction == described["interaction"]["rate"]
    assert first.x_interaction_task == described["interaction_enrollment"]["rate"]
    assert first.x_completion == described["video_view_rate"]["rate"]
    assert first.x_completion_task == described["video_view_rate_enrollment"]["rate"]
    assert first.brand_signals == 1  # by hand: @香肠派对 and #香肠派对戏精大赛, which contains it: one row
    assert first.quality == "ok"
    assert comparison.ranked_by in text_of(result)
    assert len(emulator.requests) == 3


async def test_failures_keep_their_place_with_an_explanation(emulator: Emulator) -> None:
    emulator.reply_for = {
        A: Reply.success(),
        B: Reply.envelope(601, message="balance too low"),
        C: Reply(502, b"<html>bad gateway</html>", "text/html"),
    }
    result = await compare(emulator, [A, B, C, "not-an-id", f"https://www.xingtu.cn/x/{A}"], max_retries=0)
    assert not result.is_error
    comparison = Comparison.model_validate(result.structured_content)
    assert [r.author_id for r in comparison.rows] == [A]
    failed = {f.author_id: f for f in comparison.failed}
    assert set(failed) == {B, C, "not-an-id"}
    assert "Insufficient balance" in failed[B].error and "Top up" in failed[B].advice
    assert "Gateway error" in failed[C].error
    assert "ASCII digits" in failed["not-an-id"].error
    text = text_of(result)
    assert "Insufficient balance" in text and "Gateway error" in text and "not-an-id" in text
    # The URL of A is the same creator: fetched once. The invalid id never reached the API.
    assert sorted(seen.params["oAuthorId"] for seen in emulator.requests) == sorted([A, B, C])
    assert any("repeated" in note for note in comparison.notes)


async def test_when_nobody_could_be_compared_the_result_is_an_error_with_every_reason(emulator: Emulator) -> None:
    emulator.default = Reply.envelope(303)
    result = await compare(emulator, [A, B, "bad id"])
    assert result.is_error
    text = text_of(result)
    assert "No creator could be compared (3 failed)" in text
    assert text.count("Daily quota exceeded") == 2 and "bad id" in text and "ASCII digits" in text


async def test_missing_token_explains_per_creator_without_requests(emulator: Emulator) -> None:
    result = await compare(emulator, [A, B], token=None)
    assert result.is_error and text_of(result).count("JUSTONEAPI_TOKEN") >= 2
    assert emulator.requests == []


async def test_a_missing_commissioned_list_is_not_an_empty_one(emulator: Emulator) -> None:
    missing, empty, implausible = example_response(), example_response(), example_response()
    del missing["data"]["latest_star_item_info"]
    empty["data"]["latest_star_item_info"] = []
    implausible["data"]["latest_item_info"][0]["play"] = 0
    emulator.reply_for = {A: Reply.json(missing), B: Reply.json(empty), C: Reply.json(implausible)}
    result = await compare(emulator, [A, B, C])
    rows = {r.author_id: r for r in Comparison.model_validate(result.structured_content).rows}
    assert rows[A].commissioned is None and rows[B].commissioned == 0 and rows[C].commissioned == 1
    assert rows[A].quality == "commissioned missing" and rows[C].quality == "1 excluded"
    line_a = next(line for line in text_of(result).splitlines() if f"|{A}|" in line)
    assert "|-|" in line_a  # the text shows "-" for a list not sent, not 0


@pytest.mark.parametrize(
    ("ids", "says"),
    [
        ([A], "has 1 id(s); give 2 to 20"),
        ([str(10**18 + n) for n in range(21)], "has 21 id(s); give 2 to 20"),
        ([A, 1000000000000000002], "not a number"),
        (A, "list"),
    ],
)
async def test_bad_lists_are_refused_before_any_request(emulator: Emulator, ids: Any, says: str) -> None:
    result = await compare(emulator, ids)
    assert result.is_error and says in text_of(result)
    assert emulator.requests == []


async def test_concurrent_fetches_respect_the_limit_and_budget(emulator: Emulator) -> None:
    emulator.latency = 0.2
    ids = [str(10**18 + n) for n in range(8)]
    result = await compare(emulator, ids, max_concurrency=2)
    comparison = Comparison.model_validate(result.structured_content)
    assert len(comparison.rows) == 8
    assert emulator.max_in_flight <= 2


async def test_prompt_is_listed_and_renders_the_brief() -> None:
    async with connected(Settings()) as client:
        prompts = (await client.list_prompts()).prompts
        assert [p.name for p in prompts] == [PROMPT_NAME]
        arguments = {a.name: a.required for a in prompts[0].arguments or []}
        assert arguments == {"author": True, "brief": False}
        url = f"https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/{A}"
        with_brief = await client.get_prompt(PROMPT_NAME, {"author": url, "brief": "Launch of a new rice cooker"})
        without = await client.get_prompt(PROMPT_NAME, {"author": A})
    text = with_brief.messages[0].content
    assert isinstance(text, TextContent)
    assert f'oAuthorId "{A}"' in text.text and TOOL_NAME in text.text
    assert "Launch of a new rice cooker" in text.text
    for part in ("Strengths", "Risks", "Fit for the brief", "What to check next", "Do not invent"):
        assert part in text.text
    other = without.messages[0].content
    assert isinstance(other, TextContent) and "No campaign brief" in other.text


async def test_demo_comparison_is_labelled() -> None:
    async with connected(Settings(), demo=True) as client:
        result = await client.call_tool(COMPARE_TOOL_NAME, {"oAuthorIds": [A, B]})
    assert "DEMO DATA" in text_of(result)
    assert json.loads(json.dumps(result.structured_content))["demo"] is True


async def test_a_hanging_creator_times_out_alone(emulator: Emulator) -> None:
    emulator.reply_for = {A: Reply.success(), B: Reply(fault="hang"), C: Reply(fault="reset")}
    result = await compare(emulator, [A, B, C], timeout=0.5, max_retries=0)
    comparison = Comparison.model_validate(result.structured_content)
    assert [r.author_id for r in comparison.rows] == [A]
    failed = {f.author_id: f.error for f in comparison.failed}
    assert "too slow" in failed[B] and "Connection lost" in failed[C]


async def test_a_pipe_in_a_hashtag_or_a_newline_in_an_id_cannot_break_the_table(emulator: Emulator) -> None:
    doc = example_response()
    for item in doc["data"]["latest_item_info"]:
        item["title"] = "fishing #a|b|c #vlog"
    emulator.default = Reply.json(doc)
    bad = "12x\n|rank|author_id|"
    async with connected(settings_for(emulator)) as client:
        result = await client.call_tool(COMPARE_TOOL_NAME, {"oAuthorIds": [A, bad]})
    text = text_of(result)
    header, row = (line for line in text.splitlines() if line.startswith(("rank|", "1|")))
    assert row.count("|") == header.count("|")  # the columns line up
    assert "#a #vlog" in row  # a pipe ends a tag, like any punctuation
    failed = next(line for line in text.splitlines() if line.startswith("- 12x"))
    assert "\n" not in failed and "|rank|" not in failed.split(":")[0]


async def test_arguments_past_any_limit_still_get_a_bounded_prompt_not_an_internal_error() -> None:
    """They once got error code 0 and a traceback in the log: the SDK refused them before our bound ran."""
    async with connected(Settings()) as client:
        rendered = await client.get_prompt(PROMPT_NAME, {"author": "1" * 5_000, "brief": "鑫" * 50_000})
    text = rendered.messages[0].content
    assert isinstance(text, TextContent)
    assert "1" * AUTHOR_MAX_CHARS in text.text and "1" * (AUTHOR_MAX_CHARS + 1) not in text.text
    assert text.text.count("鑫") == BRIEF_MAX_CHARS


async def test_the_prompt_bounds_what_it_copies_into_the_context() -> None:
    async with connected(Settings()) as client:
        long = await client.get_prompt(PROMPT_NAME, {"author": "1" * 300, "brief": "鑫" * 8000})
    text = long.messages[0].content
    assert isinstance(text, TextContent)
    assert text.text.count("鑫") == 2_000 and "[brief cut here]" in text.text  # the brief is cut at 2,000
    # A megabyte of "author", straight from the function and through a client: bounded, and no error.
    huge = evaluation_prompt(
        "x " * 500_000, "鑫" * 1_000_000, TOOL_NAME, MARKETING_TOOL_NAME, search_tool=SEARCH_TOOL_NAME
    )
    assert len(huge) < 6_000
