"""The tool's inputs are the endpoint's own: checked against Just One API's OpenAPI fragment."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from mcp import Client

from xingtu_showcase_mcp.compare import MAX_COMPARED
from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.contract import ENDPOINT_PATH, MARKETING_PATH, AuthorIdError, ShowcaseQuery, parse_author_id
from xingtu_showcase_mcp.names import COMPARE_TOOL_NAME, MARKETING_TOOL_NAME, SEARCH_TOOL_NAME, TOOL_NAME

from conftest import connected
from emulator import FIXTURES

OPENAPI: dict[str, Any] = json.loads((Path(FIXTURES) / "showcase-items.openapi.json").read_text("utf-8"))
OPERATION: dict[str, Any] = OPENAPI["paths"][ENDPOINT_PATH]["get"]
API_PARAMS = {p["name"]: p for p in OPERATION["parameters"]}


async def published_tool(client: Client, name: str = TOOL_NAME) -> Any:
    tools = {t.name: t for t in (await client.list_tools()).tools}
    assert set(tools) == {TOOL_NAME, COMPARE_TOOL_NAME, MARKETING_TOOL_NAME, SEARCH_TOOL_NAME}
    return tools[name]


@pytest.mark.anyio
async def test_input_schema_matches_the_openapi_parameters() -> None:
    async with connected(Settings()) as client:
        tool = await published_tool(client)
    schema = tool.input_schema
    assert "$defs" not in json.dumps(schema) and "$ref" not in json.dumps(schema)
    # Exactly the endpoint's parameters, minus the token (configuration, not a tool input).
    assert set(schema["properties"]) == set(API_PARAMS)
    assert "token" not in schema["properties"]
    assert set(schema.get("required", [])) == {n for n, p in API_PARAMS.items() if p.get("required")}
    for name, param in API_PARAMS.items():
        ours, theirs = schema["properties"][name], param["schema"]
        assert ours["type"] == theirs["type"], name
        assert ours.get("enum") == theirs.get("enum"), name
        assert ours.get("default") == theirs.get("default"), name
        assert len(ours.get("description", "")) > 40, f"{name} needs a description that helps a model"


@pytest.mark.anyio
async def test_the_quotes_tool_takes_exactly_the_marketing_endpoints_parameters() -> None:
    fragment = json.loads((Path(FIXTURES) / "endpoints.openapi-fragment.json").read_text("utf-8"))
    params = {p["name"]: p for p in fragment["operations"][MARKETING_PATH]["parameters"] if p["name"] != "token"}
    async with connected(Settings()) as client:
        schema = (await published_tool(client, MARKETING_TOOL_NAME)).input_schema
    assert set(schema["properties"]) == set(params) == {"oAuthorId", "platform"}
    assert schema["required"] == ["oAuthorId"]
    for name, param in params.items():
        ours, theirs = schema["properties"][name], param["schema"]
        assert (ours["type"], ours.get("enum"), ours.get("default")) == (
            theirs["type"],
            theirs.get("enum"),
            theirs.get("default"),
        ), name


@pytest.mark.anyio
async def test_compare_tool_shares_the_parameters_of_the_first() -> None:
    async with connected(Settings()) as client:
        single = (await published_tool(client)).input_schema
        many = (await published_tool(client, COMPARE_TOOL_NAME)).input_schema
    assert "$ref" not in json.dumps(many)
    assert many["required"] == ["oAuthorIds"]
    ids = many["properties"]["oAuthorIds"]
    assert ids["type"] == "array" and ids["items"]["type"] == "string"
    assert (ids["minItems"], ids["maxItems"]) == (2, MAX_COMPARED) == (2, 20)
    for name in ("platform", "onlyAssign", "flowType"):
        assert many["properties"][name] == single["properties"][name]


@pytest.mark.anyio
async def test_tool_metadata_tells_a_model_what_it_is_for() -> None:
    async with connected(Settings()) as client:
        tool = await published_tool(client)
        instructions = client.instructions or ""
    assert "author id" in instructions and "xingtu.cn" in instructions and "quota" in instructions
    assert tool.title
    assert tool.annotations is not None
    assert tool.annotations.read_only_hint is True and tool.annotations.open_world_hint is True
    assert tool.description is not None and "quota" in tool.description
    assert tool.output_schema is not None and "personal" in tool.output_schema["properties"]


def test_query_string_uses_the_endpoint_names_and_spellings() -> None:
    query = ShowcaseQuery("123", "PICTURE_TEXT", True, "INCLUDE")
    assert query.params() == {
        "oAuthorId": "123",
        "platform": "PICTURE_TEXT",
        "onlyAssign": "true",
        "flowType": "INCLUDE",
    }
    assert set(query.params()) | {"token"} == set(API_PARAMS) | {"token"}


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("6787286580932689933", "6787286580932689933"),
        ("  6787286580932689933\n", "6787286580932689933"),
        ("https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/6787286580932689933", "6787286580932689933"),
        ("https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/6787286580932689933/", "6787286580932689933"),
        (
            "https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/6787286580932689933?from=x",
            "6787286580932689933",
        ),
        ("www.xingtu.cn/ad/creator/author-homepage/douyin-video/6787286580932689933", "6787286580932689933"),
        ("http://xingtu.cn/x/6787286580932689933#top", "6787286580932689933"),
    ],
)
def test_author_id_from_id_or_xingtu_url(raw: str, expected: str) -> None:
    assert parse_author_id(raw) == expected


@pytest.mark.parametrize(
    ("raw", "says"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("1" * 40, "digits"),
        ("1" * 21, "never more than 20"),
        ("1" * 32, "never more than 20"),
        ("0", "all zeros"),
        ("0000000000000000000", "all zeros"),
        ("https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/000", "all zeros"),
        ("x" * 10_000, "too long"),
        ("abc123", "ASCII digits"),
        ("123&token=x", "ASCII digits"),
        ("１２３４５", "ASCII digits"),  # full-width digits
        ("https://www.douyin.com/user/MS4wLjABAAAA", "not a Xingtu creator page"),
        ("https://evil.example/xingtu.cn/6787286580932689933", "not a Xingtu creator page"),
        ("https://www.xingtu.cn/ad/creator/author-homepage/", "does not end with an author id"),
        ("ftp://www.xingtu.cn/6787286580932689933", "not a Xingtu creator page"),
        (6787286580932689933, "not a number"),
        (6.787e18, "not a number"),
        (None, "not NoneType"),
        (["1"], "not list"),
    ],
)
def test_anything_else_is_refused_with_what_is_accepted(raw: object, says: str) -> None:
    with pytest.raises(AuthorIdError) as caught:
        parse_author_id(raw)
    message = str(caught.value)
    assert says in message
    assert "Accepted:" in message
    assert len(message) < 500  # a 10 KB input is not echoed back
