"""Chinese answers: every message in both languages, the same figures, the same keys, no English left over.

Expected Chinese wording is never copied from the code: the tests check that
each catalogue pair is complete and consistent, that a Chinese answer states
exactly the figures of the English one (structured content compared field by
field, numbers in the text compared as multisets), and that what a person
reads under `zh` carries no English sentence.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from xingtu_showcase_mcp import errors, messages
from xingtu_showcase_mcp.config import LANGUAGE_VAR, load_settings
from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.errors import CATALOGUE, ShowcaseError
from xingtu_showcase_mcp.language import LANGUAGES, Language, Text
from xingtu_showcase_mcp.names import COMPARE_TOOL_NAME, MARKETING_TOOL_NAME, SEARCH_TOOL_NAME, TOOL_NAME
from xingtu_showcase_mcp.prompt import PROMPT_NAME, evaluation_prompt
from xingtu_showcase_mcp.render import render_text
from xingtu_showcase_mcp.server import ERRORS_URI
from xingtu_showcase_mcp.showcase.summary import summarise

from conftest import PINNED, VirtualClock, call, connected, settings_for, text_of
from emulator import Emulator, Reply

FIXTURES = Path(__file__).parent / "fixtures"
AUTHOR = "6787286580932689933"
CJK = re.compile(r"[\u4e00-\u9fff]")
CHINESE = re.compile(r"[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")  # characters, or full-width punctuation

NOT_TRANSLATED = {
    # zh deliberately equal to en: names, codes and pure layouts with nothing to translate.
    id(messages.WORK_COLUMN_LABELS["id"]),
    id(messages.KINDS["null"]),
    id(messages.XINGTU_FIGURE),
    id(messages.SEEN_NETWORK),
    id(messages.NOTE_SEP),  # notes follow each other with no space in Chinese
    id(messages.LISTED_OF),  # 3/15
}


def catalogue() -> list[tuple[str, Text]]:
    """Every message pair the package has: the messages module and the error catalogue."""
    found: list[tuple[str, Text]] = []
    for name, value in vars(messages).items():
        if isinstance(value, Text):
            found.append((name, value))
        elif isinstance(value, dict):
            found += [(f"{name}[{key}]", v) for key, v in value.items() if isinstance(v, Text)]  # type: ignore[misc]
    for entry in CATALOGUE:
        found += [(f"{entry.key}.{part}", getattr(entry, part)) for part in ("name", "meaning", "advice")]
        if entry.cli_advice is not None:
            found.append((f"{entry.key}.cli_advice", entry.cli_advice))
    return found


# ---------------------------------------------------------------- the catalogue itself


def test_the_catalogue_is_large_enough_to_be_the_real_one() -> None:
    assert len(catalogue()) > 200


@pytest.mark.parametrize(("name", "text"), catalogue(), ids=[name for name, _ in catalogue()])
def test_every_message_has_both_languages_and_the_same_placeholders(name: str, text: Text) -> None:
    assert text.en, f"{name} has no English"
    if id(text) in NOT_TRANSLATED:
        return
    assert text.zh, f"{name} has no Chinese"
    assert CHINESE.search(text.zh), f"{name}: the Chinese is not Chinese: {text.zh!r}"
    assert text.placeholders("en") == text.placeholders("zh"), f"{name}: placeholders differ"


def test_xingtus_own_terms_are_used() -> None:
    """The words a Xingtu user knows from Xingtu's interface, not literal translations."""
    words = " ".join(t.zh for _, t in catalogue())
    for term in ("播放中位数", "互动率", "完播率", "个人视频", "星图视频", "爆量", "指派", "投稿", "日常", "任务"):
        assert term in words, term
    assert "compare_author" in messages.STANDING.zh and "未公开" in messages.STANDING.zh  # uncertain, and says so


# ---------------------------------------------------------------- the same figures in both languages

FREE_TEXT = {"commissioned_holds", "notes", "definitions", "scope", "no_ratio_because", "listed", "ranked_by"}


def _facts(doc: Any) -> Any:
    """The structured content without its free-text values; a flag keeps its codes, not its reason."""
    if isinstance(doc, dict):
        return {k: _facts(v) for k, v in doc.items() if k not in FREE_TEXT}  # type: ignore[misc]
    if isinstance(doc, list):
        return [_facts(v) for v in doc]  # type: ignore[misc]
    if isinstance(doc, str) and doc.startswith(("hot", "excluded: ")):
        return [part.split(":")[0] for part in doc.split(", ")]
    return doc


def _numbers(text: str) -> Counter[str]:
    """The figures a text states (the last line, the definitions, is words about rules, not figures), the
    fetch time left out: it is UTC in English and Beijing time in Chinese (checked on its own)."""
    body = "\n".join(text.splitlines()[:-1])
    body = re.sub(r"\d{4}-\d\d-\d\d \d\d:\d\d (UTC|北京时间)", "", body)
    return Counter(re.findall(r"\d+(?:\.\d+)?%?", body))


def test_the_fetch_time_is_utc_in_english_and_beijing_time_in_chinese() -> None:
    summary = summarise({}, ShowcaseQuery(AUTHOR), fetched_at=PINNED)  # 01:00 UTC is 09:00 in Beijing
    assert "fetched 2026-03-10 01:00 UTC" in render_text(summary, "en")
    assert "获取于 2026-03-10 09:00 北京时间" in render_text(summary, "zh")


async def _answers(emulator: Emulator, body: bytes, tool: str, arguments: dict[str, Any]) -> dict[Language, Any]:
    """The same call in each language, fetched at one pinned moment: the answers may differ only in words."""
    results: dict[Language, Any] = {}
    for language in LANGUAGES:
        emulator.default = Reply(200, body, "application/json")
        clock = VirtualClock(wall=PINNED)
        async with connected(settings_for(emulator, language=language), clock=clock) as client:
            results[language] = await client.call_tool(tool, arguments)
    return results


@pytest.mark.anyio
@pytest.mark.parametrize("fixture", ["showcase-items.example-response.json", "showcase-items.capture-2024.json"])
async def test_a_chinese_answer_states_the_same_figures(emulator: Emulator, fixture: str) -> None:
    body = (FIXTURES / fixture).read_bytes()
    answers = await _answers(emulator, body, TOOL_NAME, {"oAuthorId": AUTHOR})
    en, zh = answers["en"], answers["zh"]
    assert not en.is_error and not zh.is_error
    assert set(en.structured_content) == set(zh.structured_content)  # the same keys
    assert _facts(zh.structured_content) == _facts(en.structured_content)
    assert _numbers(text_of(zh)) == _numbers(text_of(en))
    assert zh.structured_content["notes"] != en.structured_content["notes"] or not en.structured_content.get("notes")
    assert CJK.search(zh.structured_content["commissioned_holds"])


@pytest.mark.anyio
async def test_a_chinese_comparison_states_the_same_figures(emulator: Emulator) -> None:
    body = (FIXTURES / "showcase-items.example-response.json").read_bytes()
    ids = [AUTHOR, "1000000000000000001", "not an id"]
    answers = await _answers(emulator, body, COMPARE_TOOL_NAME, {"oAuthorIds": ids})
    en, zh = answers["en"].structured_content, answers["zh"].structured_content
    worded = en["columns"].index("quality")  # the one cell in words: the rest are figures and codes
    assert en["columns"] == zh["columns"]
    assert [v for i, v in enumerate(en["rows"][0]) if i != worded] == [
        v for i, v in enumerate(zh["rows"][0]) if i != worded
    ]
    assert [f["author_id"] for f in en["failed"]] == [f["author_id"] for f in zh["failed"]]
    assert CJK.search(zh["failed"][0]["error"]) and CJK.search(zh["failed"][0]["advice"])
    assert _numbers(text_of(answers["zh"])) == _numbers(text_of(answers["en"]))


ALLOWED_LATIN = {
    # Names that stay as they are in Chinese text: enums, ids, units, URLs, Xingtu's and the API's own keys.
    "SHORT_VIDEO", "EXCLUDE", "UTC", "uid", "https", "www", "douyin", "com", "video", "id", "compare_author",
    "data_description", "latest_item_info", "latest_star_item_info", "vlog", "x", "s", "n", "Just", "One", "API",
}  # fmt: skip


@pytest.mark.anyio
@pytest.mark.parametrize("fixture", ["showcase-items.example-response.json", "showcase-items.capture-2024.json"])
async def test_a_chinese_answer_has_no_english_words(emulator: Emulator, fixture: str) -> None:
    body = (FIXTURES / fixture).read_bytes()
    emulator.default = Reply(200, body, "application/json")
    async with connected(settings_for(emulator, language="zh")) as client:
        result = await call(client, oAuthorId=AUTHOR)
    latin = set(re.findall(r"[A-Za-z_]+", text_of(result))) - ALLOWED_LATIN
    assert not latin, f"English left in the Chinese answer: {sorted(latin)}"


# ---------------------------------------------------------------- errors, the resource, the prompt


@pytest.mark.parametrize("entry", CATALOGUE, ids=[e.key for e in CATALOGUE])
def test_every_error_is_explained_in_both_languages(entry: errors.ErrorEntry) -> None:
    failure = ShowcaseError(entry, detail="HTTP 200", attempts=2, elapsed=1.25)
    for language in LANGUAGES:
        text = failure.explain(language)
        for part in (entry.name, entry.meaning, entry.advice):
            assert part(language) in text
    zh = failure.explain("zh")
    assert entry.meaning.en not in zh and entry.advice.en not in zh
    assert "2" in zh and "1.2" in zh  # attempts and seconds, written the same way


@pytest.mark.anyio
async def test_failures_seen_upstream_are_told_in_chinese(emulator: Emulator) -> None:
    # The gateway first: after the balance refusal, the next minute's calls would send nothing.
    emulator.plan(Reply(502, b"<html>bad gateway</html>", "text/html"), Reply.envelope(601))
    async with connected(settings_for(emulator, language="zh", max_retries=0)) as client:
        gateway = await call(client, oAuthorId=AUTHOR)
        balance = await call(client, oAuthorId=AUTHOR)
        bad_id = await call(client, oAuthorId="abc")
    assert balance.is_error and errors.entry("601").advice.zh in text_of(balance)
    assert "HTTP 200" in text_of(balance) and errors.entry("601").name.en not in text_of(balance)
    assert gateway.is_error and messages.SEEN_HTML.zh.format(status=502) in text_of(gateway)
    assert bad_id.is_error and messages.ID_ACCEPTED.zh in text_of(bad_id)


@pytest.mark.anyio
async def test_the_errors_resource_and_the_prompt_follow_the_language(emulator: Emulator) -> None:
    async with connected(settings_for(emulator, language="zh")) as client:
        resource = await client.read_resource(ERRORS_URI)
        prompt = await client.get_prompt(PROMPT_NAME, {"author": AUTHOR, "brief": "厨房电器新品"})
        listed = next(p for p in (await client.list_prompts()).prompts if p.name == PROMPT_NAME)
    assert listed.title is not None and CJK.match(listed.title) and listed.description and CJK.match(listed.description)
    markdown = "".join(getattr(c, "text", "") for c in resource.contents)
    assert markdown.startswith(messages.ERRORS_RESOURCE_INTRO.zh.split("\n")[0])
    assert all(f"| {e.key} | {e.name.zh} |" in markdown for e in CATALOGUE)
    said = "".join(getattr(m.content, "text", "") for m in prompt.messages)
    assert said == evaluation_prompt(
        AUTHOR, "厨房电器新品", TOOL_NAME, MARKETING_TOOL_NAME, "zh", search_tool=SEARCH_TOOL_NAME
    )
    assert CJK.search(said) and "Evaluate" not in said and "厨房电器新品" in said and AUTHOR in said


def test_the_prompt_in_chinese_is_bounded_like_the_english() -> None:
    long_brief = "鑫" * 5000
    zh = evaluation_prompt(AUTHOR, long_brief, TOOL_NAME, MARKETING_TOOL_NAME, "zh", search_tool=SEARCH_TOOL_NAME)
    en = evaluation_prompt(AUTHOR, long_brief, TOOL_NAME, MARKETING_TOOL_NAME, "en", search_tool=SEARCH_TOOL_NAME)
    assert zh.count("鑫") == en.count("鑫") == 2000
    assert messages.BRIEF_CUT.zh in zh


# ---------------------------------------------------------------- the setting


@pytest.mark.parametrize(
    ("raw", "language"),
    [
        *[(v, "zh") for v in ("zh", "ZH", " zh ", "zh-CN", "zh_CN", "zh-Hans", "cn", "CN", "中文", "简体中文")],
        *[(v, "en") for v in ("en", "EN", "english", "English", "")],
    ],
)
def test_the_language_names_people_type_are_understood(raw: str, language: str) -> None:
    assert load_settings({LANGUAGE_VAR: raw}).language == language


def test_an_unknown_language_is_one_warning_and_english_not_a_stopped_server(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level("WARNING"):
        assert load_settings({LANGUAGE_VAR: "fr"}).language == "en"
    [record] = [r for r in caplog.records if LANGUAGE_VAR in r.getMessage()]
    assert record.levelname == "WARNING" and "'fr'" in record.getMessage() and "en, zh" in record.getMessage()


def test_the_claude_desktop_example_sets_the_language() -> None:
    example = json.loads((Path(__file__).parents[1] / "claude_desktop_config.example.json").read_text("utf-8"))
    assert example["mcpServers"]["xingtu-showcase"]["env"][LANGUAGE_VAR] in LANGUAGES


@pytest.mark.anyio
@pytest.mark.parametrize("language", LANGUAGES)
async def test_an_error_carries_no_english_prefix_of_the_sdk(emulator: Emulator, language: Language) -> None:
    async with connected(settings_for(emulator, token=None, language=language)) as client:
        missing = await call(client, oAuthorId=AUTHOR)
        bad_id = await call(client, oAuthorId="abc")
        nobody = await client.call_tool(COMPARE_TOOL_NAME, {"oAuthorIds": ["abc", "def"]})
    for result in (missing, bad_id, nobody):
        text = text_of(result)
        assert result.is_error and "Error executing tool" not in text
        assert bool(CJK.match(text)) == (language == "zh") or text.startswith("oAuthorId")


def test_no_sentence_is_split_in_the_middle_of_a_word() -> None:
    """Adjacent literals joined mid-word ("Just O" "ne API") defeat grep for the words a user reports."""
    import io
    import re
    import tokenize
    from pathlib import Path

    def inner(literal: str) -> str:
        body = re.sub(r"^[rbfuRBFU]*", "", literal)
        return body.strip("'\"")

    package = Path(__file__).resolve().parents[1] / "server" / "xingtu_showcase_mcp"
    split: list[str] = []
    for path in sorted(package.rglob("*.py")):
        previous: tokenize.TokenInfo | None = None
        for token in tokenize.generate_tokens(io.StringIO(path.read_text("utf-8")).readline):
            if token.type in (tokenize.NL, tokenize.COMMENT):
                continue
            if previous is not None and previous.type == token.type == tokenize.STRING:
                before, after = inner(previous.string), inner(token.string)
                ends_in_letter = re.search(r"(?<!\\)[A-Za-z]$", before) is not None
                if ends_in_letter and re.match(r"[A-Za-z]", after):
                    split.append(f"{path.relative_to(package)}:{token.start[0]}")
            previous = token
    assert not split, split
