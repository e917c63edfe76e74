"""Xingtu's creator search (达人广场), read from `search_for_author_square`: one compact row per match.

Pure functions over the endpoint's `data`. Every `attribute_datas` value arrives
as a string, numbers included, and some are JSON inside a string (escaped twice
at times; cut short and ending in `...` in trimmed copies): each field is read on
its own, and one that was sent but cannot be read is counted and named, never
allowed to cost the match. Meanings are those of the reference notes only:
quotes in yuan (a missing key is no quote), Xingtu's expected plays and its
1-20 s CPM in yuan (price / expected plays × 1,000), 30-day rates as fractions.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Final, TypeVar

from pydantic import BaseModel, Field

from ..contract import SearchQuery
from ..values import MAX_COUNT, as_list, as_object, count, digits, integer, number, objects, text

MAX_MATCHES: Final = 20
"""Xingtu's page holds 20 (`limit`): a hostile page cannot grow the answer."""
NAME_CHARS: Final = 30
PLACE_CHARS: Final = 20
MAX_CATEGORIES: Final = 2
CATEGORY_CHARS: Final = 12
JSON_DEPTH: Final = 3
"""A JSON string is decoded at most this many times (seen escaped twice)."""


class Match(BaseModel):
    """One creator found; every figure Xingtu's, as sent."""

    author_id: str | None = Field(description="Xingtu author id: usable as oAuthorId by the other tools")
    nickname: str | None = Field(None, description="Creator-written display name")
    followers: int | None = None
    location: str | None = Field(None, description="City, else province, as Xingtu sends it")
    price_1_20: int | None = Field(None, description="Xingtu's 1-20 s video quote, yuan; null: no quote")
    price_21_60: int | None = Field(None, description="Xingtu's 21-60 s video quote, yuan; null: no quote")
    price_over_60: int | None = Field(None, description="Xingtu's over-60 s video quote, yuan; null: no quote")
    xingtu_expected_plays: int | None = Field(None, description="Xingtu's expected plays of a video")
    xingtu_expected_cpm_1_20: float | None = Field(
        None, description="Xingtu's expected CPM of the 1-20 s quote, yuan (quote / expected plays × 1,000)"
    )
    interaction_rate_30d: float | None = Field(None, description="Xingtu's 30-day interaction rate, a fraction")
    completion_rate_30d: float | None = Field(None, description="Xingtu's 30-day completion rate, a fraction")
    follower_growth_30d: int | None = Field(None, description="Followers gained in 30 days (negative: lost)")
    categories: list[str] = Field(default_factory=list[str], description="Xingtu's content categories")
    unreadable: list[str] = Field(default_factory=list[str], description="Fields sent but not readable")


class SearchAnswer(BaseModel):
    """One page of Xingtu's creator search, condensed."""

    keyword: str
    search_type: str
    sort: str
    page: int
    filters: dict[str, str] = Field(default_factory=dict[str, str], description="Filters sent besides the above")
    total: int | None = Field(None, description="Matches Xingtu counts for the search (all pages)")
    has_more: bool | None = Field(None, description="Whether Xingtu has a next page (each page is a paid call)")
    fetched_at: str | None = Field(None, description="When this server fetched the page (UTC)")
    from_cache: bool | None = None
    matches: list[Match] = Field(default_factory=list[Match])
    matches_not_read: int | None = Field(None, description="Entries past the page size or not objects")
    unreadable_values: dict[str, int] = Field(
        default_factory=dict[str, int], description="Field → matches where it was sent but could not be read"
    )


T = TypeVar("T")

HEAD: Final = ("keyword", "searchType", "sort", "page")
"""The parameters every answer names; the others are filters, listed only when sent."""


def read_search(data: dict[str, object], query: SearchQuery, now: datetime) -> SearchAnswer:
    """The matches of `data` (the endpoint's `data` object); never raises on what Xingtu sends."""
    authors, unread = objects(data.get("authors"), MAX_MATCHES)
    matches = [_match(author) for author in authors]
    pages = as_object(data.get("pagination")) or {}
    total = integer(pages.get("total_count"))
    more = pages.get("has_more")
    sent = query.params()
    return SearchAnswer(
        keyword=sent.get("keyword", ""),
        search_type=sent.get("searchType", ""),
        sort=sent.get("sort", ""),
        page=integer(sent.get("page")) or 1,
        filters={k: v for k, v in sent.items() if k not in HEAD and v not in ("false", "ALL")},
        total=total if total is not None and 0 <= total <= MAX_COUNT else None,
        has_more=more if isinstance(more, bool) else None,
        fetched_at=now.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        matches=matches,
        matches_not_read=unread or None,
        unreadable_values=dict(Counter(name for m in matches for name in m.unreadable)),
    )


class _Reader:
    """Reads one match's attributes, noting each field that was sent but could not be read."""

    def __init__(self, attributes: dict[str, object]) -> None:
        self.attributes = attributes
        self.unreadable: list[str] = []

    def read(self, name: str, how: Callable[[object], T | None]) -> T | None:
        raw = self.attributes.get(name)
        if raw is None or (isinstance(raw, str) and not raw.strip()):
            return None  # not sent: no value, and nothing wrong
        value = how(raw)
        if value is None:
            self.unreadable.append(name)
        return value


def _match(author: dict[str, object]) -> Match:
    attributes = as_object(author.get("attribute_datas")) or {}
    r = _Reader(attributes)
    author_id = r.read("id", digits) or digits(author.get("star_id"))
    place = r.read("city", _place) or r.read("province", _place)
    return Match(
        author_id=author_id,
        nickname=r.read("nick_name", _name),
        followers=r.read("follower", _amount),
        location=place,
        price_1_20=r.read("price_1_20", _amount),
        price_21_60=r.read("price_20_60", _amount),
        price_over_60=r.read("price_60", _amount),
        xingtu_expected_plays=r.read("expected_play_num", _amount),
        xingtu_expected_cpm_1_20=r.read("prospective_1_20_cpm", _positive),
        interaction_rate_30d=r.read("interact_rate_within_30d", _fraction),
        completion_rate_30d=r.read("play_over_rate_within_30d", _fraction),
        follower_growth_30d=r.read("fans_increment_within_30d", count),
        categories=r.read("tags_relation", _categories) or [],
        unreadable=r.unreadable if author_id else [*r.unreadable, "id"],
    )


def _amount(value: object) -> int | None:
    """A count or a price in yuan: a whole number from 0, as a string or a number ("80000", "5151193.5")."""
    found = count(value)
    return found if found is not None and found >= 0 else None


def _positive(value: object) -> float | None:
    found = number(value)
    return round(found, 4) if found is not None and 0 <= found < MAX_COUNT else None


def _fraction(value: object) -> float | None:
    found = number(value)
    return round(found, 4) if found is not None and 0 <= found <= 1 else None


def _name(value: object) -> str | None:
    found = text(value)[:NAME_CHARS]
    return found or None


def _place(value: object) -> str | None:
    found = text(value)[:PLACE_CHARS]
    return found or None


def _categories(value: object) -> list[str] | None:
    """`tags_relation`, `{"运动健身": ["健身"]}` inside a string: the second-level tags, else the first."""
    decoded = as_object(_json(value))
    if decoded is None:
        return None
    found: list[str] = []
    for first, seconds in decoded.items():
        names = [text(s) for s in (as_list(seconds) or []) if text(s)] or [text(first)]
        found += [n[:CATEGORY_CHARS] for n in names if n and n[:CATEGORY_CHARS] not in found]
    return found[:MAX_CATEGORIES]


def _json(value: object) -> object:
    """JSON inside a string, decoded again while it is still a string (escaped twice); None when it is not
    JSON, a string cut short with `...` included."""
    for _ in range(JSON_DEPTH):
        if not isinstance(value, str):
            return value
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return None if isinstance(value, str) else value
