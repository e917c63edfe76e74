"""The MCP surface: four tools, one prompt, the errors resource and the view, declared and delegated.

Nothing here decides anything about creators: each tool body hands its
arguments to `answers`, the prompt's text comes from `prompt`, the resource
from the error catalogue. This module owns what a client sees of the server:
names, titles, descriptions, annotations and the HTTP client's lifetime.
"""

from __future__ import annotations

import base64
import functools
import inspect
import ssl
import urllib.request
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from dataclasses import dataclass, replace
from http.cookiejar import CookieJar, DefaultCookiePolicy
from importlib.metadata import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Final

import httpx2
from mcp.server.apps import Apps, ResourceCsp
from mcp.server.caching import CacheHint
from mcp.server.mcpserver import Context, MCPServer
from mcp.types import (
    CallToolResult,
    Completion,
    CompletionArgument,
    Icon,
    PromptReference,
    ResourceTemplateReference,
    ToolAnnotations,
)
from pydantic import BeforeValidator, Field

from . import __version__, answers, logs, messages
from .answers import CREATOR_URI, AppState
from .arguments import Accepted, ArgumentCheck, Checks, Declared
from .compare import MAX_COMPARED, MIN_COMPARED
from .config import Settings
from .contract import (
    DEFAULT_FLOW_TYPE,
    DEFAULT_ONLY_ASSIGN,
    DEFAULT_PLATFORM,
    PARAMETER_DOCS,
    PARAMETER_TITLES,
    SEARCH_PARAMETERS,
    FlowType,
    Platform,
    parse_author_id,
    search_input_schema,
)
from .creator_search.search import SearchAnswer
from .demo import DEMO_TOKEN, demo_upstream
from .errors import Audience, render_markdown
from .marketing.quotes import QuotesAnswer
from .models import Comparison, ShowcaseSummary
from .names import COMPARE_TOOL_NAME, MARKETING_TOOL_NAME, SEARCH_TOOL_NAME, TOOL_NAME
from .pipeline.cache import answer_cache
from .pipeline.clock import SYSTEM_CLOCK, Clock
from .pipeline.digest import Digester, Options
from .pipeline.persistence import open_persistence
from .pipeline.redaction import Redactor
from .pipeline.store import Store
from .pipeline.upstream import Timing, UpstreamClient
from .prompt import AUTHOR_MAX_CHARS, BRIEF_MAX_CHARS, PROMPT_NAME, evaluation_prompt
from .schemas import shipped_outlines
from .view import VIEW_URI, view_html

if TYPE_CHECKING:  # at run time only a shared store imports the redis client
    from .pipeline.shared import Shared

SERVER_NAME: Final = "xingtu-showcase-mcp"
ERRORS_URI: Final = "xingtu-showcase://errors"


def _homepage() -> str:
    """The project's address, from the package's own metadata (kept once, in pyproject.toml)."""
    for entry in metadata(SERVER_NAME).get_all("Project-URL") or []:
        label, _, url = entry.partition(", ")
        if label == "Homepage":
            return url
    raise LookupError("pyproject.toml names no Homepage")  # a packaging mistake, caught by the tests


ICON_SVG: Final = Icon(
    src="data:image/svg+xml;base64,"
    + base64.b64encode((Path(__file__).with_name("icon.svg")).read_bytes()).decode("ascii"),
    mime_type="image/svg+xml",
    sizes=["any"],
)
"""The server's icon, inline in its info (sent once a session): a host shows it without fetching anything."""
ICON_PNG: Final = Icon(
    src=_homepage().replace("https://github.com/", "https://raw.githubusercontent.com/", 1)
    + "/main/server/xingtu_showcase_mcp/icon.png",
    mime_type="image/png",
)
"""The same picture as a 512-pixel PNG (every host must read PNG; SVG is optional), by address. Tools carry
only this, without sizes: the inline SVG in tools/list would cost every turn more than a tool's description."""
LISTS_FRESH: Final = CacheHint(ttl_ms=3_600_000, scope="public")
"""The lists never change while a server runs, and are the same for everyone: a client may keep them an hour."""
CACHED_LISTS: Final = ("server/discover", "tools/list", "prompts/list", "resources/list", "resources/templates/list")
OUTPUT_MODELS: Final = {
    TOOL_NAME: ShowcaseSummary,
    COMPARE_TOOL_NAME: Comparison,
    MARKETING_TOOL_NAME: QuotesAnswer,
    SEARCH_TOOL_NAME: SearchAnswer,
}
"""What each tool's structured content is: its published outline (schemas.OUTLINES_FILE) is derived from it."""
COMPLETIONS: Final = 100
"""The protocol's most values per completion."""

INSTRUCTIONS: Final = (
    "This server answers questions about Douyin creators' showcases on Xingtu (星图), Douyin's creator "
    "marketplace: their latest personal works and Xingtu-commissioned (brand deal) works, with plays, "
    "engagement, hot share, posting cadence, topics, brand signals, data-quality flags and Xingtu's own figures. "
    f"Use {SEARCH_TOOL_NAME} to find creators by name or Xingtu's filters, {TOOL_NAME} to judge one creator, "
    f"{MARKETING_TOOL_NAME} for their price, {COMPARE_TOOL_NAME} to rank a shortlist.\n"
    "It needs each creator's Xingtu author id: the digits at the end of their Xingtu page "
    "(https://www.xingtu.cn/ad/creator/author-homepage/douyin-video/<id>); that URL works too. From a nickname, "
    f"{SEARCH_TOOL_NAME} finds the id (one paid call per page); a Douyin profile link is not enough.\n"
    "Every creator fetched spends the user's paid Just One API quota: fetch each creator once and reuse the "
    f"answer rather than calling again. The error codes are explained in the resource {ERRORS_URI}."
)

TOOL_DESCRIPTION: Final = (
    "Fetch one Douyin creator's (达人, KOL) Xingtu (星图) showcase, condensed: latest personal and brand-deal "
    "(commissioned) works, figures over plausible works (median plays, skew, engagement, hot share, cadence, "
    "topics), brand-deal vs personal performance, brand evidence for exclusivity conflicts, Xingtu's own figures "
    "and data-quality flags. Use it to judge a creator for a brand deal. Each call spends the user's Just One API "
    "quota: call once per creator, reuse the answer."
)

COMPARE_DESCRIPTION: Final = (
    f"Compare {MIN_COMPARED} to {MAX_COMPARED} Douyin creators' (达人, KOL) Xingtu (星图) showcases: one ranked "
    "row each (median plays, skew, engagement, hot share, cadence, recency, topics, brand-deal performance, brand "
    "evidence, Xingtu's own rates, quality flags); a creator that cannot be fetched keeps its place with its "
    "error. Use it to shortlist creators for a campaign. Each distinct creator spends one call of the user's "
    "Just One API quota; repeated ids are fetched once."
)

MARKETING_DESCRIPTION: Final = (
    "Fetch one Douyin creator's Xingtu (星图) quotes (报价): each orderable price by video type (1-20 s, 21-60 s, "
    "over 60 s, co-creation) in yuan as Xingtu sends it, its validity window, Xingtu's industry tags, and our CPM "
    f"estimate per quote when the creator's showcase was already fetched with {TOOL_NAME} (never fetched for "
    "it). Use it to judge whether a creator is worth the price. Each call spends one call of the user's Just One "
    "API quota: call once per creator, reuse the answer."
)

SEARCH_DESCRIPTION: Final = (
    "Find Douyin creators (达人) on Xingtu (星图达人广场) by nickname or content keyword, with Xingtu's own filters "
    "(price, followers, expected plays, CPM, rates, audience, location, tags): one compact row per match with its "
    f"Xingtu author id (the oAuthorId of {TOOL_NAME}, {MARKETING_TOOL_NAME} and {COMPARE_TOOL_NAME}), followers, "
    "city, 1-20 s / 21-60 s / over 60 s quotes in yuan, Xingtu's expected plays and CPM, 30-day rates and follower "
    "growth; the total and whether more pages exist. Use it when the user knows a name, not an id. Each page "
    "spends one call of the user's Just One API quota; a repeated search is reused."
)
NEXT_TOOLS: Final = {"showcase": TOOL_NAME, "quotes": MARKETING_TOOL_NAME, "compare": COMPARE_TOOL_NAME}
"""Where a search's ids go next, named in its answer."""

_ANNOTATIONS: Final = ToolAnnotations(read_only_hint=True, open_world_hint=True, idempotent_hint=True)


def _string_only(value: object) -> object:
    """Refuse a JSON number for an author id before pydantic would coerce or reject it obscurely."""
    if not isinstance(value, str):
        parse_author_id(value)  # raises AuthorIdError (a ValueError) with the explanation
    return value


# The endpoint's parameters as tool inputs, defined once for both tools (descriptions from the contract).
AuthorId = Annotated[str, BeforeValidator(_string_only)]
PlatformParam = Annotated[Platform, Field(title=PARAMETER_TITLES["platform"], description=PARAMETER_DOCS["platform"])]
OnlyAssignParam = Annotated[bool, Field(title=PARAMETER_TITLES["onlyAssign"], description=PARAMETER_DOCS["onlyAssign"])]
FlowTypeParam = Annotated[FlowType, Field(title=PARAMETER_TITLES["flowType"], description=PARAMETER_DOCS["flowType"])]


ARGUMENT_CHECKS: Final[dict[str, Checks]] = {
    TOOL_NAME: Accepted("oAuthorId", 1, 1),
    COMPARE_TOOL_NAME: Accepted("oAuthorIds", MIN_COMPARED, MAX_COMPARED),
    MARKETING_TOOL_NAME: Accepted("oAuthorId", 1, 1, options=("platform",)),
    SEARCH_TOOL_NAME: Declared(),
}
"""Every tool's arguments checked before the SDK reads them (`arguments`): a refusal in the reader's words."""


def build_server(
    settings: Settings,
    *,
    demo: bool = False,
    upstream: httpx2.AsyncBaseTransport | None = None,
    clock: Clock = SYSTEM_CLOCK,
    timing: Timing | None = None,
    audience: Audience = "client",
) -> MCPServer[AppState]:
    """Create the MCP server. `demo` serves built-in synthetic data through an in-process upstream.

    `upstream` (an httpx2 transport standing in for Just One API), `clock` and `timing`
    replace the network and time for tests; the base URL itself only ever comes from
    `settings`. ("Transport" alone in this project means the MCP transport: stdio or HTTP.)
    """
    if demo:
        settings = replace(settings, token=DEMO_TOKEN)
        upstream = demo_upstream()
    store, shared = open_persistence(settings, demo=demo)
    clients = _Clients(settings, demo, upstream, store, shared, clock, timing, audience)
    apps = _view(settings)
    app: MCPServer[AppState] = MCPServer(
        SERVER_NAME,
        extensions=[apps],
        middleware=[ArgumentCheck(ARGUMENT_CHECKS, settings.language)],
        title="Xingtu creator showcase",
        instructions=INSTRUCTIONS,
        version=__version__,
        lifespan=clients.lifespan,
        log_level=settings.log_level,
        icons=[ICON_SVG, ICON_PNG],
        cache_hints=dict.fromkeys(CACHED_LISTS, LISTS_FRESH),
    )
    _declare_quotes(app)
    _declare_search(app)
    # The SDK has just set the root logger to INFO, where httpx2 logs URLs with the token.
    logs.protect(settings.secrets)
    _publish_outlines(app)
    _declare_prompt_and_resources(app, settings, store)
    return app


@functools.cache
def _tls() -> ssl.SSLContext:
    """The TLS context of every client this process opens to Just One API, built once, as httpx2 builds it:
    loading the system's certificate bundle costs some 25 ms of CPU each time, and a process may start many
    servers (the test suite starts hundreds)."""
    return httpx2.create_ssl_context()


class _OpenedAtFirstRequest(httpx2.AsyncBaseTransport):
    """httpx2's own transport to Just One API, made when the first request goes out, not when the server
    starts: making it builds the TLS context (`_tls`), a third of what this server adds to the SDK's start-up,
    and a host that only lists the tools, or a call answered from the store, never needs it."""

    def __init__(self, limits: httpx2.Limits) -> None:
        self._limits = limits
        self._transport: httpx2.AsyncHTTPTransport | None = None

    async def handle_async_request(self, request: httpx2.Request) -> httpx2.Response:
        if self._transport is None:
            self._transport = httpx2.AsyncHTTPTransport(verify=_tls(), limits=self._limits)
        return await self._transport.handle_async_request(request)

    async def aclose(self) -> None:
        if self._transport is not None:
            await self._transport.aclose()


def _transport(
    upstream: httpx2.AsyncBaseTransport | None, limits: httpx2.Limits
) -> tuple[httpx2.AsyncBaseTransport | None, ssl.SSLContext | bool]:
    """The transport and TLS context of the client to Just One API: the one given (the demo's, a test's);
    httpx2's own where the environment names a proxy, since httpx2 mounts proxies only on transports it makes;
    else httpx2's own, made at the first request."""
    if upstream is not None:
        return upstream, True
    if urllib.request.getproxies():
        return None, _tls()
    return _OpenedAtFirstRequest(limits), True


@dataclass(frozen=True, slots=True)
class _Clients:
    """What a running server holds, opened when it starts and closed when it stops: the HTTP client to Just
    One API, the digest child's options, the store."""

    settings: Settings
    demo: bool
    upstream: httpx2.AsyncBaseTransport | None
    store: Store
    shared: Shared | None
    clock: Clock
    timing: Timing | None
    audience: Audience

    @asynccontextmanager
    async def lifespan(self, _: MCPServer[AppState]) -> AsyncGenerator[AppState]:
        settings = self.settings
        headers = {"user-agent": f"{SERVER_NAME}/{__version__}", "accept": "application/json"}
        limits = httpx2.Limits(
            max_connections=settings.max_concurrency, max_keepalive_connections=settings.max_concurrency
        )
        # No cookie jar: a cookie the upstream sets would otherwise ride along on every later request, for
        # every user of this server. A policy that accepts no domain keeps httpx2's jar empty.
        no_cookies = CookieJar(policy=DefaultCookiePolicy(allowed_domains=[]))
        transport, verify = _transport(self.upstream, limits)
        async with httpx2.AsyncClient(
            transport=transport, headers=headers, limits=limits, follow_redirects=False, cookies=no_cookies,
            verify=verify,
        ) as http:  # fmt: skip
            options = Options(demo=self.demo, language=settings.language, secrets=tuple(settings.secrets))
            cache = answer_cache(settings, self.store, self.clock)
            client = UpstreamClient(
                http, settings, Digester(options), cache, shared=self.shared, clock=self.clock, timing=self.timing
            )
            redact = Redactor(settings.secrets)
            try:
                yield AppState(
                    client=client, demo=self.demo, language=settings.language, audience=self.audience, redact=redact
                )
            finally:
                self.store.close()


def _view(settings: Settings) -> Apps:
    """The MCP Apps view and the two tools it draws; hosts that render MCP Apps show it, all others see the
    same answer as ever."""
    apps = Apps()
    apps.add_html_resource(
        VIEW_URI,
        view_html(settings.language),
        name="showcase-view",
        title="Xingtu showcase view",
        description="Charts of a creator's works, or a comparison table, for hosts that render MCP Apps.",
        csp=ResourceCsp(),
        prefers_border=True,
    )

    @apps.tool(
        resource_uri=VIEW_URI,
        name=TOOL_NAME,
        title="Xingtu creator showcase",
        description=TOOL_DESCRIPTION,
        annotations=_ANNOTATIONS,
        icons=[ICON_PNG],
    )
    async def get_showcase_items(
        oAuthorId: Annotated[
            AuthorId, Field(title=PARAMETER_TITLES["oAuthorId"], description=PARAMETER_DOCS["oAuthorId"])
        ],
        ctx: Context[AppState, Any],
        platform: PlatformParam = DEFAULT_PLATFORM,
        onlyAssign: OnlyAssignParam = DEFAULT_ONLY_ASSIGN,
        flowType: FlowTypeParam = DEFAULT_FLOW_TYPE,
    ) -> CallToolResult:
        state = ctx.request_context.lifespan_context
        return await answers.showcase(state, oAuthorId, platform, onlyAssign, flowType, ctx.report_progress)

    @apps.tool(
        resource_uri=VIEW_URI,
        name=COMPARE_TOOL_NAME,
        title="Compare Xingtu creators",
        description=COMPARE_DESCRIPTION,
        annotations=_ANNOTATIONS,
        icons=[ICON_PNG],
    )
    async def compare_creators(
        oAuthorIds: Annotated[
            list[AuthorId],
            Field(
                title=PARAMETER_TITLES["oAuthorId"] + "s",
                min_length=MIN_COMPARED,
                max_length=MAX_COMPARED,
                description=f"{MIN_COMPARED} to {MAX_COMPARED} creators, each as for oAuthorId: "
                + PARAMETER_DOCS["oAuthorId"],
            ),
        ],
        ctx: Context[AppState, Any],
        platform: PlatformParam = DEFAULT_PLATFORM,
        onlyAssign: OnlyAssignParam = DEFAULT_ONLY_ASSIGN,
        flowType: FlowTypeParam = DEFAULT_FLOW_TYPE,
    ) -> CallToolResult:
        state = ctx.request_context.lifespan_context
        return await answers.comparison(state, oAuthorIds, platform, onlyAssign, flowType, ctx.report_progress)

    return apps


def _declare_quotes(app: MCPServer[AppState]) -> None:
    """get_marketing_info, not drawn by the view: its answer is a few lines of prices."""

    @app.tool(
        name=MARKETING_TOOL_NAME,
        title="Xingtu creator quotes",
        description=MARKETING_DESCRIPTION,
        annotations=_ANNOTATIONS,
        icons=[ICON_PNG],
    )
    async def get_marketing_info(
        oAuthorId: Annotated[
            AuthorId, Field(title=PARAMETER_TITLES["oAuthorId"], description=PARAMETER_DOCS["oAuthorId"])
        ],
        ctx: Context[AppState, Any],
        platform: PlatformParam = DEFAULT_PLATFORM,
    ) -> CallToolResult:
        state = ctx.request_context.lifespan_context
        return await answers.quotes(state, oAuthorId, platform, ctx.report_progress)


def _publish_outlines(app: MCPServer[AppState]) -> None:
    """Output schemas as an outline without $ref/$defs (see `schemas`), shipped precomputed: the return
    annotation names no model, so the SDK derives no schema at start-up. The SDK offers no public accessor,
    and documents that reassigning FuncMetadata.output_schema takes effect."""
    for name in ARGUMENT_CHECKS:
        tool = app._tool_manager.get_tool(name)  # pyright: ignore[reportPrivateUsage]
        if tool is None:
            raise LookupError(f"{name} is not declared")  # a programming error: every tool is declared above
        tool.fn_metadata.output_schema = shipped_outlines()[name]
        tool.parameters.pop("title", None)  # "get_showcase_itemsArguments": the SDK's class name, read by nobody


def _declare_search(app: MCPServer[AppState]) -> None:
    """search_creators, whose arguments are the endpoint's 28 declared parameters (contract.SEARCH_PARAMETERS).

    Written by hand they would repeat the declaration parameter by parameter; instead the function takes them
    as keywords and carries a signature built from the declaration, which is what the SDK reads
    (`inspect.signature` honours `__signature__`) to validate a call. The published input schema is the
    declaration's own (set after), and `arguments.Declared` checks every value first, in our words."""

    async def search_creators(ctx: Context[AppState, Any], **arguments: Any) -> CallToolResult:
        state = ctx.request_context.lifespan_context
        return await answers.search(state, arguments, NEXT_TOOLS, ctx.report_progress)

    kinds: dict[str, type] = {"string": str, "integer": int, "boolean": bool}
    declared = [
        inspect.Parameter(p.name, inspect.Parameter.KEYWORD_ONLY, default=p.default, annotation=kinds[p.kind] | None)
        for p in SEARCH_PARAMETERS
    ]
    context = inspect.Parameter("ctx", inspect.Parameter.KEYWORD_ONLY, annotation=Context[AppState, Any])
    signature = inspect.Signature([context, *declared], return_annotation=CallToolResult)
    setattr(search_creators, "__signature__", signature)  # noqa: B010 - pyright knows no __signature__ on a function
    app.tool(
        name=SEARCH_TOOL_NAME,
        title="Search Xingtu creators",
        description=SEARCH_DESCRIPTION,
        annotations=_ANNOTATIONS,
        icons=[ICON_PNG],
    )(search_creators)
    tool = app._tool_manager.get_tool(SEARCH_TOOL_NAME)  # pyright: ignore[reportPrivateUsage] - see _publish_outlines
    if tool is not None:
        tool.parameters = search_input_schema()  # the endpoint's own schema, as declared, not pydantic's


def _declare_prompt_and_resources(app: MCPServer[AppState], settings: Settings, store: Store) -> None:
    """The evaluate_creator prompt, the errors resource, the creator resource and its completion: what a
    client reads without a tool call (and without spending quota)."""

    @app.prompt(
        name=PROMPT_NAME,
        title=messages.PROMPT_TITLE(settings.language),
        description=messages.PROMPT_DESCRIPTION(settings.language),
    )
    def evaluate_creator(
        # No max_length here: the SDK would refuse a long argument as an internal error with a traceback.
        # evaluation_prompt bounds both instead (the author cut for the tool to explain, the brief cut with a
        # note), and a transport's own limit bounds what arrives.
        author: Annotated[
            str, Field(description="The creator's Xingtu author id or Xingtu page URL, or their nickname")
        ],
        brief: Annotated[
            str,
            Field(
                description=f"Optional campaign brief: product, audience, goals, budget (first {BRIEF_MAX_CHARS} "
                "characters are used)"
            ),
        ] = "",
    ) -> str:
        return evaluation_prompt(
            author, brief, TOOL_NAME, MARKETING_TOOL_NAME, settings.language, search_tool=SEARCH_TOOL_NAME
        )

    @app.resource(
        ERRORS_URI,
        name="errors",
        title="Error codes of the Xingtu showcase tools",
        description="Every error the tools can report: what it means and what to do.",
        mime_type="text/markdown",
    )
    def errors_resource() -> str:
        return render_markdown(settings.language)

    @app.resource(
        CREATOR_URI,
        name="creator",
        title="A creator's stored answer",
        description="The latest answer stored for a creator, with its age, without spending quota "
        "(or a note that there is none).",
        mime_type="text/plain",
    )
    async def creator_resource(oAuthorId: str) -> str:
        return await answers.stored(store, oAuthorId, settings.language)

    @app.completion()
    async def complete_author(
        ref: PromptReference | ResourceTemplateReference, argument: CompletionArgument, context: object
    ) -> Completion | None:
        """Author ids already fetched, for the creator resource and the prompt: no quota spent."""
        wanted = isinstance(ref, ResourceTemplateReference) and ref.uri == CREATOR_URI and argument.name == "oAuthorId"
        wanted = wanted or (isinstance(ref, PromptReference) and ref.name == PROMPT_NAME and argument.name == "author")
        if not wanted:
            return None
        try:
            found = await store.creators(argument.value.strip()[:AUTHOR_MAX_CHARS], COMPLETIONS + 1)
        except Exception:  # a busy or broken store offers nothing to complete; the caller types the id
            found = []
        return Completion(values=found[:COMPLETIONS], has_more=len(found) > COMPLETIONS)
