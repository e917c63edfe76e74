"""search_creators: Xingtu's creator search as a tool. The reader against both real captures and built pages
of 20 with broken, missing and double-escaped fields; the tool end to end against the emulator (one request,
the endpoint's own parameters, refusals before any request, the catalogue's errors, cache, store, redaction,
demo); both languages. Expected values are read off the fixtures by hand or computed here from the raw JSON."""

from __future__ import annotations

import copy
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from xingtu_showcase_mcp import messages
from xingtu_showcase_mcp.contract import SEARCH_PARAMETERS, SearchQuery
from xingtu_showcase_mcp.creator_search.search import read_search
from xingtu_showcase_mcp.errors import entry
from xingtu_showcase_mcp.language import LANGUAGES, Language
from xingtu_showcase_mcp.names import SEARCH_TOOL_NAME
from xingtu_showcase_mcp.render import render_search
from xingtu_showcase_mcp.server import NEXT_TOOLS

from answer_size import SEARCH_CAPTURE_BUDGET, SEARCH_PAGE_BUDGET
from conftest import compact, connected, settings_for, text_of
from emulator import SEARCH, Emulator, Reply, search_capture
from tokens import count_tokens, tokenizer_available

FIXTURES = Path(__file__).resolve().parent / "fixtures"
CAPTURE = FIXTURES / "search.capture-2026-03.json"
TRIMMED = FIXTURES / "search.example-trimmed.json"
FRAGMENT = FIXTURES / "endpoints.openapi-fragment.json"
AT = datetime(2026, 3, 19, 4, 0, tzinfo=UTC)


def capture() -> dict[str, Any]:
    return json.loads(CAPTURE.read_text("utf-8"))


def read(data: dict[str, Any], **arguments: Any) -> Any:
    return read_search(data, SearchQuery.of({"keyword": "健身", **arguments}), AT)


# ------------------------------------------------------------------ the reader, on the real captures
def test_the_2026_capture_reads_as_xingtu_sent_it() -> None:
    answer = read(capture())
    assert (answer.total, answer.has_more, answer.page) == (5032, True, 1)  # pagination, by hand
    first, second = answer.matches
    # By hand from attribute_datas: every value a string there.
    assert first.author_id == "7029342444797820939" and first.nickname == "健身华哥"
    assert (first.followers, first.location) == (6_189_325, "上海")
    assert (first.price_1_20, first.price_21_60, first.price_over_60) == (80_000, 200_000, 300_000)
    assert (first.xingtu_expected_plays, first.xingtu_expected_cpm_1_20) == (3_919_982, 20.4083)
    assert (first.interaction_rate_30d, first.completion_rate_30d) == (0.0143, 0.2486)
    assert first.follower_growth_30d == 2_293_717  # "2293717.11": fractional as sent, rounded
    assert first.categories == ["三农"]
    # The second has no quote keys at all, an empty city and province, and lost followers.
    assert second.author_id == "6629656325343150084"
    assert (second.price_1_20, second.price_21_60, second.price_over_60) == (None, None, None)
    assert second.location is None and second.follower_growth_30d == -2454
    assert answer.unreadable_values == {} and first.unreadable == second.unreadable == []


def test_xingtus_expected_cpm_is_the_quote_over_its_expected_plays() -> None:
    """The notes' reading of prospective_1_20_cpm (yuan, price / expected plays × 1000), checked on the raw
    strings of both captures: the answer labels it Xingtu's CPM on that ground."""
    trimmed = json.loads(TRIMMED.read_text("utf-8"))["data"]
    for data in (capture(), trimmed):
        for author in data["authors"]:
            a = author["attribute_datas"]
            if "price_1_20" in a:
                assert (
                    abs(int(a["price_1_20"]) / int(a["expected_play_num"]) * 1000 - float(a["prospective_1_20_cpm"]))
                    < 1e-3
                )


def test_the_trimmed_example_reads_with_its_cut_strings() -> None:
    answer = read(json.loads(TRIMMED.read_text("utf-8"))["data"], keyword="陈赫")
    [match] = answer.matches
    assert (match.author_id, match.nickname, match.location) == ("6855230644880949262", "陈赫", "上海市")
    assert (match.price_1_20, match.price_21_60, match.price_over_60) == (270_000, 337_500, None)
    assert answer.total == 10_000 and match.unreadable == []  # last_10_items is cut, and never read


# ------------------------------------------------------------------ built pages of 20
def _page_of_twenty() -> tuple[dict[str, Any], dict[str, int]]:
    """Twenty authors built from the capture's first, with every kind of damage seen or plausible, and the
    unreadable counts expected of them (tallied here as each is damaged)."""
    template = capture()["authors"][0]
    authors: list[object] = []
    expected: dict[str, int] = {}

    def damaged(n: int, field: str, value: object, unreadable: bool) -> None:
        author = copy.deepcopy(template)
        author["attribute_datas"]["id"] = str(7_100_000_000_000_000_000 + n)
        author["attribute_datas"][field] = value
        if unreadable:
            expected[field] = expected.get(field, 0) + 1
        authors.append(author)

    relation = {"运动健身": ["健身", "球类项目"]}
    damaged(0, "tags_relation", json.dumps(json.dumps(relation, ensure_ascii=False)), False)  # escaped twice
    damaged(1, "tags_relation", '{"运动健身":["健身"...', True)  # cut short like the trimmed example
    damaged(2, "tags_relation", "not json", True)
    damaged(3, "price_1_20", "8万", True)
    damaged(4, "price_20_60", "-5", True)
    damaged(5, "follower", "about a million", True)
    damaged(6, "interact_rate_within_30d", "1.7", True)  # a fraction above 1 cannot be a rate
    damaged(7, "play_over_rate_within_30d", "NaN", True)
    damaged(8, "expected_play_num", 3919982, False)  # a JSON number where a string is usual: read
    damaged(9, "prospective_1_20_cpm", "", False)  # an empty string: not sent
    damaged(10, "fans_increment_within_30d", "1e400", True)
    damaged(11, "nick_name", None, False)
    damaged(12, "city", ["上海"], True)
    damaged(13, "price_60", {"yuan": 3}, True)
    damaged(14, "tags_relation", json.dumps("[1, 2]"), True)  # JSON, but not an object
    no_id = copy.deepcopy(template)
    del no_id["attribute_datas"]["id"]
    no_id["star_id"] = None
    authors.append(no_id)
    expected["id"] = 1
    authors.append({"attribute_datas": "not an object", "star_id": "7100000000000000016"})
    authors.append("not an author")  # counted as not read
    authors.append(copy.deepcopy(template))
    authors.append(copy.deepcopy(template))
    data = {"authors": authors, "pagination": {"has_more": "yes", "total_count": "twenty"}}
    return data, expected


def test_a_page_of_twenty_broken_matches_loses_no_match_and_names_what_it_could_not_read() -> None:
    data, expected = _page_of_twenty()
    answer = read(data)
    assert len(answer.matches) == 19 and answer.matches_not_read == 1  # 20 entries, one not an object
    assert answer.unreadable_values == expected
    by_id = {m.author_id: m for m in answer.matches}
    assert by_id["7100000000000000000"].categories == ["健身", "球类项目"]  # decoded twice
    assert by_id["7100000000000000003"].price_1_20 is None and "price_1_20" in by_id["7100000000000000003"].unreadable
    assert by_id["7100000000000000003"].price_21_60 == 200_000  # the rest of the match is shown
    assert by_id["7100000000000000008"].xingtu_expected_plays == 3_919_982
    assert by_id["7100000000000000009"].xingtu_expected_cpm_1_20 is None
    assert by_id["7100000000000000016"].nickname is None  # attribute_datas was not an object: the star_id stays
    assert None in by_id and by_id[None].unreadable == ["id"]
    assert answer.total is None and answer.has_more is None  # strings where a number and a boolean belong


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_text_of_a_broken_page_says_what_was_unreadable_and_never_prints_a_missing_quote_as_zero(
    language: Language,
) -> None:
    data, expected = _page_of_twenty()
    text = render_search(read(data), NEXT_TOOLS, language)
    unreadable_line = next(
        line for line in text.splitlines() if messages.SEARCH_UNREADABLE(language, items="")[:8] in line
    )
    for field, n in expected.items():
        assert messages.SEARCH_UNREADABLE_ITEM(language, field=field, n=n) in unreadable_line
    none = messages.SEARCH_NO_QUOTE(language)
    second = render_search(read(capture()), NEXT_TOOLS, language).splitlines()
    [no_quotes] = [line for line in second if "6629656325343150084" in line]
    prices = no_quotes.split(" · ")[3]  # name and id, followers, place, then the three quotes
    assert prices.count(none) == 3 and not re.search(r"(?<![\d.-])0(?![\d.%])", prices), prices


# ------------------------------------------------------------------ the text, both languages
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_capture_reads_as_a_shortlist_in_either_language(language: Language) -> None:
    text = render_search(read(capture()), NEXT_TOOLS, language)
    lines = text.splitlines()
    [first] = [line for line in lines if "7029342444797820939" in line]
    for figure in (
        "「健身华哥」",
        "6189325",
        "上海",
        "80000",
        "200000",
        "300000",
        "3919982",
        "20.41",
        "1.43%",
        "24.86%",
    ):
        assert figure in first
    assert "+2293717" in first and "三农" in first
    assert messages.SEARCH_MORE(language, next=2) in lines  # another page exists, and costs a call
    assert "5032" in lines[0] and "健身" in lines[0]
    assert all(name in text for name in NEXT_TOOLS.values())
    if language == "zh":
        assert not re.search(r"\b(followers|quotes|expected plays|interaction|completion)\b", text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_nothing_found_is_an_answer_suggesting_the_other_search_type(language: Language) -> None:
    for given, other in (("NICKNAME", "CONTENT"), ("CONTENT", "NICKNAME")):
        answer = read({"authors": [], "pagination": {"has_more": False, "total_count": 0}}, searchType=given)
        text = render_search(answer, NEXT_TOOLS, language)
        assert f"searchType={other}" in text and "健身" in text
        assert text.startswith(messages.SEARCH_NOTHING.template(language).split("{")[0])


# ------------------------------------------------------------------ the tool's input schema
def test_the_input_schema_is_the_endpoints_parameters_with_their_enums_and_defaults() -> None:
    import anyio

    from xingtu_showcase_mcp.config import Settings
    from xingtu_showcase_mcp.server import build_server

    async def listed() -> dict[str, Any]:
        from mcp import Client

        async with Client(build_server(Settings(token="t"))) as client:
            tools = (await client.list_tools()).tools
        [tool] = [t for t in tools if t.name == SEARCH_TOOL_NAME]
        return tool.input_schema

    schema = anyio.run(listed)
    operation = json.loads(FRAGMENT.read_text("utf-8"))["operations"][SEARCH]
    published = {p["name"]: p for p in operation["parameters"] if p["name"] != "token"}
    properties = schema["properties"]
    assert list(properties) == list(published)  # the same 28 names, in the fragment's order, none of ours
    assert "required" not in schema or not schema["required"]
    for name, p in published.items():
        mine, theirs = properties[name], p["schema"]
        assert mine["type"] == theirs["type"], name
        assert mine.get("enum") == theirs.get("enum"), name
        assert mine.get("default") == theirs.get("default"), name
        first_sentence = re.split(r"(?<=\.)\s", p["description"].split("\n\n")[0], maxsplit=1)[0]
        assert mine["description"].startswith(first_sentence), name
    assert len(SEARCH_PARAMETERS) == 28


# ------------------------------------------------------------------ the tool end to end


@pytest.mark.anyio
@pytest.mark.parametrize("language", LANGUAGES)
async def test_one_search_is_one_request_with_the_endpoints_own_parameters(
    emulator: Emulator, language: Language
) -> None:
    async with connected(settings_for(emulator, language=language, cache_ttl=600)) as client:
        result = await client.call_tool(SEARCH_TOOL_NAME, {"keyword": "健身", "gender": "MALE"})
        again = await client.call_tool(SEARCH_TOOL_NAME, {"keyword": "健身", "gender": "MALE"})
    assert not result.is_error, text_of(result)
    [seen] = emulator.requests  # the repeated search came from the cache
    assert seen.path == SEARCH
    assert seen.params == {
        "keyword": "健身",
        "page": "1",
        "sort": "FANS",
        "searchType": "NICKNAME",
        "industry": "ALL",
        "isSuperstar": "false",
        "gender": "MALE",
        "isCuratedAuthor": "false",
        "token": emulator.token,
    }
    content = result.structured_content
    assert content is not None
    assert [m["author_id"] for m in content["matches"]] == ["7029342444797820939", "6629656325343150084"]
    assert content["total"] == 5032 and content["has_more"] is True and content["filters"] == {"gender": "MALE"}
    assert again.structured_content is not None and again.structured_content.get("from_cache") is True


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("arguments", "says"),
    [
        ({"sort": "NEWEST"}, "DEFAULT, FANS"),
        ({"searchType": "name"}, "NICKNAME, CONTENT"),
        ({"page": 0}, "1"),
        ({"page": "2"}, "500"),
        ({"page": 501}, "500"),
        ({"isSuperstar": "yes"}, "true"),
        ({"keyword": "健" * 201}, "200"),
        ({"keyword": 42}, "200"),
        ({"followerRange": "a lot"}, "1000-2000"),
        ({"progressTaskRange": "8-"}, "30:8-"),
        ({"token": "another"}, "keyword"),
        ({"oAuthorId": "7029342444797820939"}, "keyword"),
    ],
)
async def test_bad_values_are_refused_in_one_line_before_any_request(
    emulator: Emulator, arguments: dict[str, Any], says: str
) -> None:
    for language in LANGUAGES:
        async with connected(settings_for(emulator, language=language)) as client:
            result = await client.call_tool(SEARCH_TOOL_NAME, arguments)
        text = text_of(result)
        assert result.is_error and says in text and "\n" not in text and "pydantic" not in text, text
    assert emulator.requests == []


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("replies", "outcome", "requests"),
    [
        ((Reply.envelope(301), Reply.json(search_capture())), "ok", 2),  # collection failed: retried
        ((Reply.envelope(303, status=429),), "303", 1),  # daily quota: never retried
        ((Reply(504, b"<html>gateway</html>", "text/html"),), "gateway_error", 1),  # may have been billed
        ((Reply(200, b"{not json", "application/json"),), "bad_json", 1),
        ((Reply.envelope(400, status=400),), "400", 1),
    ],
    ids=["301-retried", "quota", "gateway", "not-json", "bad-parameters"],
)
async def test_failures_of_the_search_are_explained_from_the_same_catalogue(
    emulator: Emulator, replies: tuple[Reply, ...], outcome: str, requests: int
) -> None:
    emulator.plan(*replies)
    async with connected(settings_for(emulator, max_retries=2)) as client:
        result = await client.call_tool(SEARCH_TOOL_NAME, {"keyword": "健身"})
    text = text_of(result)
    assert len(emulator.requests) == requests
    if outcome == "ok":
        assert not result.is_error, text
    else:
        explained = entry(outcome)
        assert result.is_error and explained.name.en in text
        assert "author id" not in text and "oAuthorId" not in text, text  # a search has no creator to check
    assert emulator.token not in text + compact(result.structured_content or {})


@pytest.mark.anyio
async def test_a_fresh_server_on_the_same_store_reuses_the_search_and_an_echoed_token_never_shows(
    emulator: Emulator, tmp_path: Path
) -> None:
    doc = search_capture()
    doc["data"]["authors"][0]["attribute_datas"]["nick_name"] = f"健身{emulator.token}"
    emulator.search = Reply.json(doc)
    settings = settings_for(emulator, cache_ttl=600, store="sqlite", store_path=tmp_path / "answers.sqlite3")
    results = []
    for _ in range(2):  # a restart: nothing in memory, the file remains
        async with connected(settings) as client:
            results.append(await client.call_tool(SEARCH_TOOL_NAME, {"keyword": "健身"}))
    assert len(emulator.requests) == 1
    for result in results:
        assert not result.is_error and emulator.token not in text_of(result) + compact(result.structured_content)
    assert emulator.token.encode() not in _files(tmp_path)


def _files(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in folder.glob("answers.sqlite3*"))


@pytest.mark.anyio
@pytest.mark.parametrize("language", LANGUAGES)
async def test_the_demo_finds_its_fictional_creators_and_nothing_else(language: Language) -> None:
    from xingtu_showcase_mcp.config import Settings
    from xingtu_showcase_mcp.demo import DEMO_AUTHOR_ID, DEMO_NICKNAMES

    async with connected(Settings(language=language), demo=True) as client:
        found = await client.call_tool(SEARCH_TOOL_NAME, {"keyword": "演示"})
        nothing = await client.call_tool(SEARCH_TOOL_NAME, {"keyword": "健身"})
        showcase = await client.call_tool(NEXT_TOOLS["showcase"], {"oAuthorId": DEMO_AUTHOR_ID})
    assert not found.is_error and not nothing.is_error and not showcase.is_error
    assert found.structured_content is not None
    assert [m["nickname"] for m in found.structured_content["matches"]] == list(DEMO_NICKNAMES.values())
    assert "searchType=CONTENT" in text_of(nothing)


# ------------------------------------------------------------------ budgets and the prompt
def _full_page() -> dict[str, Any]:
    """Twenty matches, each the capture's fullest author (every quote, rate and category sent) with its own id
    and name: every field a match can show, sent for all twenty."""
    data = capture()
    template = data["authors"][0]
    data["authors"] = []
    for n in range(20):
        author = copy.deepcopy(template)
        author["attribute_datas"]["id"] = str(7_100_000_000_000_000_000 + n)
        author["attribute_datas"]["nick_name"] = f"健身教练华哥{n}号"
        author["attribute_datas"]["tags_relation"] = json.dumps({"运动健身": ["健身", "体育资讯", "球类项目"]})
        data["authors"].append(author)
    return data


@pytest.mark.skipif(not tokenizer_available() and not os.environ.get("CI"), reason="o200k counting needs Node.js")
def test_the_texts_fit_their_budgets_in_both_languages() -> None:
    texts = [
        render_search(read(data), NEXT_TOOLS, language) for data in (capture(), _full_page()) for language in LANGUAGES
    ]
    counts = count_tokens(texts)
    two_en, two_zh, twenty_en, twenty_zh = counts
    assert max(two_en, two_zh) <= SEARCH_CAPTURE_BUDGET  # #22: at most 600 for the 2-author capture
    assert max(twenty_en, twenty_zh) <= SEARCH_PAGE_BUDGET  # and at most 2,500 for a full page of 20
    # README quotes the four figures ("about N o200k tokens"): they must stay the measured ones, to 10%.
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text("utf-8")
    section = readme.split("### `search_creators`", 1)[1].split("\n### ", 1)[0]
    quoted = [int(n.replace(",", "")) for n in re.findall(r"about ([\d,]+)", " ".join(section.split()))]
    assert len(quoted) == 4, "README's search_creators section lost its size sentence"
    for said, measured in zip(quoted, counts, strict=True):
        assert abs(said - measured) <= measured / 10, (quoted, counts)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_prompt_goes_from_a_nickname_to_the_search_first(language: Language) -> None:
    from xingtu_showcase_mcp.names import MARKETING_TOOL_NAME, TOOL_NAME
    from xingtu_showcase_mcp.prompt import evaluation_prompt

    by_name = evaluation_prompt("健身华哥", "", TOOL_NAME, MARKETING_TOOL_NAME, language, search_tool=SEARCH_TOOL_NAME)
    by_id = evaluation_prompt(
        "7029342444797820939", "", TOOL_NAME, MARKETING_TOOL_NAME, language, search_tool=SEARCH_TOOL_NAME
    )
    assert SEARCH_TOOL_NAME in by_name and by_name.index(SEARCH_TOOL_NAME) < by_name.index(TOOL_NAME)
    assert '"健身华哥"' not in by_name.split(SEARCH_TOOL_NAME, 1)[1].split(TOOL_NAME, 1)[1]  # never used as an id
    assert SEARCH_TOOL_NAME not in by_id and '"7029342444797820939"' in by_id


def test_the_shipped_parameters_are_what_the_script_writes_from_the_fragment() -> None:
    """`search_parameters.json` is derived from the OpenAPI fragment: regenerate it, never edit it by hand."""
    import search_parameters

    shipped = json.loads(search_parameters.TARGET.read_text("utf-8"))
    assert shipped == search_parameters.parameters(), "run `uv run python scripts/search_parameters.py`"
