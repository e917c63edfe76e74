"""What the pipeline needs to know of one Xingtu endpoint, declared as data: nothing else of it.

The request, its time budget, retries, pacing, the cache, the store, Redis and the
digest child (`upstream`, `cache`, `store`, `shared`, `digest`) are the same for
every endpoint; an `Endpoint` tells them the path, how a query becomes a query
string and a key, how a payload becomes an answer, how that answer is kept and read
back, and what changed between two of them. `showcase` and `marketing` declare the
two endpoints; a test fails if a generic module imports either.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, Protocol, TypeVar

from ..language import Language


class Query(Protocol):
    """One request to an endpoint, validated; everything but the token."""

    @property
    def subject(self) -> str:
        """What a log line names the request by: the author id, or the search."""
        ...

    def params(self) -> dict[str, str]:
        """The query string (the token is added by the pipeline, never kept here)."""
        ...

    def key(self) -> str:
        """What besides the API server and the language an answer depends on: the store's key."""
        ...

    def fields(self) -> dict[str, Any]:
        """The query as JSON-able fields, from which `Endpoint.query` builds it again (in the digest child)."""
        ...


Q = TypeVar("Q", bound=Query)
A = TypeVar("A")


@dataclass(frozen=True, slots=True)
class Context:
    """What an answer depends on besides the payload and the query."""

    fetched_at: datetime
    record_time: str | None = None
    demo: bool = False
    language: Language = "en"


@dataclass(frozen=True, slots=True)
class Stored:
    """An answer as a store keeps it: its JSON, the extra data kept beside it (never sent), and its time."""

    body: str
    extra: str
    fetched_at: datetime


@dataclass(frozen=True, slots=True)
class Endpoint(Generic[Q, A]):
    name: str
    path: str
    """Under the base URL, e.g. /api/douyin-xingtu/gw/api/author/get_author_show_items_v2/v1."""
    module: str
    """The module that defines this object as `ENDPOINT`: the digest child imports it by this name."""
    query: Callable[..., Q]
    """Builds the query again from `Query.fields()`."""
    digest: Callable[[Mapping[str, Any], Q, Context], A]
    """Xingtu's `data` object (the envelope already read, secrets taken out) → the answer; never raises for
    what Xingtu sends, only for a bug (explained as "unsummarisable" by the pipeline)."""
    dump: Callable[[A], tuple[str, str]]
    """The answer → (its JSON, the extra JSON kept beside it): what the store and the digest child carry."""
    load: Callable[[str, str], A | None]
    """(JSON, extra) → the answer, or None for a row that does not validate (as good as absent)."""
    reused: Callable[[A], A]
    """The answer marked as reused (from the cache, the store, or a call in flight)."""
    index: Callable[[Q], str]
    """The store's creator index for a query's answers: the author id for the showcase (what the creator
    resource and completions read), prefixed for every other endpoint."""
    key_prefix: str = ""
    """Put before the query's key in the store: the endpoint's name and "|" for every endpoint but the showcase,
    whose keys predate the others (its stored answers must stay readable)."""
    since: Callable[[A, datetime, A, datetime], A] | None = None
    """(new, its time, the previous stored for the same key, its time) → the new answer with what changed."""

    def stored(self, answer: A, fetched_at: datetime) -> Stored:
        body, extra = self.dump(answer)
        return Stored(body, extra, fetched_at)

    def loaded(self, stored: Stored) -> A | None:
        try:
            return self.load(stored.body, stored.extra)
        except ValueError:  # written by another version, or by someone else: as good as absent
            return None
