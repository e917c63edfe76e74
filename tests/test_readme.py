"""README shows the commands that work and the tables that the code's data says."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from xingtu_showcase_mcp.cli import _parser
from xingtu_showcase_mcp.config import TOKEN_VAR, VARIABLES

from emulator import Emulator
from readme_blocks import README, blocks, current

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("name", sorted(blocks()))
def test_readme_table_is_generated_from_the_data(name: str) -> None:
    assert current(README.read_text("utf-8"), name) == blocks()[name], (
        f"README's {name} table is out of date: run `uv run python tests/readme_blocks.py`"
    )


def test_readme_gives_the_two_commands() -> None:
    text = README.read_text("utf-8")
    assert "uv run xingtu-showcase-mcp call --demo" in text
    assert "uv run pytest" in text


def test_claude_desktop_example_is_a_working_entry() -> None:
    config = json.loads((ROOT / "claude_desktop_config.example.json").read_text("utf-8"))
    entry = config["mcpServers"]["xingtu-showcase"]
    assert entry["command"] in ("uvx", "uv")
    assert "xingtu-showcase-mcp" in entry["args"]  # the console script this package declares
    script = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["scripts"]
    assert "xingtu-showcase-mcp" in script
    # Every variable it sets is one the server reads: a misspelt name would be silently ignored.
    assert TOKEN_VAR in entry["env"] and set(entry["env"]) <= {v.name for v in VARIABLES}


def test_the_chinese_quick_start_gives_the_commands_and_a_working_entry() -> None:
    text = README.read_text("utf-8")
    start = text.index("## 快速开始")
    section = text[start : text.index("\n## ", start + 1)]
    assert "uv run xingtu-showcase-mcp call --demo" in section and "uv run pytest" in section
    block = section[section.index("```json") + len("```json") : section.index("```", section.index("```json") + 7)]
    entry = json.loads(block)["mcpServers"]["xingtu-showcase"]
    assert entry["env"]["XINGTU_SHOWCASE_LANGUAGE"] == "zh" and TOKEN_VAR in entry["env"]
    assert set(entry["env"]) <= {v.name for v in VARIABLES}


def test_client_entries_install_runtime_dependencies_only() -> None:
    text = README.read_text("utf-8")
    example = json.loads((ROOT / "claude_desktop_config.example.json").read_text("utf-8"))
    args = example["mcpServers"]["xingtu-showcase"]["args"]
    assert args[args.index("run") + 1] == "--no-dev"
    for line in text.splitlines():
        if "--directory" in line and "run" in line:  # a client entry (Claude Desktop JSON, Claude Code)
            assert "--no-dev" in line, line  # the dev group is 41 packages and 276 MB


# ---------------------------------------------------------------- every command README shows


def readme_commands() -> list[str]:
    """Every command in README's sh blocks: continuation lines joined, comments dropped."""
    commands: list[str] = []
    for block in re.findall(r"```sh\n(.*?)```", README.read_text("utf-8"), flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            command = " ".join(line.split("#", 1)[0].split())
            if command:
                commands.append(command)
    return commands


SCRIPT = Path(sys.executable).with_name("xingtu-showcase-mcp")
RUN_BY_CI = {"uv run pytest", "uv run python scripts/build_bundle.py"}
"""Run by .ci/run itself (and the bundle by tests/test_bundle.py too): a test cannot run the suite it is in."""


def _run(command: str, emulator: Emulator) -> subprocess.CompletedProcess[str]:
    """A README command as a user runs it: `uv run xingtu-showcase-mcp` is this environment's console script,
    `JUSTONEAPI_TOKEN=...` a real token, for which the emulator stands in for Just One API."""
    words = shlex.split(command)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    env["PYTHONIOENCODING"] = "utf-8"
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    if env.get("JUSTONEAPI_TOKEN") == "...":
        env.update(JUSTONEAPI_TOKEN=emulator.token, JUSTONEAPI_BASE_URL=emulator.url)
    assert words[:3] == ["uv", "run", "xingtu-showcase-mcp"], command
    return subprocess.run([str(SCRIPT), *words[3:]], env=env, capture_output=True, text=True, encoding="utf-8",
                          timeout=60, check=False)  # fmt: skip


def test_every_command_in_readme_is_run(emulator: Emulator) -> None:
    commands = readme_commands()
    assert len(commands) >= 10
    ci = (ROOT / ".ci" / "run").read_text("utf-8")
    for command in commands:
        words = shlex.split(command)
        if command in RUN_BY_CI:
            assert command in ci, command
        elif "serve" in words:
            # Serving runs until stopped: its options are checked here, the HTTP server itself runs in
            # tests/test_http.py (from the console script, with a port and --demo) and is never bound
            # beyond loopback by a test.
            options = words[words.index("serve") :]
            args = _parser().parse_args(options)
            assert args.transport == "http" and args.command == "serve", command
            names = {w.split("=", 1)[0] for w in words if "=" in w and w.split("=", 1)[0].isupper()}
            assert names <= {v.name for v in VARIABLES}, command
        else:
            done = _run(command, emulator)
            assert done.returncode == 0, (command, done.stderr[-1000:])
            assert done.stdout.strip(), command
    # The questions asked of the emulator were answered by it: nothing left this machine.
    asked = [c for c in commands if "JUSTONEAPI_TOKEN=..." in c and "serve" not in shlex.split(c)]
    assert len(emulator.requests) == len(asked) >= 2
