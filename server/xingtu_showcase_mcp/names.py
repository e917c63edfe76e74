"""What a client calls each tool: declared by `server`, and named from here wherever an answer's words point
to another tool (a rename changes this file only; a test fails if a name is written anywhere else)."""

from __future__ import annotations

from typing import Final

TOOL_NAME: Final = "get_showcase_items"
COMPARE_TOOL_NAME: Final = "compare_creators"
MARKETING_TOOL_NAME: Final = "get_marketing_info"
SEARCH_TOOL_NAME: Final = "search_creators"
