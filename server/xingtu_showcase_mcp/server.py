"""The MCP wiring: one tool, one resource, one shared HTTP client.

This module only connects the pieces: it validates the tool's arguments into a
`ShowcaseQuery`, asks the upstream client, hands the payload to the summariser
and the summary to the renderer, and turns every failure into a `ToolError`
whose text comes from the error catalogue.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Annotated, Any, Final

import httpx2
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BeforeValidator, Field

from . import __version__, logs
from .config import Settings
from .contract import (
    DEFAULT_FLOW_TYPE,
    DEFAULT_ONLY_ASSIGN,
    DEFAULT_PLATFORM,
    PARAMETER_DOCS,
    AuthorIdError,
    FlowType,
    Platform,
    ShowcaseQuery,
    parse_author_id,
)
from .demo import DEMO_TOKEN, demo_transport
from .errors import ShowcaseError, render_markdown
from .render import render_text
from .summary import ShowcaseSummary, compact_json, summarise
from .upstream import ShowcaseClient

SERVER_NAME: Final = "xingtu-showcase-mcp"
TOOL_NAME: Final = "get_showcase_items"
ERRORS_URI: Final = "xingtu-showcase://errors"

INSTRUCTIONS: Final = (
    "This server answers questions about a Douyin creator's showcase on Xingtu (星图), Douyin's "
    "creator marketplace: their latest personal works and Xingtu-commissioned (brand deal) works, with "
    "plays, likes, comments, shares, engagement and Xingtu's own benchmark figures. Use it to judge how "
    "a creator's content performs or to compare creators for a campaign.\n"
    "It needs the creator's Xingtu author id: the digits at the end of their Xingtu page "
    "(https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/<id>); that URL works too. A Douyin "
    "profile link or nickname is not enough: ask the user for the Xingtu page.\n"
    "Every call spends the user's paid Just One API quota: call once per creator and reuse the answer "
    f"rather than calling again. The error codes are explained in the resource {ERRORS_URI}."
)

TOOL_DESCRIPTION: Final = (
    "Fetch a Douyin creator's Xingtu showcase and return it condensed: their latest personal works and "
    "Xingtu-commissioned works (date, title, plays, likes, comments, shares, engagement, length, hot flag), "
    "per-section statistics (median/mean/max plays, engagement rate, hot count, posting cadence), Xingtu's "
    "own benchmarks (interaction rate, median plays, completion rate) and caveats. Use it when asked how a "
    "creator's content is doing, or to assess or compare creators for a brand deal. Each call spends the "
    "user's Just One API quota, so call it once per creator and reuse the result."
)


@dataclass(frozen=True, slots=True)
class AppState:
    """What the tool needs for the server's lifetime."""

    client: ShowcaseClient
    demo: bool


def _string_only(value: object) -> object:
    """Refuse a JSON number for oAuthorId before pydantic would coerce or reject it obscurely."""
    if not isinstance(value, str):
        parse_author_id(value)  # raises AuthorIdError (a ValueError) with the explanation
    return value


def build_server(
    settings: Settings,
    *,
    demo: bool = False,
    transport: httpx2.AsyncBaseTransport | None = None,
) -> MCPServer[AppState]:
    """Create the MCP server. `demo` serves built-in synthetic data through an in-process transport.

    `transport` replaces the network for tests; the base URL itself only ever
    comes from `settings`.
    """
    if demo:
        settings = replace(settings, token=DEMO_TOKEN)
        transport = demo_transport()

    @asynccontextmanager
    async def lifespan(_: MCPServer[AppState]) -> AsyncGenerator[AppState]:
        headers = {"user-agent": f"{SERVER_NAME}/{__version__}", "accept": "application/json"}
        limits = httpx2.Limits(
            max_connections=settings.max_concurrency, max_keepalive_connections=settings.max_concurrency
        )
        async with httpx2.AsyncClient(
            transport=transport, headers=headers, limits=limits, follow_redirects=False
        ) as http:
            yield AppState(client=ShowcaseClient(http, settings), demo=demo)

    app: MCPServer[AppState] = MCPServer(
        SERVER_NAME,
        title="Xingtu creator showcase",
        instructions=INSTRUCTIONS,
        version=__version__,
        lifespan=lifespan,
        log_level=settings.log_level,
    )
    # The SDK has just set the root logger to INFO, where httpx2 logs URLs with the token.
    logs.protect([settings.token or ""])

    @app.tool(
        name=TOOL_NAME,
        title="Xingtu creator showcase",
        description=TOOL_DESCRIPTION,
        annotations=ToolAnnotations(
            title="Xingtu creator showcase", read_only_hint=True, open_world_hint=True, idempotent_hint=True
        ),
    )
    async def get_showcase_items(
        oAuthorId: Annotated[str, BeforeValidator(_string_only), Field(description=PARAMETER_DOCS["oAuthorId"])],
        ctx: Context[AppState, Any],
        platform: Annotated[Platform, Field(description=PARAMETER_DOCS["platform"])] = DEFAULT_PLATFORM,
        onlyAssign: Annotated[bool, Field(description=PARAMETER_DOCS["onlyAssign"])] = DEFAULT_ONLY_ASSIGN,
        flowType: Annotated[FlowType, Field(description=PARAMETER_DOCS["flowType"])] = DEFAULT_FLOW_TYPE,
    ) -> Annotated[CallToolResult, ShowcaseSummary]:
        try:
            query = ShowcaseQuery(parse_author_id(oAuthorId), platform, onlyAssign, flowType)
        except AuthorIdError as exc:
            raise ToolError(str(exc)) from None
        state = ctx.request_context.lifespan_context
        try:
            fetched = await state.client.fetch(query, progress=ctx.report_progress)
        except ShowcaseError as exc:
            raise ToolError(exc.explain()) from None
        summary = summarise(
            fetched.payload.data,
            query,
            record_time=fetched.payload.record_time,
            now=datetime.now(UTC),
            demo=state.demo,
        )
        return CallToolResult(
            content=[TextContent(type="text", text=render_text(summary))],
            structured_content=compact_json(summary),
        )

    @app.resource(
        ERRORS_URI,
        name="errors",
        title="get_showcase_items error codes",
        description="Every error the tool can report: what it means and what to do.",
        mime_type="text/markdown",
    )
    def errors_resource() -> str:
        return render_markdown()

    return app
