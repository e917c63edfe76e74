"""JSON schemas as clients should carry them: no `$ref`, and only the outline of an answer.

pydantic writes nested models as `$defs` and `$ref`; some MCP clients resolve
them badly or not at all. The answers' models are not recursive, so inlining
terminates; a recursive one would be a programming error, and is refused.

A tool's full output schema (every nested field described) cost more tokens than
the raw response the tool exists to shrink, and hosts that pass output schemas to
the model pay it every turn. `outline` keeps what a model needs to find its way:
the top-level fields, their JSON types and descriptions; nested values are typed,
not spelled out (the answers' own `work_columns`, `columns` and definitions say
what their rows hold). It still validates every answer.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any, Final

from pydantic import BaseModel

DEFS_PREFIX = "#/$defs/"
OUTLINES_FILE: Final = "outlines.json"
"""The tools' output outlines, computed once by `scripts/outlines.py` and shipped in the package: deriving
them from the models at start-up (pydantic's JSON schema of every nested model) cost a tenth of the server's
start. `tests/test_schemas.py` fails when the file and the models part."""


def outline_of(model: type[BaseModel]) -> dict[str, Any]:
    """A model's published outline, as its serialised JSON is (the structured content is `model_dump`ed)."""
    return outline(model.model_json_schema(mode="serialization"))


@cache
def shipped_outlines() -> dict[str, dict[str, Any]]:
    """Each tool's outline, by tool name, as `scripts/outlines.py` wrote it."""
    loaded: dict[str, dict[str, Any]] = json.loads(files(__package__ or "").joinpath(OUTLINES_FILE).read_text("utf-8"))
    return loaded


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


def outline(schema: dict[str, Any]) -> dict[str, Any]:
    """The top level of an object schema, its fields typed (nested structure left open) and described."""
    full = inline_refs(schema)
    properties: dict[str, Any] = full.get("properties", {})
    shown: dict[str, Any] = {"type": "object", "properties": {k: _typed(v) for k, v in properties.items()}}
    if full.get("required"):
        shown["required"] = full["required"]
    return shown  # the model's own description repeats the tool's


def _typed(node: dict[str, Any]) -> dict[str, Any]:
    """A field as its JSON type(s) and description only (an echoed enum is in the input schema)."""
    variants: list[dict[str, Any]] = node.get("anyOf", [node])
    types = sorted({t for v in variants for t in _types(v)})
    shown: dict[str, Any] = {"type": types[0] if len(types) == 1 else types} if types else {}
    if isinstance(node.get("description"), str):
        shown["description"] = node["description"]
    return shown


def _types(node: dict[str, Any]) -> list[str]:
    kind = node.get("type")
    if isinstance(kind, str):
        return [kind]
    if isinstance(kind, list):
        return [str(k) for k in kind]  # pyright: ignore[reportUnknownVariableType, reportUnknownArgumentType]
    if "const" in node or "enum" in node:
        return ["string"] if all(isinstance(e, str) for e in node.get("enum", [node.get("const")])) else []
    return []
