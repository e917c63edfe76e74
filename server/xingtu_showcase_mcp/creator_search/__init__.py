"""The creator search (`search_for_author_square`) declared for the pipeline: its query, its digest into a
`SearchAnswer`, and how that is kept. Repeated searches are answered from the cache and the store like any
endpoint's answers; a search is indexed under its keyword, never as a creator."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..contract import SEARCH_PATH, SearchQuery, search_query
from ..pipeline.endpoint import Context, Endpoint
from .search import SearchAnswer, read_search

INDEX_PREFIX: Final = "search:"


def _digest(data: Mapping[str, Any], query: SearchQuery, context: Context) -> SearchAnswer:
    return read_search(dict(data), query, context.fetched_at)


ENDPOINT: Final[Endpoint[SearchQuery, SearchAnswer]] = Endpoint(
    name="search",
    path=SEARCH_PATH,
    module=__name__,
    query=search_query,
    digest=_digest,
    dump=lambda answer: (answer.model_dump_json(exclude={"from_cache"}), "{}"),
    load=lambda body, extra: SearchAnswer.model_validate_json(body),
    reused=lambda answer: answer.model_copy(update={"from_cache": True}),
    index=lambda query: INDEX_PREFIX + query.value("keyword")[:40],
    key_prefix="search|",
)
