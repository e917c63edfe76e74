"""Build the MCP Bundle: `uv run python scripts/build_bundle.py` → dist/xingtu-showcase-mcp-<version>.mcpb.

A bundle is a zip with a `manifest.json` (MCPB manifest 0.4) that Claude Desktop installs with a
double-click, prompting for the settings the manifest declares. This one is of the `uv` server type:
the host runs uv on the bundled `pyproject.toml` and `uv.lock`, which installs Python and the runtime
dependencies on the user's machine, so the bundle holds only source.

Everything in the manifest is derived: the version from the package, the tools and the prompt from the
server itself (listed through an MCP client), the settings from the configuration's own variables.

The archive is reproducible (entries sorted, one fixed time stamp and mode), so the same tree always
gives the same bytes: `--server-json` writes its SHA-256 into server.json's bundle entry, which clients check
before they install, and `tests/test_packaging.py` fails when the two drift apart.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import anyio
from mcp import Client

from xingtu_showcase_mcp import __version__
from xingtu_showcase_mcp.config import (
    BASE_URL_VAR,
    DEFAULT_TIMEOUT,
    DEMO_VAR,
    GLOBAL_BASE_URL,
    LANGUAGE_VAR,
    SURFACE_VAR,
    TIMEOUT_VAR,
    TOKEN_VAR,
    Settings,
)
from xingtu_showcase_mcp.language import DEFAULT_LANGUAGE, LANGUAGES
from xingtu_showcase_mcp.names import MARKETING_TOOL_NAME, SEARCH_TOOL_NAME, TOOL_NAME
from xingtu_showcase_mcp.prompt import evaluation_prompt
from xingtu_showcase_mcp.server import SERVER_NAME, build_server

ROOT = Path(__file__).resolve().parents[1]
DIST = ROOT / "dist"
PACKAGE = ROOT / "server" / "xingtu_showcase_mcp"
ENTRY_POINT = "server/xingtu_showcase_mcp/__main__.py"
FILES = ("pyproject.toml", "uv.lock", "README.md", "LICENSE")
ICON = "icon.png"
"""The bundle's icon, at its root: the package's 512-pixel PNG (drawn from icon.svg by scripts/icon_png.py)."""
SERVER_JSON = ROOT / "server.json"
STAMP = (1980, 1, 1, 0, 0, 0)
"""Every entry's time: zip's earliest, so that the bytes do not depend on when files were checked out."""
URLS = tomllib.loads((Path(__file__).resolve().parents[1] / "pyproject.toml").read_text("utf-8"))["project"]["urls"]
"""The project's addresses, kept once in pyproject.toml."""
PRIVACY_POLICY = URLS["Homepage"] + "/blob/main/docs/privacy.md"
HOST_LIMIT = 55
"""The bundle's largest time limit, in seconds: Claude Desktop gives up on a tool call at 60 s, so the
server's own budget must end first, with an explanation instead of a silent cut."""
COMMAND = ["run", "--directory", "${__dirname}", "--no-dev", "--frozen", "--quiet", SERVER_NAME]
"""How the host starts the server: uv runs the bundled project's console script, runtime dependencies only,
exactly as locked."""

USER_CONFIG: dict[str, dict[str, Any]] = {
    "token": {
        "type": "string",
        "title": "Just One API token",
        "description": "Your token from the Just One API dashboard. Every question about a creator spends quota. "
        "Not needed for the demo data below.",
        "sensitive": True,
        "required": False,
    },
    "demo": {
        "type": "boolean",
        "title": "Demo data only (no token needed)",
        "description": "Try the server on built-in synthetic data of two fictional creators, without a token and "
        "without spending anything. Turn it off once your token is in.",
        "default": False,
        "required": False,
    },
    "server": {
        "type": "string",
        "title": "API server",
        "description": f"Leave as it is for the global server ({GLOBAL_BASE_URL}); type cn for the mainland China "
        "server (plain HTTP: the token is not encrypted on the way).",
        "default": GLOBAL_BASE_URL,
        "required": False,
    },
    "timeout": {
        "type": "number",
        "title": "Time limit per question (seconds)",
        "description": f"How long one question may take, retries included (at most {HOST_LIMIT} s: Claude Desktop "
        "gives up at 60 s).",
        "default": DEFAULT_TIMEOUT,
        "min": 5,
        "max": HOST_LIMIT,
        "required": False,
    },
    "language": {
        "type": "string",
        "title": "Answer language / 回答语言",
        "description": f"{' or '.join(LANGUAGES)}: English, or Simplified Chinese in Xingtu's own terms "
        "(zh：简体中文).",
        "default": DEFAULT_LANGUAGE,
        "required": False,
    },
}
ENV = {
    TOKEN_VAR: "${user_config.token}",
    BASE_URL_VAR: "${user_config.server}",
    TIMEOUT_VAR: "${user_config.timeout}",
    LANGUAGE_VAR: "${user_config.language}",
    DEMO_VAR: "${user_config.demo}",
    SURFACE_VAR: "bundle",  # advice names the extension's settings, not a configuration file
}


async def _surface() -> tuple[list[dict[str, str]], list[dict[str, Any]]]:
    """The tools and prompts as the server lists them."""
    async with Client(build_server(Settings(), demo=True)) as client:
        tools = (await client.list_tools()).tools
        prompts = (await client.list_prompts()).prompts
    return (
        [{"name": t.name, "description": t.description or ""} for t in tools],
        [
            {
                "name": p.name,
                "description": p.description or "",
                "arguments": [a.name for a in p.arguments or []],
                "text": evaluation_prompt(
                    "${arguments.author}",
                    "${arguments.brief}",
                    TOOL_NAME,
                    MARKETING_TOOL_NAME,
                    search_tool=SEARCH_TOOL_NAME,
                    template=True,
                ),
            }
            for p in prompts
        ],
    )


def manifest() -> dict[str, Any]:
    tools, prompts = anyio.run(_surface)
    return {
        "$schema": "https://raw.githubusercontent.com/modelcontextprotocol/mcpb/main/schemas/mcpb-manifest-v0.4.schema.json",
        "manifest_version": "0.4",
        "name": SERVER_NAME,
        "display_name": "Xingtu creator showcase (星图达人作品)",
        "version": __version__,
        "description": "Ask your assistant how a Douyin creator's Xingtu (星图) showcase is doing, via Just One API.",
        "long_description": (ROOT / "README.md").read_text("utf-8").split("\n## ", 1)[0],
        "author": {"name": "The xingtu-showcase-mcp authors"},
        "license": "MIT",
        "icon": ICON,
        "homepage": URLS["Homepage"],
        "repository": {"type": "git", "url": URLS["Homepage"] + ".git"},
        "documentation": URLS["Documentation"],
        "support": URLS["Issues"],
        "privacy_policies": [PRIVACY_POLICY],
        "keywords": ["douyin", "xingtu", "星图", "influencer", "just one api"],
        "server": {
            "type": "uv",
            "entry_point": ENTRY_POINT,
            "mcp_config": {"command": "uv", "args": COMMAND, "env": ENV},
        },
        "tools": tools,
        "prompts": prompts,
        "user_config": USER_CONFIG,
        "compatibility": {"platforms": ["darwin", "win32", "linux"], "runtimes": {"python": ">=3.11"}},
    }


def bundle_path() -> Path:
    return DIST / f"{SERVER_NAME}-{__version__}.mcpb"


def release_url() -> str:
    """Where the release puts the bundle: the repository's release of this version (the registry's form)."""
    return f"{URLS['Homepage']}/releases/download/v{__version__}/{bundle_path().name}"


def _entries() -> list[tuple[str, bytes]]:
    """Every file of the bundle as (name, bytes), sorted by name."""
    entries = [(name, (ROOT / name).read_bytes()) for name in FILES]
    entries.append((ICON, (PACKAGE / ICON).read_bytes()))
    for path in PACKAGE.rglob("*"):
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
            entries.append((path.relative_to(ROOT).as_posix(), path.read_bytes()))
    entries.append(("manifest.json", (json.dumps(manifest(), ensure_ascii=False, indent=2) + "\n").encode()))
    return sorted(entries)


def build(into: Path = DIST) -> Path:
    into.mkdir(exist_ok=True)
    target = into / bundle_path().name
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in _entries():
            info = zipfile.ZipInfo(name, date_time=STAMP)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, data, compresslevel=9)
    return target


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def bundle_entry(bundle: Path) -> dict[str, Any]:
    """server.json's package entry for this bundle, as the MCP Registry describes an MCPB package."""
    return {
        "registryType": "mcpb",
        "identifier": release_url(),
        "version": __version__,
        "fileSha256": sha256(bundle),
        "transport": {"type": "stdio"},
    }


def write_server_json(bundle: Path) -> None:
    """Put this bundle's entry into server.json, in place of any earlier one; the other packages stay."""
    listing = json.loads(SERVER_JSON.read_text("utf-8"))
    others = [p for p in listing["packages"] if p.get("registryType") != "mcpb"]
    listing["packages"] = [*others, bundle_entry(bundle)]
    SERVER_JSON.write_text(json.dumps(listing, ensure_ascii=False, indent=2) + "\n", "utf-8")


def main(arguments: list[str]) -> int:
    bundle = build()
    if "--server-json" in arguments:
        write_server_json(bundle)
    print(bundle.relative_to(ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
