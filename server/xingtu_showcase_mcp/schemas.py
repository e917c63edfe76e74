"""JSON schemas as weak clients can read them: every `$ref` replaced by what it points to.

pydantic writes nested models as `$defs` and `$ref`; some MCP clients resolve
them badly or not at all. The answers' models are not recursive, so inlining
terminates; a recursive one would be a programming error, and is refused.
"""

from __future__ import annotations

from typing import Any

DEFS_PREFIX = "#/$defs/"


def inline_refs(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema with each local `$ref` replaced by its definition, and no `$defs` left."""
    definitions: dict[str, Any] = schema.get("$defs", {})

    def resolve(node: Any, seen: tuple[str, ...]) -> Any:
        if isinstance(node, dict):
            ref = node.get("$ref")  # pyright: ignore[reportUnknownMemberType, reportUnknownVariableType]
            if isinstance(ref, str) and ref.startswith(DEFS_PREFIX):
                name = ref.removeprefix(DEFS_PREFIX)
                if name in seen:
                    raise ValueError(f"recursive schema through {name}: cannot be inlined")
                siblings = {k: v for k, v in node.items() if k != "$ref"}  # pyright: ignore[reportUnknownVariableType]
                return resolve({**definitions[name], **siblings}, (*seen, name))
            return {k: resolve(v, seen) for k, v in node.items() if k != "$defs"}  # pyright: ignore[reportUnknownVariableType]
        if isinstance(node, list):
            return [resolve(v, seen) for v in node]  # pyright: ignore[reportUnknownVariableType]
        return node

    return resolve(schema, ())
