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
from typing import Annotated, Any, Final

import httpx2
from mcp.server.apps import Apps, ResourceCsp
from mcp.server.mcpserver import Context, MCPServer
from mcp.server.mcpserver.exceptions import ToolError
from mcp.types import CallToolResult, TextContent, ToolAnnotations
from pydantic import BeforeValidator, Field

from . import __version__, logs
from .compare import Comparison, FailedCreator, compare
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
from .render import render_comparison, render_text
from .summary import ShowcaseSummary, compact_json, summarise
from .upstream import Fetched, ShowcaseClient
from .view import VIEW_URI, view_html

SERVER_NAME: Final = "xingtu-showcase-mcp"
TOOL_NAME: Final = "get_showcase_items"
COMPARE_TOOL_NAME: Final = "compare_creators"
PROMPT_NAME: Final = "evaluate_creator"
ERRORS_URI: Final = "xingtu-showcase://errors"
MAX_COMPARED: Final = 20

INSTRUCTIONS: Final = (
    "This server answers questions about Douyin creators' showcases on Xingtu (星图), Douyin's creator "
    "marketplace: their latest personal works and Xingtu-commissioned (brand deal) works, with plays, "
    "engagement, hit rate, posting cadence, topics, and Xingtu's own benchmark figures. Use "
    f"{TOOL_NAME} to judge one creator, {COMPARE_TOOL_NAME} to rank a shortlist.\n"
    "It needs each creator's Xingtu author id: the digits at the end of their Xingtu page "
    "(https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/<id>); that URL works too. A Douyin "
    "profile link or nickname is not enough: ask the user for the Xingtu page.\n"
    "Every creator fetched spends the user's paid Just One API quota: fetch each creator once and reuse the "
    f"answer rather than calling again. The error codes are explained in the resource {ERRORS_URI}."
)

TOOL_DESCRIPTION: Final = (
    "Fetch one Douyin creator's Xingtu showcase and return it condensed: their latest personal works and "
    "Xingtu-commissioned works (date, title, plays, likes, comments, shares, length, hot flag), per-section "
    "statistics (plays min/median/max and skew, engagement, hit rate, cadence, days since the newest work, "
    "topics, lengths), commissioned vs personal performance, Xingtu's own benchmarks, and caveats. Use it "
    "when asked how a creator's content is doing or whether they suit a brand deal. Each call spends the "
    "user's Just One API quota, so call it once per creator and reuse the result."
)

COMPARE_DESCRIPTION: Final = (
    f"Compare 2 to {MAX_COMPARED} Douyin creators' Xingtu showcases side by side: one row per creator with "
    "median plays, skew, engagement, hit rate, cadence, days since the newest work, top topic and how their "
    "commissioned works perform against their own, ranked by personal median plays. A creator that cannot be "
    "fetched gets its error explained in its place. Use it to shortlist creators for a campaign. Each distinct "
    "creator spends one call of the user's Just One API quota; repeated ids are fetched once."
)

_ANNOTATIONS: Final = ToolAnnotations(read_only_hint=True, open_world_hint=True, idempotent_hint=True)


def _string_only(value: object) -> object:
    """Refuse a JSON number for an author id before pydantic would coerce or reject it obscurely."""
    if not isinstance(value, str):
        parse_author_id(value)  # raises AuthorIdError (a ValueError) with the explanation
    return value


# The endpoint's parameters as tool inputs, defined once for both tools (descriptions from the contract).
AuthorId = Annotated[str, BeforeValidator(_string_only)]
PlatformParam = Annotated[Platform, Field(description=PARAMETER_DOCS["platform"])]
OnlyAssignParam = Annotated[bool, Field(description=PARAMETER_DOCS["onlyAssign"])]
FlowTypeParam = Annotated[FlowType, Field(description=PARAMETER_DOCS["flowType"])]


@dataclass(frozen=True, slots=True)
class AppState:
    """What the tools need for the server's lifetime."""

    client: ShowcaseClient
    demo: bool


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

    # Both tools name the view; hosts that render MCP Apps show it, all others see the same answer as ever.
    apps = Apps()
    apps.add_html_resource(
        VIEW_URI,
        view_html(),
        name="showcase-view",
        title="Xingtu showcase view",
        description="Charts of a creator's works, or a comparison table, for hosts that render MCP Apps.",
        csp=ResourceCsp(),
        prefers_border=True,
    )

    def summary_of(state: AppState, fetched: Fetched, query: ShowcaseQuery) -> ShowcaseSummary:
        payload = fetched.payload
        return summarise(
            payload.data,
            query,
            record_time=payload.record_time,
            fetched_at=fetched.fetched_at,
            from_cache=fetched.cached,
            demo=state.demo,
        )

    @apps.tool(
        resource_uri=VIEW_URI,
        name=TOOL_NAME,
        title="Xingtu creator showcase",
        description=TOOL_DESCRIPTION,
        annotations=_ANNOTATIONS,
    )
    async def get_showcase_items(
        oAuthorId: Annotated[AuthorId, Field(description=PARAMETER_DOCS["oAuthorId"])],
        ctx: Context[AppState, Any],
        platform: PlatformParam = DEFAULT_PLATFORM,
        onlyAssign: OnlyAssignParam = DEFAULT_ONLY_ASSIGN,
        flowType: FlowTypeParam = DEFAULT_FLOW_TYPE,
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
        summary = summary_of(state, fetched, query)
        return CallToolResult(
            content=[TextContent(type="text", text=render_text(summary))],
            structured_content=compact_json(summary),
        )

    @apps.tool(
        resource_uri=VIEW_URI,
        name=COMPARE_TOOL_NAME,
        title="Compare Xingtu creators",
        description=COMPARE_DESCRIPTION,
        annotations=_ANNOTATIONS,
    )
    async def compare_creators(
        oAuthorIds: Annotated[
            list[AuthorId],
            Field(
                min_length=2,
                max_length=MAX_COMPARED,
                description=f"2 to {MAX_COMPARED} creators, each as for oAuthorId: " + PARAMETER_DOCS["oAuthorId"],
            ),
        ],
        ctx: Context[AppState, Any],
        platform: PlatformParam = DEFAULT_PLATFORM,
        onlyAssign: OnlyAssignParam = DEFAULT_ONLY_ASSIGN,
        flowType: FlowTypeParam = DEFAULT_FLOW_TYPE,
    ) -> Annotated[CallToolResult, Comparison]:
        queries: dict[str, ShowcaseQuery] = {}
        failed: list[FailedCreator] = []
        for raw in oAuthorIds:
            try:
                author = parse_author_id(raw)
            except AuthorIdError as exc:
                failed.append(FailedCreator(author_id=raw[:40], error=str(exc), advice="Correct the id and ask again."))
                continue
            queries.setdefault(author, ShowcaseQuery(author, platform, onlyAssign, flowType))
        notes: list[str] = []
        merged = len(oAuthorIds) - len(failed) - len(queries)
        if merged:
            notes.append(f"{merged} repeated creator{'s' if merged > 1 else ''} fetched once.")
        state = ctx.request_context.lifespan_context
        outcomes = await state.client.fetch_many(list(queries.values()), progress=ctx.report_progress)
        summaries: list[ShowcaseSummary] = []
        for query, outcome in zip(queries.values(), outcomes, strict=True):
            if isinstance(outcome, ShowcaseError):
                failed.append(
                    FailedCreator(
                        author_id=query.author_id,
                        error=outcome.explain_failure().replace("\n", " "),
                        advice=outcome.entry.advice,
                    )
                )
            else:
                summaries.append(summary_of(state, outcome, query))
        comparison = compare(
            summaries, failed, platform=platform, only_assign=onlyAssign, flow_type=flowType, notes=notes
        )
        return CallToolResult(
            content=[TextContent(type="text", text=render_comparison(comparison))],
            structured_content=compact_json(comparison),
        )

    app: MCPServer[AppState] = MCPServer(
        SERVER_NAME,
        extensions=[apps],
        title="Xingtu creator showcase",
        instructions=INSTRUCTIONS,
        version=__version__,
        lifespan=lifespan,
        log_level=settings.log_level,
    )
    # The SDK has just set the root logger to INFO, where httpx2 logs URLs with the token.
    logs.protect(settings.secrets)

    @app.prompt(
        name=PROMPT_NAME,
        title="Evaluate a Xingtu creator for a campaign",
        description="Fetch a creator's Xingtu showcase and write a short, evidence-based assessment for a brand deal.",
    )
    def evaluate_creator(
        author: Annotated[str, Field(description="The creator's Xingtu author id or Xingtu page URL")],
        brief: Annotated[str, Field(description="Optional campaign brief: product, audience, goals, budget")] = "",
    ) -> str:
        return evaluation_prompt(author, brief)

    @app.resource(
        ERRORS_URI,
        name="errors",
        title="Error codes of the Xingtu showcase tools",
        description="Every error the tools can report: what it means and what to do.",
        mime_type="text/markdown",
    )
    def errors_resource() -> str:
        return render_markdown()

    return app


def evaluation_prompt(author: str, brief: str) -> str:
    """The evaluate_creator prompt's text: fetch once, then assess from the evidence only."""
    try:
        author = parse_author_id(author)
    except AuthorIdError:
        author = author.strip()  # the tool will explain what is wrong with it
    fit = (
        f"Campaign brief:\n{brief.strip()}\n\nJudge the fit for this brief."
        if brief.strip()
        else "No campaign brief was given: judge general suitability for brand deals."
    )
    return (
        f"Evaluate Douyin creator {author} for an influencer campaign. Call {TOOL_NAME} once with oAuthorId "
        f'"{author}" (each call spends Just One API quota), then write a short assessment from its answer only.\n\n'
        f"{fit}\n\n"
        "Structure it as:\n"
        "1. Strengths: what the numbers show (median plays, engagement, hit rate, posting cadence, recency).\n"
        "2. Risks: viral skew (max/median), small or old samples, weak commissioned performance, "
        "irregular posting.\n"
        "3. Fit for the brief: topics and formats against the campaign.\n"
        "4. What to check next: what this data cannot tell (audience demographics, prices, brand safety).\n\n"
        "Cite figures with their sample size. Label Xingtu's own benchmark figures as Xingtu's and do not read "
        "more into compare_author than the answer states. Do not invent numbers; if the tool fails, explain "
        "the error and what to do instead."
    )
