"""README shows the commands that work and the tables that the code's data says."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from xingtu_showcase_mcp.compare import MAX_COMPARED, MIN_COMPARED
from xingtu_showcase_mcp.config import TOKEN_VAR, VARIABLES

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


def test_readmes_install_addresses_are_the_projects_own() -> None:
    """The uvx line from the repository and the mirror settings name what pyproject.toml and uv read."""
    import tomllib

    text = README.read_text("utf-8")
    homepage = tomllib.loads((README.parent / "pyproject.toml").read_text("utf-8"))["project"]["urls"]["Homepage"]
    install = text.split("### uvx", 1)[1].split("\n## ", 1)[0]
    assert f'"git+{homepage}", "xingtu-showcase-mcp"' in install
    for variable in ("UV_INDEX_URL", "UV_PYTHON_INSTALL_MIRROR"):  # uv's own names for a mirror
        assert variable in install


def test_readme_documents_every_resource_the_server_offers() -> None:
    from xingtu_showcase_mcp.answers import CREATOR_URI
    from xingtu_showcase_mcp.server import ERRORS_URI

    text = README.read_text("utf-8")
    for uri in (ERRORS_URI, CREATOR_URI):
        assert f"`{uri}`" in text, uri


def test_readme_states_the_comparisons_bounds_as_the_server_enforces_them() -> None:
    text = README.read_text("utf-8")
    assert f"`oAuthorIds`: {MIN_COMPARED} to {MAX_COMPARED} author ids" in text
