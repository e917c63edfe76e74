"""The error catalogue covers every code, and README and the MCP resource say the same as it."""

from __future__ import annotations

import json

import pytest
from mcp.types import TextResourceContents

from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.contract import ENDPOINT_PATH
from xingtu_showcase_mcp.errors import (
    CATALOGUE,
    SEARCH_WORDING,
    ShowcaseError,
    entry,
    entry_for_code,
    markdown_cell,
    render_markdown,
)
from xingtu_showcase_mcp.language import LANGUAGES, Language
from xingtu_showcase_mcp.names import SEARCH_TOOL_NAME
from xingtu_showcase_mcp.server import ERRORS_URI

from conftest import connected
from emulator import FIXTURES

OPENAPI = json.loads((FIXTURES / "showcase-items.openapi.json").read_text("utf-8"))
SCHEMA_CODES = OPENAPI["components"]["schemas"]["Result"]["properties"]["code"]["enum"]
TRANSPORT_KEYS = {
    "no_token",
    "timeout",
    "unreachable",
    "http_429",
    "gateway_error",
    "http_error",
    "html_body",
    "empty_body",
    "bad_json",
    "bad_envelope",
    "data_missing",
    "xingtu_failure",
}


def test_every_code_of_the_schema_has_its_own_entry() -> None:
    for code in SCHEMA_CODES:
        if code == 0:
            continue
        assert entry_for_code(code).code == code, code
    assert entry_for_code(777).key == "unknown_code"


def test_transport_failures_have_entries_and_keys_are_unique() -> None:
    keys = [e.key for e in CATALOGUE]
    assert len(keys) == len(set(keys))
    assert set(keys) >= TRANSPORT_KEYS
    for e in CATALOGUE:
        assert e.name.en and e.meaning.en.endswith(".") and e.advice.en.endswith((".", ")"))


def test_retry_policy_is_the_one_the_issue_sets() -> None:
    retried = {e.key for e in CATALOGUE if e.retried}
    assert {"301", "302", "http_429", "unreachable"} <= retried
    assert not retried & {"100", "303", "400", "600", "601", "602", "gateway_error", "connection_lost", "timeout"}


def test_explanation_has_meaning_advice_and_attempts() -> None:
    text = ShowcaseError(entry("601"), detail="code 601, HTTP 200", attempts=1, elapsed=0.42).explain()
    assert "Insufficient balance (code 601)" in text
    assert "Top up" in text and "1 attempt in 0.4 s" in text and "code 601, HTTP 200" in text


@pytest.mark.anyio
async def test_the_error_resource_is_the_catalogue() -> None:
    async with connected(Settings()) as client:
        listed = (await client.list_resources()).resources
        assert ERRORS_URI in [str(r.uri) for r in listed]
        read = await client.read_resource(ERRORS_URI)
    content = read.contents[0]
    assert isinstance(content, TextResourceContents)
    assert content.mime_type == "text/markdown"
    assert content.text == render_markdown()
    for e in CATALOGUE:
        assert f"| {e.key} | {e.name.en} |" in content.text


def test_the_endpoint_is_the_one_in_the_reference() -> None:
    assert ENDPOINT_PATH in OPENAPI["paths"]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_error_resource_gives_a_searchs_own_advice_where_it_differs(language: Language) -> None:
    """A planner who searched and got a 400 reads what to check in a search, not an author id they never gave."""
    rows = {row.split(" | ")[0].removeprefix("| "): row for row in render_markdown(language).splitlines()}
    for key, (_, advice) in SEARCH_WORDING.items():
        assert SEARCH_TOOL_NAME in rows[key] and markdown_cell(advice(language)) in rows[key], key
    assert SEARCH_TOOL_NAME not in rows["100"]  # a refused token reads the same from every tool
