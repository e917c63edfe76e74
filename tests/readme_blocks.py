"""README's tables, generated from the package's own data; a test keeps README in step.

Run `uv run python tests/readme_blocks.py` after changing the error catalogue,
the configuration variables or the parameter docs: it rewrites the blocks
between the `<!-- name:start -->` and `<!-- name:end -->` markers in README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

from xingtu_showcase_mcp.config import VARIABLES
from xingtu_showcase_mcp.contract import (
    DEFAULT_FLOW_TYPE,
    DEFAULT_ONLY_ASSIGN,
    DEFAULT_PLATFORM,
    FLOW_TYPES,
    PARAMETER_DOCS,
    PLATFORMS,
    ShowcaseQuery,
)
from xingtu_showcase_mcp.demo import DEMO_AUTHOR_ID, demo_response
from xingtu_showcase_mcp.errors import markdown_cell, render_markdown
from xingtu_showcase_mcp.render import render_text
from xingtu_showcase_mcp.summary import summarise

README = Path(__file__).resolve().parents[1] / "README.md"


def config_table() -> str:
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{v.name}` | {markdown_cell(v.default)} | {markdown_cell(v.meaning)} |" for v in VARIABLES]
    return "\n".join(rows)


def parameter_table() -> str:
    shapes = {
        "oAuthorId": ("string, required", "-"),
        "platform": (" \\| ".join(PLATFORMS), DEFAULT_PLATFORM),
        "onlyAssign": ("boolean", "true" if DEFAULT_ONLY_ASSIGN else "false"),
        "flowType": (" \\| ".join(FLOW_TYPES), DEFAULT_FLOW_TYPE),
    }
    rows = ["| parameter | values | default | description |", "| --- | --- | --- | --- |"]
    for name, doc in PARAMETER_DOCS.items():
        values, default = shapes[name]
        rows.append(f"| `{name}` | {values} | {default} | {markdown_cell(doc)} |")
    return "\n".join(rows)


def error_table() -> str:
    return render_markdown().split("\n\n", 2)[2].strip()


def example_answer() -> str:
    """What `call --demo` prints (the demo data carries its own recordTime, so it never changes)."""
    doc = demo_response()
    summary = summarise(doc["data"], ShowcaseQuery(DEMO_AUTHOR_ID), record_time=doc["recordTime"], demo=True)
    return "```text\n" + render_text(summary) + "\n```"


def blocks() -> dict[str, str]:
    return {
        "config": config_table(),
        "parameters": parameter_table(),
        "errors": error_table(),
        "example": example_answer(),
    }


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {name}:start -->\n)(.*?)(\n<!-- {name}:end -->)", re.S)


def current(text: str, name: str) -> str | None:
    match = _pattern(name).search(text)
    return match.group(2) if match else None


def rewrite() -> None:
    text = README.read_text("utf-8")
    for name, block in blocks().items():
        text = _pattern(name).sub(lambda m, b=block: m.group(1) + b + m.group(3), text)
    README.write_text(text, "utf-8")


if __name__ == "__main__":
    rewrite()
