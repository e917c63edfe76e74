"""The MCP Bundle as Claude Desktop runs it: unpacked, its manifest's command run with the user's settings.

`scripts/build_bundle.py` builds the bundle; this test unpacks it and starts the server exactly as the
manifest tells a host to: its command and args with `${__dirname}` set, its env with each
`${user_config.*}` replaced by a user's answer (the API server answered with the emulator's address),
uv running the bundled project offline from uv's cache. Over stdio the server lists its tools and
prompt, answers a demo call with the installer's demo setting on and no token, then a real question
with a token. CI also validates the manifest with the pinned `@anthropic-ai/mcpb` CLI.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Any

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from xingtu_showcase_mcp.config import DEFAULT_TIMEOUT, GLOBAL_BASE_URL, TOKEN_VAR, load_settings
from xingtu_showcase_mcp.demo import DEMO_AUTHOR_ID

from build_bundle import ENV, build, manifest
from conftest import call, connected, text_of
from emulator import Emulator

ROOT = Path(__file__).resolve().parents[1]

AUTHOR = "6787286580932689933"
UV = shutil.which("uv")
needs_uv = pytest.mark.skipif(UV is None and not os.environ.get("CI"), reason="needs uv (.ci/run installs it)")


def substitute(value: str, dirname: Path, answers: dict[str, Any]) -> str:
    """What a host does to a manifest string: ${__dirname} and ${user_config.<key>} replaced."""
    value = value.replace("${__dirname}", str(dirname))
    return re.sub(r"\$\{user_config\.(\w+)\}", lambda m: str(answers[m.group(1)]), value)


@needs_uv
@pytest.mark.anyio
async def test_the_bundle_runs_as_its_manifest_says(emulator: Emulator, tmp_path: Path) -> None:
    bundle = await anyio.to_thread.run_sync(build)  # it lists the tools through a client of its own
    assert bundle.name.endswith(".mcpb") and bundle.parent.name == "dist"
    unpacked = tmp_path / "installed"
    with zipfile.ZipFile(bundle) as archive:
        archive.extractall(unpacked)
    manifest = json.loads((unpacked / "manifest.json").read_text("utf-8"))
    assert manifest["manifest_version"] == "0.4" and manifest["server"]["type"] == "uv"
    assert (unpacked / manifest["server"]["entry_point"]).is_file()
    settings = manifest["user_config"]
    assert settings["token"]["sensitive"] is True
    assert {"server", "timeout", "language", "demo"} <= set(settings)
    assert {t["name"] for t in manifest["tools"]} == {
        "get_showcase_items",
        "compare_creators",
        "get_marketing_info",
        "search_creators",
    }
    assert [p["name"] for p in manifest["prompts"]] == ["evaluate_creator"]

    # First as a new user tries it: demo data, no token. Then with a token (the emulator stands in for Just
    # One API) and the Chinese answers chosen in the settings.
    demo = {"token": "", "server": GLOBAL_BASE_URL, "timeout": DEFAULT_TIMEOUT, "language": "en", "demo": "true"}
    real = {"token": emulator.token, "server": emulator.url, "timeout": DEFAULT_TIMEOUT, "language": "zh",
            "demo": "false"}  # fmt: skip
    tried = await run_as_manifest_says(manifest, unpacked, demo, tmp_path, DEMO_AUTHOR_ID)
    asked = await run_as_manifest_says(manifest, unpacked, real, tmp_path, AUTHOR)
    for tools, prompts, _, _ in (tried, asked):
        assert tools == ["compare_creators", "get_marketing_info", "get_showcase_items", "search_creators"]
        assert prompts == ["evaluate_creator"]
    assert "DEMO DATA" in tried[2]
    assert asked[2].startswith("星图作品")  # the language the user chose in the settings
    assert len(emulator.requests) == 1 and emulator.token not in asked[3]


async def run_as_manifest_says(
    manifest: dict[str, Any], unpacked: Path, answers: dict[str, Any], home: Path, author: str
) -> tuple[list[str], list[str], str, str]:
    """Start the server as a host would with these answers: its tools, prompts, one answer's text, stderr."""
    config = manifest["server"]["mcp_config"]
    command = UV if config["command"] == "uv" else config["command"]
    args = [substitute(a, unpacked, answers) for a in config["args"]]
    env = {k: substitute(v, unpacked, answers) for k, v in config["env"].items()}
    # What a host adds: a PATH, a home; offline, so uv installs from its cache and nothing leaves the machine.
    env.update(PATH=os.environ["PATH"], HOME=os.environ.get("HOME", str(home)), UV_OFFLINE="1")
    env.update({k: os.environ[k] for k in ("UV_CACHE_DIR", "XDG_CACHE_HOME") if k in os.environ})
    params = StdioServerParameters(command=str(command), args=args, env=env, cwd=str(home))
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errlog:
        async with Client(stdio_client(params, errlog=errlog)) as client:
            tools = sorted(t.name for t in (await client.list_tools()).tools)
            prompts = [p.name for p in (await client.list_prompts()).prompts]
            result = await client.call_tool("get_showcase_items", {"oAuthorId": author})
        errlog.seek(0)
        stderr = errlog.read()
    assert not result.is_error, text_of(result) + stderr[-2000:]
    return tools, prompts, text_of(result), stderr


@pytest.mark.anyio
@pytest.mark.parametrize("left", ["", "   ", "${user_config.token}"])
@pytest.mark.parametrize("language", ["en", "zh"])
async def test_a_blank_or_unsubstituted_token_is_no_token_with_the_settings_dialogs_advice(
    emulator: Emulator, left: str, language: str
) -> None:
    # The env the manifest declares, as a host hands it over: the token left blank (some hosts keep the
    # literal placeholder), demo off, the emulator as the API server.
    answers = {"server": emulator.url, "timeout": DEFAULT_TIMEOUT, "language": language, "demo": "false"}
    env = {k: re.sub(r"\$\{user_config\.(\w+)\}", lambda m: str(answers.get(m.group(1), m.group())), v)
           for k, v in ENV.items()}  # fmt: skip
    env[TOKEN_VAR] = left
    settings = load_settings(env)
    assert settings.token is None and settings.surface == "bundle"
    async with connected(settings, audience=settings.surface) as client:
        result = await call(client, oAuthorId=AUTHOR)
    text = text_of(result)
    assert result.is_error
    assert ("本扩展的设置" if language == "zh" else "this extension's settings") in text
    assert ("演示数据" if language == "zh" else "demo data") in text
    assert '"env"' not in text and "--demo" not in text and "export " not in text
    assert emulator.requests == []  # nothing sent upstream


@pytest.mark.anyio
@pytest.mark.parametrize(("audience", "says"), [("client", '"env" block'), ("cli", "export JUSTONEAPI_TOKEN")])
async def test_the_missing_token_advice_fits_each_surface(emulator: Emulator, audience: str, says: str) -> None:
    settings = load_settings({"JUSTONEAPI_BASE_URL": emulator.url})
    async with connected(settings, audience=audience) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert result.is_error and says in text_of(result) and "extension" not in text_of(result)
    assert emulator.requests == []


def test_the_manifest_says_where_data_goes_and_caps_the_time_limit_below_the_hosts() -> None:
    doc = manifest()
    assert doc["privacy_policies"][0].endswith("/docs/privacy.md")
    privacy = (Path(__file__).parents[1] / "docs" / "privacy.md").read_text("utf-8")
    for fact in ("Just One API", "token", "author id", "10,000 answers and 30", "no telemetry"):
        assert fact in privacy
    assert doc["repository"]["url"].startswith("https://") and doc["support"].endswith("/issues")
    assert doc["user_config"]["timeout"]["max"] < 60  # Claude Desktop gives up at 60 s
