"""Write the tools' output outlines: `uv run python scripts/outlines.py` → server/xingtu_showcase_mcp/outlines.json.

Run it after changing a field of `ShowcaseSummary` or `Comparison`; `tests/test_schemas.py` says when to.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from xingtu_showcase_mcp.schemas import OUTLINES_FILE, outline_of
from xingtu_showcase_mcp.server import OUTPUT_MODELS

TARGET = Path(__file__).resolve().parents[1] / "server" / "xingtu_showcase_mcp" / OUTLINES_FILE


def current() -> str:
    """The file's text as the models say it should be."""
    outlines = {name: outline_of(model) for name, model in OUTPUT_MODELS.items()}
    return json.dumps(outlines, ensure_ascii=False, indent=1) + "\n"


def main() -> int:
    TARGET.write_text(current(), "utf-8")
    print(TARGET.relative_to(TARGET.parents[2]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
