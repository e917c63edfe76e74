"""Write `search_parameters.json`, the creator search's parameters, from Just One API's OpenAPI fragment.

Run `uv run python scripts/search_parameters.py` when the fragment in `tests/fixtures/` changes. Names,
types, enums and defaults are copied as they are; a description is the fragment's own first sentence and, for a
free-text filter, its example: the rest lists values the enum already carries, or every label Xingtu has
(contentTag and its kin), thousands of tokens on every turn of a host that passes schemas to the model.
`tests/test_search.py` checks the file against the fragment.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from xingtu_showcase_mcp.contract import EXAMPLE

ROOT = Path(__file__).resolve().parents[1]
FRAGMENT = ROOT / "tests" / "fixtures" / "endpoints.openapi-fragment.json"
TARGET = ROOT / "server" / "xingtu_showcase_mcp" / "search_parameters.json"
OPERATION = "/api/douyin-xingtu/gw/api/gsearch/search_for_author_square/v1"


def short(description: str, schema: dict[str, Any]) -> str:
    text = description.split("\n\nAvailable Values", 1)[0].strip()
    first = re.split(r"(?<=\.)\s", text, maxsplit=1)[0]
    if schema["type"] != "string" or "enum" in schema:
        return first
    example = schema.get("example")
    if example is None:
        found = EXAMPLE.search(text)
        example = found.group(1).rstrip(".") if found else None
    return first + (f" Example: {example}" if example is not None and str(example) not in first else "")


def parameters() -> list[dict[str, Any]]:
    operation = json.loads(FRAGMENT.read_text("utf-8"))["operations"][OPERATION]
    out: list[dict[str, Any]] = []
    for p in operation["parameters"]:
        if p["name"] == "token":
            continue  # the pipeline adds it; never a tool argument
        schema = p["schema"]
        entry: dict[str, Any] = {"name": p["name"], "type": schema["type"]}
        if "default" in schema:
            entry["default"] = schema["default"]
        if "enum" in schema:
            entry["enum"] = schema["enum"]
        entry["description"] = short(p["description"], schema)
        out.append(entry)
    return out


if __name__ == "__main__":
    TARGET.write_text(json.dumps(parameters(), ensure_ascii=False, indent=1) + "\n", "utf-8")
