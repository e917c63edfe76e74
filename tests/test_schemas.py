"""What a host and a model see of the tools: titled fields, schemas without $ref, plain refusals."""

from __future__ import annotations

import base64
import json
import struct
import tomllib
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.contract import PARAMETER_TITLES
from xingtu_showcase_mcp.language import LANGUAGES, Language
from xingtu_showcase_mcp.names import COMPARE_TOOL_NAME, SEARCH_TOOL_NAME, TOOL_NAME

from conftest import connected, settings_for, text_of
from emulator import Emulator

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "server" / "xingtu_showcase_mcp"

pytestmark = pytest.mark.anyio
AUTHOR = "6787286580932689933"


async def test_input_fields_have_titles_a_person_can_read() -> None:
    async with connected(Settings(), demo=True) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
    for tool in tools.values():
        for name, field in tool.input_schema["properties"].items():
            if tool.name == SEARCH_TOOL_NAME:  # the endpoint's own names, in words
                title = field["title"]
                assert title[0].isupper() and title.replace(" ", "").lower() == name.lower(), name
                continue
            expected = PARAMETER_TITLES.get(name) or PARAMETER_TITLES[name.removesuffix("s")] + "s"
            assert field["title"] == expected, (tool.name, name)


async def test_output_schemas_have_no_references_and_the_answers_validate() -> None:
    async with connected(Settings(), demo=True) as client:
        tools = {t.name: t for t in (await client.list_tools()).tools}
        one = await client.call_tool(TOOL_NAME, {"oAuthorId": AUTHOR})
        many = await client.call_tool(COMPARE_TOOL_NAME, {"oAuthorIds": [AUTHOR, "7100000000000000043"]})
    schemas = {name: tool.output_schema or {} for name, tool in tools.items()}
    for name, schema in schemas.items():
        text = json.dumps(schema)
        assert schema and "$ref" not in text and "$defs" not in text, name
        Draft202012Validator.check_schema(schema)
    for tool, result in ((TOOL_NAME, one), (COMPARE_TOOL_NAME, many)):
        assert not result.is_error
        errors = list(Draft202012Validator(schemas[tool]).iter_errors(result.structured_content))
        assert errors == [], errors[:1]
    # The outline still catches a wrong shape: a missing field, a list where an object belongs.
    assert one.structured_content is not None
    broken = {k: v for k, v in one.structured_content.items() if k != "as_of"} | {"personal": []}
    assert len(list(Draft202012Validator(schemas[TOOL_NAME]).iter_errors(broken))) == 2


WRONG: list[tuple[str, dict[str, Any], str]] = [
    (TOOL_NAME, {}, "oAuthorId is missing"),
    (TOOL_NAME, {"oAuthorId": 6787286580932689933}, "not a number"),
    (TOOL_NAME, {"oAuthorId": ["1"]}, "not list"),
    (TOOL_NAME, {"oAuthorId": AUTHOR, "platform": "TIKTOK"}, "SHORT_VIDEO, LIVE_STREAMING, PICTURE_TEXT, SHORT_DRAMA"),
    (TOOL_NAME, {"oAuthorId": AUTHOR, "platform": 3}, "not 3"),
    (TOOL_NAME, {"oAuthorId": AUTHOR, "flowType": "ALL"}, "EXCLUDE, INCLUDE"),
    (TOOL_NAME, {"oAuthorId": AUTHOR, "onlyAssign": "maybe"}, "true or false"),
    (TOOL_NAME, {"oAuthorId": AUTHOR, "onlyAssign": 1}, "true or false"),
    (TOOL_NAME, {"oAuthorId": AUTHOR, "limit": 5}, "not an argument"),
    (COMPARE_TOOL_NAME, {"oAuthorIds": AUTHOR}, "list of 2 to 20"),
    (COMPARE_TOOL_NAME, {"oAuthorIds": [AUTHOR]}, "give 2 to 20"),
    (COMPARE_TOOL_NAME, {"oAuthorIds": [AUTHOR, 1]}, "not a number"),
    (COMPARE_TOOL_NAME, {}, "oAuthorIds is missing"),
]


@pytest.mark.parametrize(("tool", "arguments", "says"), WRONG, ids=[f"{t}-{a}" for t, a, _ in WRONG])
@pytest.mark.parametrize("language", LANGUAGES)
async def test_wrong_arguments_get_one_plain_line_of_our_own(
    emulator: Emulator, tool: str, arguments: dict[str, Any], says: str, language: Language
) -> None:
    async with connected(settings_for(emulator, language=language)) as client:
        result = await client.call_tool(tool, arguments)
    text = text_of(result)
    assert result.is_error
    if language == "en":
        assert says in text
    for library in ("pydantic", "errors.pydantic.dev", "http://", "validation error", "Input should", "type="):
        assert library not in text, text
    assert emulator.requests == []


async def test_the_server_has_an_icon_and_its_lists_may_be_cached() -> None:
    async with connected(Settings(), demo=True) as client:
        info = client.server_info
        tools = await client.list_tools()
        prompts = await client.list_prompts()
    assert info is not None and info.icons
    svg, png = info.icons
    assert svg.src.startswith("data:image/svg+xml;base64,") and svg.mime_type == "image/svg+xml"
    assert base64.b64decode(svg.src.split(",", 1)[1]) == (PACKAGE / "icon.svg").read_bytes()
    # The PNG every host can read, by address: the project's own repository, a file that is in this checkout.
    homepage = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["urls"]["Homepage"]
    owner_repo = homepage.removeprefix("https://github.com/")
    assert png.src == f"https://raw.githubusercontent.com/{owner_repo}/main/server/xingtu_showcase_mcp/icon.png"
    picture = (ROOT / png.src.split("/main/", 1)[1]).read_bytes()
    assert png.mime_type == "image/png" and picture[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", picture[16:24]) == (512, 512)
    for tool in tools.tools:
        assert tool.icons == [png], tool.name  # by address: an inline picture would cost every turn
    for listed in (tools, prompts):
        assert listed.ttl_ms is not None and listed.ttl_ms > 0  # not "stale at once"


def test_the_shipped_outlines_are_the_models_own() -> None:
    """Precomputed for a faster start: a changed model fails here until `scripts/outlines.py` runs."""
    from outlines import TARGET, current

    assert TARGET.read_text("utf-8") == current(), "run `uv run python scripts/outlines.py`"
