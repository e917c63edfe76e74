"""The tool through a real MCP client (in memory) against the emulator on 127.0.0.1."""

from __future__ import annotations

import logging
from typing import Any

import pytest

from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.glossary import TEXT_PERSONAL_NEWEST
from xingtu_showcase_mcp.models import ShowcaseSummary

from conftest import call, connected, settings_for, text_of
from emulator import Emulator, Reply

AUTHOR = "6787286580932689933"
pytestmark = pytest.mark.anyio


async def test_success_returns_text_and_structured_content(emulator: Emulator, example: dict[str, Any]) -> None:
    async with connected(settings_for(emulator)) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert not result.is_error
    assert result.structured_content is not None
    summary = ShowcaseSummary.model_validate(result.structured_content)
    assert summary.author_id == AUTHOR and summary.personal.stats.count == 15
    text = text_of(result)
    assert text.startswith(f"Xingtu showcase of {AUTHOR}")
    assert "\\u" not in text and not text.lstrip().startswith("{")
    # The structured content carries every work with its id; the text shows each listed work's exact plays.
    by_id = {i["item_id"]: i for i in example["data"]["latest_item_info"] + example["data"]["latest_star_item_info"]}
    carried = [row[-1] for key in ("personal", "commissioned") for row in result.structured_content[key]["works"]]
    assert sorted(carried) == sorted(by_id)
    newest = sorted(example["data"]["latest_item_info"], key=lambda i: -i["create_time"])[:TEXT_PERSONAL_NEWEST]
    for item in newest + example["data"]["latest_star_item_info"]:
        assert f"|{item['play']}|" in text
    assert "2.43%" in text  # personal engagement: 2,366,644 interactions / 97,486,033 plays
    # One request, with the endpoint's parameter names and spellings, token included.
    assert len(emulator.requests) == 1
    assert emulator.requests[0].params == {
        "oAuthorId": AUTHOR,
        "platform": "SHORT_VIDEO",
        "onlyAssign": "false",
        "flowType": "EXCLUDE",
        "token": emulator.token,
    }


async def test_parameters_and_url_input_reach_the_api(emulator: Emulator) -> None:
    url = f"https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/{AUTHOR}"
    async with connected(settings_for(emulator)) as client:
        result = await call(client, oAuthorId=url, platform="LIVE_STREAMING", onlyAssign=True, flowType="INCLUDE")
    assert not result.is_error
    assert emulator.requests[0].params["oAuthorId"] == AUTHOR
    assert emulator.requests[0].params["onlyAssign"] == "true"
    assert emulator.requests[0].params["platform"] == "LIVE_STREAMING"
    assert emulator.requests[0].params["flowType"] == "INCLUDE"
    assert "commissioned = assigned Xingtu orders only" in text_of(result)


async def test_unreachable_api_is_explained(emulator: Emulator) -> None:
    settings = settings_for(emulator, base_url="http://127.0.0.1:9", max_retries=0)
    async with connected(settings) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert result.is_error and "Cannot reach Just One API" in text_of(result)


async def test_missing_token_answers_how_to_set_it(emulator: Emulator) -> None:
    async with connected(settings_for(emulator, token=None)) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert result.is_error
    assert "JUSTONEAPI_TOKEN" in text_of(result) and "XINGTU_SHOWCASE_DEMO" in text_of(result)  # the demo offered
    assert emulator.requests == []


@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ({"oAuthorId": ""}, "empty"),
        ({"oAuthorId": "abc"}, "ASCII digits"),
        ({"oAuthorId": "123&token=x"}, "ASCII digits"),
        ({"oAuthorId": "https://www.douyin.com/user/x"}, "not a Xingtu creator page"),
        ({"oAuthorId": 6787286580932689933}, "not a number"),
        ({"oAuthorId": "1" * 10_000}, "too long"),
        ({"oAuthorId": "0"}, "all zeros"),
        ({"oAuthorId": "1" * 32}, "never more than 20"),
        ({}, "oAuthorId"),
        ({"oAuthorId": AUTHOR, "platform": "TIKTOK"}, "SHORT_VIDEO"),
        ({"oAuthorId": AUTHOR, "flowType": "ALL"}, "EXCLUDE"),
        ({"oAuthorId": AUTHOR, "onlyAssign": "maybe"}, "onlyAssign"),
    ],
)
async def test_bad_input_is_refused_before_any_request(
    emulator: Emulator, arguments: dict[str, Any], says: str
) -> None:
    async with connected(settings_for(emulator)) as client:
        result = await client.call_tool("get_showcase_items", arguments)
    assert result.is_error
    assert says in text_of(result)
    assert emulator.requests == []


async def test_progress_is_reported_while_waiting(emulator: Emulator, example: dict[str, Any]) -> None:
    emulator.default = Reply(200, Reply.success().body, delay=0.4)
    updates: list[tuple[float, float | None, str | None]] = []

    async def on_progress(progress: float, total: float | None, message: str | None) -> None:
        updates.append((progress, total, message))

    async with connected(settings_for(emulator, timeout=20)) as client:
        result = await client.call_tool("get_showcase_items", {"oAuthorId": AUTHOR}, progress_callback=on_progress)
    assert not result.is_error
    assert updates, "no progress during a 0.4 s wait with progress every 0.05 s (conftest.FAST)"
    assert updates[0][1] == 20 and "Waiting for Just One API" in (updates[0][2] or "")


async def test_demo_needs_no_token_and_says_it_is_demo() -> None:
    async with connected(Settings(), demo=True) as client:
        result = await call(client, oAuthorId="7100000000000000042")
    assert not result.is_error
    assert "DEMO DATA" in text_of(result)
    assert result.structured_content is not None and result.structured_content["demo"] is True


async def test_debug_logs_never_contain_the_token(emulator: Emulator, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    emulator.plan(Reply.success(), Reply.envelope(301), Reply.envelope(400))  # 301 is retried, 400 is final
    async with connected(settings_for(emulator)) as client:
        for _ in range(2):
            await call(client, oAuthorId=AUTHOR)
    assert len(emulator.requests) == 3
    assert "upstream for=" in caplog.text  # the attempts were logged...
    assert emulator.token not in caplog.text  # ...without the token, even at DEBUG


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_both_protocol_eras_get_the_same_answer(emulator: Emulator, mode: str) -> None:
    async with connected(settings_for(emulator), mode=mode) as client:
        tools = sorted(t.name for t in (await client.list_tools()).tools)
        result = await call(client, oAuthorId=AUTHOR)
        refused = await call(client, oAuthorId="abc")
    assert tools == ["compare_creators", "get_marketing_info", "get_showcase_items", "search_creators"]
    assert not result.is_error and result.structured_content is not None
    assert result.structured_content["personal"]["stats"]["count"] == 15
    assert refused.is_error and "ASCII digits" in text_of(refused)


async def test_the_proxy_of_the_environment_carries_the_requests(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Behind an office proxy (HTTP_PROXY, HTTPS_PROXY, as every HTTP tool reads them), the calls go through it.
    Here the emulator is the proxy, and the base URL is a name nothing resolves: only the proxy can answer."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "HTTPS_PROXY", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", emulator.url)
    async with connected(settings_for(emulator, base_url="http://api.justoneapi.invalid")) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert not result.is_error, text_of(result)
    assert len(emulator.requests) == 1
