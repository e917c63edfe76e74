"""Xingtu's quotes read from the real marketing example: only orderable offers are prices, placeholders and
closed offers never are, and the CPM estimate divides by the median it says it used."""

from __future__ import annotations

import copy
import json
import re
import statistics
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from xingtu_showcase_mcp import messages
from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.language import LANGUAGES, Language
from xingtu_showcase_mcp.marketing.quotes import basis_of, read_quotes, shortest_quote, with_cpm
from xingtu_showcase_mcp.names import TOOL_NAME
from xingtu_showcase_mcp.render import render_quotes
from xingtu_showcase_mcp.showcase.summary import summarise

FIXTURES = Path(__file__).with_name("fixtures")
AUTHOR = "6629722295873044494"  # 张大仙: the marketing and showcase examples are the same creator
FETCHED = datetime(2026, 3, 9, 4, 0, tzinfo=UTC)


def marketing() -> dict[str, Any]:
    return json.loads((FIXTURES / "marketing-info.example.json").read_text("utf-8"))["data"]


def showcase() -> dict[str, Any]:
    return json.loads((FIXTURES / "showcase-items.example-response.json").read_text("utf-8"))["data"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_real_example_gives_four_orderable_quotes_and_no_placeholder_as_a_price(language: Language) -> None:
    answer = read_quotes(marketing(), AUTHOR, "SHORT_VIDEO", FETCHED, language)
    orderable = {q.video_type: q.price for q in answer.quotes if q.orderable}
    # By hand from the fixture: enable true and online_status 1 for types 1, 2, 71 and 91 only.
    assert orderable == {1: 263_700, 2: 659_100, 71: 659_100, 91: 263_600}
    placeholders = [q for q in answer.quotes if q.video_type in (103, 104, 105)]
    assert len(placeholders) == 3 and not any(q.orderable for q in placeholders)
    assert [q.video_type for q in answer.quotes[:3]] == [1, 2, 71]  # by length, as Xingtu lists them
    assert answer.industry_tags == ["游戏-角色扮演", "游戏-模拟经营", "游戏-休闲游戏"]
    assert all(q.valid_until is None for q in answer.quotes)  # every end_time is 2145916800: open-ended
    text = render_quotes(answer, language)
    assert "263700" in text and "659100" in text
    price_lines = [line for line in text.splitlines() if line.startswith("- ")]
    assert len(price_lines) == 4 and not any(" 100 " in line for line in price_lines)
    assert (
        messages.CPM_MISSING(language, tool=TOOL_NAME) in text
    )  # no showcase answer given: one line says how to get it


def test_a_disabled_closed_or_expired_offer_is_listed_as_not_orderable_with_its_reason() -> None:
    data = marketing()
    first = data["price_info"][0]
    disabled = {**copy.deepcopy(first), "enable": False, "video_type": 2}
    closed = {**copy.deepcopy(first), "online_status": 2, "video_type": 71}
    expired = {**copy.deepcopy(first), "start_time": "1600000000", "end_time": "1700000000"}  # 2023-11-14
    windowed = {**copy.deepcopy(first), "video_type": 91, "start_time": "1767225600", "end_time": "1830297600"}
    data["price_info"] = [disabled, closed, expired, windowed, "not an offer"]
    answer = read_quotes(data, AUTHOR, "SHORT_VIDEO", FETCHED, "en")
    reasons = {q.video_type: q.not_orderable_because for q in answer.quotes if not q.orderable}
    assert reasons == {
        2: messages.QUOTE_DISABLED("en"),
        71: messages.QUOTE_OFFLINE("en"),
        1: messages.QUOTE_EXPIRED("en"),
    }
    [open_one] = [q for q in answer.quotes if q.orderable]
    assert (open_one.valid_from, open_one.valid_until) == ("2026-01-01", "2028-01-01")  # Beijing days
    assert answer.quotes_not_read == 1
    text = render_quotes(answer, "en")
    assert "valid 2026-01-01 to 2028-01-01" in text


def test_an_undocumented_video_type_is_labelled_unknown_with_xingtus_own_words() -> None:
    data = marketing()
    data["price_info"] = [{**data["price_info"][0], "video_type": 150, "desc": "短直种草"}]
    answer = read_quotes(data, AUTHOR, "SHORT_VIDEO", FETCHED, "zh")
    [quote] = answer.quotes
    assert quote.label == messages.VIDEO_UNKNOWN("zh", code=150)
    assert "短直种草" in render_quotes(answer, "zh")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_cpm_divides_each_price_by_the_personal_median_when_the_brand_deal_rule_does_not_hold(
    language: Language,
) -> None:
    summary = summarise(showcase(), ShowcaseQuery(AUTHOR), fetched_at=FETCHED)
    assert summary.brand_evidence.ours is None  # one commissioned work: too few for the rule
    median = statistics.median(w["play"] for w in showcase()["latest_item_info"])  # all 15 are plausible
    later = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
    basis = basis_of(summary, later)
    assert basis is not None and basis.section == "personal" and basis.median_plays == median
    assert basis.age_hours == 6.0
    answer = with_cpm(read_quotes(marketing(), AUTHOR, "SHORT_VIDEO", later, language), basis)
    shortest = shortest_quote(answer)
    assert shortest is not None and shortest.cpm == round(263_700 / median * 1000, 2)  # 44.70 yuan
    assert all(q.cpm is None for q in answer.quotes if not q.orderable)
    text = render_quotes(answer, language)
    assert f"{shortest.cpm:.2f}" in text and str(int(median)) in text and "6.0" in text


def test_the_quotes_answer_fits_its_budget_on_the_real_example() -> None:
    tokens = pytest.importorskip("tokens")
    if not tokens.tokenizer_available():
        pytest.skip("o200k counting needs Node.js and `npm ci --prefix benchmarks`")
    summary = summarise(showcase(), ShowcaseQuery(AUTHOR), fetched_at=FETCHED)
    basis = basis_of(summary, FETCHED)
    texts = [
        render_quotes(with_cpm(read_quotes(marketing(), AUTHOR, "SHORT_VIDEO", FETCHED, lang), basis), lang)
        for lang in LANGUAGES
    ]
    counts = tokens.count_tokens(texts)
    assert max(counts) <= 500  # issue #21's budget for the quotes text
    # README quotes both figures ("about N o200k tokens"): they must stay the measured ones, to 10%.
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("### `get_marketing_info`", 1)[1].split("\n### ", 1)[0]
    found = re.search(r"the text is\s+about (\d+) o200k tokens \(in Chinese about (\d+);", section)
    assert found is not None, "README's get_marketing_info section lost its size sentence"
    for quoted, measured in zip(map(int, found.groups()), counts, strict=True):
        assert abs(quoted - measured) <= measured / 10, (found.groups(), counts)
