"""Tool arguments checked against the endpoint's contract before the SDK validates them.

The SDK's own check answers a wrong type or enum value with pydantic's text, a
documentation URL included, and buries this project's explanation of a numeric
author id under it. This middleware answers every such mistake with one plain
line, in the reader's language, saying what is accepted; what it lets through
always passes the SDK's validation. Author ids themselves are read later, by
`contract.parse_author_id`, which explains what is wrong with one.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Protocol, cast

from mcp.server.context import CallNext, HandlerResult, ServerRequestContext
from mcp.types import CallToolResult, TextContent

from . import messages
from .contract import (
    FLOW_TYPES,
    PLATFORMS,
    SEARCH_MAX_PAGE,
    SEARCH_PARAMETERS,
    SEARCH_TEXT_MAX_CHARS,
    AuthorIdError,
    SearchParameter,
    parse_author_id,
)
from .language import Language, Said

ENUMS: Final[dict[str, tuple[str, ...]]] = {"platform": PLATFORMS, "flowType": FLOW_TYPES}
SHOWCASE_OPTIONS: Final = ("platform", "onlyAssign", "flowType")
"""The showcase endpoint's parameters besides the author id; the quotes endpoint takes `platform` only."""


class Checks(Protocol):
    """What one tool accepts, as a check of its arguments."""

    def problem(self, arguments: object, tool: str) -> Said | None:
        """What is wrong with `arguments`, or None."""
        ...


@dataclass(frozen=True, slots=True)
class Accepted:
    """What one creator tool accepts: its id argument ("oAuthorId", one id, or "oAuthorIds", a list of
    `min_ids` to `max_ids`) and its other parameters."""

    ids_argument: str
    min_ids: int
    max_ids: int
    options: tuple[str, ...] = SHOWCASE_OPTIONS

    def problem(self, arguments: object, tool: str) -> Said | None:
        return problem(arguments, tool, self)


@dataclass(frozen=True, slots=True)
class Declared:
    """A tool whose arguments are exactly an endpoint's declared parameters (the creator search): each is
    optional, and each value is held to its type, its enum, its format and its bounds."""

    parameters: tuple[SearchParameter, ...] = SEARCH_PARAMETERS

    def problem(self, arguments: object, tool: str) -> Said | None:
        if not isinstance(arguments, Mapping):
            return Said(messages.ARG_NOT_AN_OBJECT)
        given: Mapping[str, Any] = arguments  # pyright: ignore[reportUnknownVariableType]
        declared = {p.name: p for p in self.parameters}
        for name, value in given.items():
            parameter = declared.get(name)
            if parameter is None:
                values = {"name": _shown(name), "tool": tool, "names": ", ".join(declared)}
                return Said(messages.ARG_UNKNOWN, values)
            found = _value_problem(parameter, value)
            if found is not None:
                return found
        return None


def _value_problem(p: SearchParameter, value: object) -> Said | None:
    given = _shown(value)
    if p.enum:
        if value not in p.enum:
            return Said(messages.ARG_CHOICE, {"name": p.name, "choices": ", ".join(p.enum), "given": given})
    elif p.kind == "boolean":
        if not isinstance(value, bool):
            return Said(messages.ARG_BOOLEAN, {"name": p.name, "given": given})
    elif p.kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= SEARCH_MAX_PAGE:
            return Said(messages.ARG_WHOLE, {"name": p.name, "low": 1, "high": SEARCH_MAX_PAGE, "given": given})
    elif not isinstance(value, str) or len(value) > SEARCH_TEXT_MAX_CHARS:
        return Said(messages.ARG_TEXT, {"name": p.name, "high": SEARCH_TEXT_MAX_CHARS, "given": given})
    elif p.pattern is not None and value.strip() and not p.pattern.fullmatch(value.strip()):
        return Said(messages.ARG_FORMAT, {"name": p.name, "example": p.example, "given": given})
    return None


def problem(arguments: object, tool: str, accepted: Accepted) -> Said | None:
    """What is wrong with a tool's arguments, or None."""
    if not isinstance(arguments, Mapping):
        return Said(messages.ARG_NOT_AN_OBJECT)
    given: Mapping[str, Any] = arguments  # pyright: ignore[reportUnknownVariableType]
    ids_argument, min_ids, max_ids = accepted.ids_argument, accepted.min_ids, accepted.max_ids
    names = (ids_argument, *accepted.options)
    for name in given:
        if name not in names:
            values = {"name": _shown(name), "tool": tool, "names": ", ".join(names)}
            return Said(messages.ARG_UNKNOWN, values)
    if ids_argument not in given:
        return Said(messages.ARG_MISSING, {"name": ids_argument, "accepted": messages.ID_ACCEPTED})
    ids = given[ids_argument]
    if ids_argument == "oAuthorId":
        if not isinstance(ids, str):
            try:
                parse_author_id(ids)
            except AuthorIdError as exc:
                return exc.said
    elif not isinstance(ids, list):
        values = {"name": ids_argument, "low": min_ids, "high": max_ids, "given": _shown(ids)}
        return Said(messages.ARG_LIST, {**values, "accepted": messages.ID_ACCEPTED})
    else:
        listed = cast(list[object], ids)
        if not min_ids <= len(listed) <= max_ids:
            return Said(messages.ARG_COUNT, {"name": ids_argument, "n": len(listed), "low": min_ids, "high": max_ids})
        for item in listed:
            if not isinstance(item, str):
                try:
                    parse_author_id(item)
                except AuthorIdError as exc:
                    return exc.said
    for name, choices in ENUMS.items():
        if name in given and given[name] not in choices:
            return Said(
                messages.ARG_CHOICE, {"name": name, "choices": ", ".join(choices), "given": _shown(given[name])}
            )
    if "onlyAssign" in given and not isinstance(given["onlyAssign"], bool):
        return Said(messages.ARG_BOOLEAN, {"name": "onlyAssign", "given": _shown(given["onlyAssign"])})
    return None


def _shown(value: object) -> str:
    """A short, one-line rendering of what the caller sent (never more than 40 characters of it)."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= 40 else text[:39] + "…"


class ArgumentCheck:
    """Server middleware: a tools/call with arguments the contract refuses gets the project's own answer."""

    def __init__(self, tools: Mapping[str, Checks], language: Language) -> None:
        self._tools = dict(tools)
        self._language: Language = language

    async def __call__(self, ctx: ServerRequestContext[Any, Any], call_next: CallNext) -> HandlerResult:
        params = ctx.params or {}
        tool = params.get("name") if ctx.method == "tools/call" else None
        if isinstance(tool, str) and tool in self._tools:
            found = self._tools[tool].problem(params.get("arguments", {}), tool)
            if found is not None:
                text = found(self._language)
                return CallToolResult(content=[TextContent(type="text", text=text)], is_error=True)
        return await call_next(ctx)
