"""The quotes endpoint (`get_author_marketing_info`) declared for the pipeline: its query, its digest into a
`QuotesAnswer`, and how that is kept. The CPM is not kept: it is added when the answer is given, from the
showcase answer known then."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from ..contract import MARKETING_PATH, MarketingQuery
from ..pipeline.endpoint import Context, Endpoint
from .quotes import QuotesAnswer, read_quotes

INDEX_PREFIX: Final = "quotes:"
"""The store indexes these answers under this prefix and the author id: never mistaken for a showcase."""


def _digest(data: Mapping[str, Any], query: MarketingQuery, context: Context) -> QuotesAnswer:
    return read_quotes(dict(data), query.author_id, query.platform, context.fetched_at, context.language)


ENDPOINT: Final[Endpoint[MarketingQuery, QuotesAnswer]] = Endpoint(
    name="marketing",
    path=MARKETING_PATH,
    module=__name__,
    query=MarketingQuery,
    digest=_digest,
    dump=lambda answer: (answer.model_dump_json(exclude={"from_cache", "cpm_basis"}), "{}"),
    load=lambda body, extra: QuotesAnswer.model_validate_json(body),
    reused=lambda answer: answer.model_copy(update={"from_cache": True}),
    index=lambda query: INDEX_PREFIX + query.author_id,
    key_prefix="marketing|",
)
