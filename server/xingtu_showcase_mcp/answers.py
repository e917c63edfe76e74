"""The tools' work, apart from their MCP declaration: arguments in, a `CallToolResult` out.

Each function runs the flow for one tool: read the arguments, ask the upstream
client (cache included), summarise, render both channels. Every failure leaves
here as an `isError` result whose text comes from the error catalogue, never as a
library's exception; built here, not raised as the SDK's `ToolError`, which the SDK
prefixes with "Error executing tool …" in English whatever the reader's language.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final, TypeVar

from mcp.types import CallToolResult, ContentBlock, ResourceLink, TextContent

from . import compare, messages
from .contract import AuthorIdError, FlowType, MarketingQuery, Platform, SearchQuery, ShowcaseQuery, parse_author_id
from .creator_search import ENDPOINT as SEARCH
from .errors import Audience, ShowcaseError, for_search
from .language import DEFAULT_LANGUAGE, Language
from .marketing import ENDPOINT as MARKETING
from .marketing import INDEX_PREFIX
from .marketing.quotes import basis_of, with_cpm
from .models import FailedCreator, ShowcaseSummary, compact_json
from .names import TOOL_NAME
from .pipeline.cache import Fetched
from .pipeline.endpoint import Endpoint, Query
from .pipeline.redaction import Redactor
from .pipeline.store import Store
from .pipeline.upstream import ProgressFn, UpstreamClient
from .render import moment, render_comparison, render_quotes, render_search, render_text
from .showcase import ENDPOINT as SHOWCASE

Q = TypeVar("Q", bound=Query)
A = TypeVar("A")


@dataclass(frozen=True, slots=True)
class AppState:
    """What the tools need for the server's lifetime."""

    client: UpstreamClient
    demo: bool
    language: Language = DEFAULT_LANGUAGE
    """What a person reads (text, notes, errors) is in this language; JSON keys and codes are not."""
    audience: Audience = "client"
    """Whose advice the explanations give: an MCP client's user, or someone at the command line."""
    redact: Redactor = field(default_factory=lambda: Redactor([]))
    """Applied to every answer and explanation: a hostile upstream may echo the token even on success."""


CREATOR_URI: Final = "xingtu-showcase://creator/{oAuthorId}"
"""The stored answer of one creator, read without spending quota (the resource template)."""


def creator_link(author_id: str) -> ResourceLink:
    """A link to a creator's stored answer: a client can reread it later without a paid call."""
    return ResourceLink(
        type="resource_link",
        uri=CREATOR_URI.format(oAuthorId=author_id),
        name=f"creator-{author_id}",
        mime_type="text/plain",
    )


def _result(state: AppState, text: str, structured: dict[str, object], authors: Sequence[str]) -> CallToolResult:
    links: list[ContentBlock] = [creator_link(a) for a in authors]
    return CallToolResult(
        content=[TextContent(type="text", text=state.redact(text)), *links],
        structured_content=state.redact.deep(structured),
    )


def _failure(state: AppState, text: str) -> CallToolResult:
    """A failure as the user reads it: our words only, redacted, in their language."""
    return CallToolResult(content=[TextContent(type="text", text=state.redact(text))], is_error=True)


def summary_of(fetched: Fetched[ShowcaseSummary]) -> ShowcaseSummary:
    """The stored answer; a reused one says so."""
    return SHOWCASE.reused(fetched.answer) if fetched.cached else fetched.answer


async def _fetch_one(
    state: AppState,
    endpoint: Endpoint[Q, A],
    query_for: Callable[[str], Q],
    author: str,
    progress: ProgressFn | None,
) -> A | CallToolResult:
    """One creator's answer from `endpoint` (marked as reused when it was), or the failure as the user reads it:
    an id that cannot be one, or what the pipeline could not get."""
    try:
        query = query_for(parse_author_id(author))
    except AuthorIdError as exc:
        return _failure(state, exc.said(state.language))
    try:
        fetched = await state.client.fetch(endpoint, query, progress=progress)
    except ShowcaseError as exc:
        return _failure(state, exc.explain(state.language, state.audience))
    return endpoint.reused(fetched.answer) if fetched.cached else fetched.answer


async def showcase(
    state: AppState,
    author: str,
    platform: Platform,
    only_assign: bool,
    flow_type: FlowType,
    progress: ProgressFn | None = None,
) -> CallToolResult:
    """get_showcase_items: one creator, condensed."""
    summary = await _fetch_one(
        state, SHOWCASE, lambda author_id: ShowcaseQuery(author_id, platform, only_assign, flow_type), author, progress
    )
    if isinstance(summary, CallToolResult):
        return summary
    return _result(
        state, render_text(summary, state.language), compact_json(summary), [] if state.demo else [summary.author_id]
    )


async def comparison(
    state: AppState,
    authors: Sequence[str],
    platform: Platform,
    only_assign: bool,
    flow_type: FlowType,
    progress: ProgressFn | None = None,
) -> CallToolResult:
    """compare_creators: one ranked row per creator; failures keep their place, explained."""
    say = state.language
    plan = compare.plan(authors, platform, only_assign, flow_type, say)
    outcomes = await state.client.fetch_many(SHOWCASE, plan.queries, progress=progress)
    summaries: list[ShowcaseSummary] = []
    failed = list(plan.failed)
    for query, outcome in zip(plan.queries, outcomes, strict=True):
        if isinstance(outcome, ShowcaseError):
            failed.append(
                FailedCreator(
                    author_id=query.author_id,
                    error=outcome.explain_failure(say).replace("\n", " "),
                    advice=outcome.entry.advice_for(state.audience)(say),
                )
            )
        else:
            summaries.append(summary_of(outcome))
    held = {s.author_id: await state.client.known(MARKETING, INDEX_PREFIX + s.author_id) for s in summaries}
    result = compare.compare(
        summaries,
        failed,
        platform=platform,
        only_assign=only_assign,
        flow_type=flow_type,
        notes=plan.notes,
        language=say,
        quotes={
            a: known.answer for a, known in held.items() if known is not None and known.answer.platform == platform
        },
        now=state.client.now(),
    )
    nobody = compare.nobody_compared(result, say)
    if nobody is not None:
        return _failure(state, nobody)
    links = [] if state.demo else [row.author_id for row in result.rows]  # demo answers are never stored
    return _result(state, render_comparison(result, say), compact_json(result), links)


async def stored(store: Store, author: str, language: Language) -> str:
    """The creator resource: the latest stored answer (any parameters) with its age, or why there is none."""
    try:
        author_id = parse_author_id(author)
    except AuthorIdError as exc:
        return exc.said(language)
    found = await store.latest(author_id)
    answer = None if found is None else SHOWCASE.loaded(found)
    if found is None or answer is None:
        return messages.STORED_NONE(language, author=author_id, tool=TOOL_NAME)
    at = found.fetched_at.astimezone(UTC)
    hours = max(0.0, (datetime.now(UTC) - at).total_seconds() / 3600)
    stamp = moment(at.strftime("%Y-%m-%dT%H:%MZ"), language)
    head = messages.STORED_HEADER(language, author=author_id, at=stamp, hours=f"{hours:.1f}", tool=TOOL_NAME)
    return head + "\n" + render_text(answer, language)


async def quotes(
    state: AppState, author: str, platform: Platform, progress: ProgressFn | None = None
) -> CallToolResult:
    """get_marketing_info: one creator's quotes, with a CPM estimate when its showcase is already known here
    (from the cache or the store: never a second request)."""
    answer = await _fetch_one(state, MARKETING, lambda author_id: MarketingQuery(author_id, platform), author, progress)
    if isinstance(answer, CallToolResult):
        return answer
    known = await state.client.known(SHOWCASE, answer.author_id)
    basis = None if known is None else basis_of(known.answer, state.client.now())
    priced = with_cpm(answer, basis)
    return _result(state, render_quotes(priced, state.language), compact_json(priced), [])


async def search(
    state: AppState, arguments: Mapping[str, Any], tools: Mapping[str, str], progress: ProgressFn | None = None
) -> CallToolResult:
    """search_creators: one page of Xingtu's creator search (arguments already checked against the endpoint's
    parameters); `tools` names the tools a match's id goes to next. Finding nothing is an answer, not an error."""
    query = SearchQuery.of(dict(arguments))
    try:
        fetched = await state.client.fetch(SEARCH, query, progress=progress)
    except ShowcaseError as exc:
        return _failure(state, for_search(exc).explain(state.language, state.audience))
    answer = SEARCH.reused(fetched.answer) if fetched.cached else fetched.answer
    return _result(state, render_search(answer, dict(tools), state.language), compact_json(answer), [])
