"""Xingtu's quotes (报价) for one creator, read from `get_author_marketing_info`, and what they cost per view.

Pure functions over the endpoint's `data`: which offers can be ordered, at what
price (yuan, exactly as sent), for which kind of video, valid when; and, given a
showcase answer of the same creator, the cost per thousand plays each price
implies. Field meanings are those of the reference notes only: `price` in yuan
(it reproduces Xingtu's own CPM), `video_type` 1/2/71 by length, 91 co-creation,
103 to 105 placeholders priced 100 that are never orderable; a type the notes
do not explain is shown as unknown, with Xingtu's own words for it.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Final

from pydantic import BaseModel, Field

from .. import messages
from ..glossary import CPM_PER_PLAYS
from ..language import Language, Text
from ..models import ShowcaseSummary
from ..values import as_list, beijing_day, epoch, integer, objects, text

OPEN_ENDED: Final = 2_145_916_800
"""`end_time` of an offer without an end (2038-01-01): shown as no window."""
PLACEHOLDER_TYPES: Final = frozenset({103, 104, 105})
"""Ad-push and download entries priced 100 and disabled: not quotes, whatever their flags say."""
PRICED_PER_PLAYS: Final = frozenset({92})
"""Priced per 1,000 natural plays, not per video: no CPM is derived from such a price."""
MAX_QUOTES: Final = 40
"""Offers read at most (7 in the real example): a hostile list cannot grow the answer."""
MAX_TAGS: Final = 12
TAG_CHARS: Final = 40
XINGTU_WORDS_CHARS: Final = 40

VIDEO_TYPES: Final[dict[int, Text]] = {
    1: messages.VIDEO_1_20,
    2: messages.VIDEO_21_60,
    71: messages.VIDEO_OVER_60,
    91: messages.VIDEO_CO_CREATION,
    92: messages.VIDEO_PER_PLAYS,
}
"""What each documented `video_type` is, in words; every other type is labelled unknown."""
SHORTEST: Final = 1
"""The 1-20 s video: the quote `compare_creators` shows per creator."""


class Quote(BaseModel):
    video_type: int | None = Field(description="Xingtu's video_type code, as sent")
    label: str = Field(description="What the offer is, in words; 'unknown' where the notes do not say")
    xingtu_words: str | None = Field(None, description="Xingtu's own description of the offer (desc), as sent")
    price: int | None = Field(description="Yuan, as Xingtu sent it (for 92: per 1,000 natural plays)")
    orderable: bool = Field(description="enable true, online_status 1, not a placeholder, not expired")
    not_orderable_because: str | None = None
    valid_from: str | None = Field(None, description="Beijing day the offer starts, when it has an end")
    valid_until: str | None = Field(None, description="Beijing day the offer ends; absent: open-ended")
    cpm: float | None = Field(default=None, description="Yuan per 1,000 plays: price / median plays × 1,000 (ours)")


class CpmBasis(BaseModel):
    """Which median the CPM estimate divides by, from which stored showcase answer."""

    median_plays: int
    section: str = Field(description="commissioned when the brand-deal rule holds, else personal")
    works: int = Field(description="Plausible works the median is taken over")
    fetched_at: str | None = Field(None, description="When the showcase answer was fetched (UTC)")
    age_hours: float | None = None


class QuotesAnswer(BaseModel):
    """One creator's Xingtu quotes, condensed; prices in yuan as Xingtu sent them."""

    author_id: str
    platform: str
    fetched_at: str | None = Field(None, description="When this server fetched the quotes (UTC)")
    from_cache: bool | None = None
    quotes: list[Quote] = Field(
        default_factory=list[Quote], description="Orderable offers first: 1-20 s, 21-60 s, over 60 s, then the rest"
    )
    quotes_not_read: int | None = Field(None, description="Offers past the limit or not objects, counted only")
    industry_tags: list[str] = Field(default_factory=list[str], description="Xingtu's industry tags, as sent")
    cpm_basis: CpmBasis | None = Field(default=None, description="Absent: no showcase answer of this creator is stored")


def read_quotes(
    data: dict[str, object], author_id: str, platform: str, now: datetime, language: Language
) -> QuotesAnswer:
    """The quotes of `data` (the endpoint's `data` object); never raises on what Xingtu sends."""
    offers, unread = objects(data.get("price_info"), MAX_QUOTES)
    quotes = [_quote(offer, now, language) for offer in offers]
    order = list(VIDEO_TYPES)
    quotes.sort(key=lambda q: (not q.orderable, order.index(q.video_type) if q.video_type in order else len(order)))
    tags = [text(t)[:TAG_CHARS] for t in (as_list(data.get("industry_tags")) or []) if text(t)][:MAX_TAGS]
    return QuotesAnswer(
        author_id=author_id,
        platform=platform,
        fetched_at=now.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ"),
        quotes=quotes,
        quotes_not_read=unread or None,
        industry_tags=tags,
    )


def _quote(offer: dict[str, object], now: datetime, language: Language) -> Quote:
    video_type = integer(offer.get("video_type"))
    words = text(offer.get("desc"))[:XINGTU_WORDS_CHARS] or None
    price = integer(offer.get("price"))
    price = price if price is not None and price > 0 else None
    start, end = epoch(offer.get("start_time")), epoch(offer.get("end_time"))
    windowed = end is not None and end < OPEN_ENDED
    why: Text | None = None
    if video_type in PLACEHOLDER_TYPES:
        why = messages.QUOTE_PLACEHOLDER
    elif offer.get("enable") is not True:
        why = messages.QUOTE_DISABLED
    elif integer(offer.get("online_status")) != 1:
        why = messages.QUOTE_OFFLINE
    elif windowed and end is not None and end < now.timestamp():
        why = messages.QUOTE_EXPIRED
    elif price is None:
        why = messages.QUOTE_NO_PRICE
    label = VIDEO_TYPES.get(video_type) if video_type is not None else None
    return Quote(
        video_type=video_type,
        label=label(language) if label else messages.VIDEO_UNKNOWN(language, code=video_type if video_type else "?"),
        xingtu_words=words,
        price=price,
        orderable=why is None,
        not_orderable_because=why(language) if why else None,
        valid_from=_day(start) if windowed and start else None,
        valid_until=_day(end) if windowed and end else None,
    )


def _day(seconds: float) -> str:
    return beijing_day(seconds).isoformat()


def basis_of(summary: ShowcaseSummary, now: datetime) -> CpmBasis | None:
    """The median a CPM divides by: commissioned works when the brand-deal rule holds (what a brand deal
    actually reached), else personal works; None when the chosen section has no median."""
    holds = summary.brand_evidence.ours is not None
    section = summary.commissioned if holds else summary.personal
    median = section.stats.plays_median
    if median is None or median <= 0:
        return None
    fetched = _stamp(summary.fetched_at)
    age = round(max((now - fetched).total_seconds(), 0) / 3600, 1) if fetched else None
    return CpmBasis(
        median_plays=median,
        section="commissioned" if holds else "personal",
        works=section.stats.used,
        fetched_at=summary.fetched_at,
        age_hours=age,
    )


def with_cpm(answer: QuotesAnswer, basis: CpmBasis | None) -> QuotesAnswer:
    """The answer with each orderable per-video price divided by the basis's median (none without a basis)."""
    if basis is None:
        return answer.model_copy(update={"cpm_basis": None})
    priced = [
        q.model_copy(update={"cpm": cost_per_mille(q.price, basis.median_plays)})
        if q.orderable and q.price is not None and q.video_type not in PRICED_PER_PLAYS
        else q
        for q in answer.quotes
    ]
    return answer.model_copy(update={"quotes": priced, "cpm_basis": basis})


def cost_per_mille(price: int, median_plays: int) -> float:
    """Yuan per 1,000 plays, to the fen."""
    return round(price / median_plays * CPM_PER_PLAYS, 2)


def shortest_quote(answer: QuotesAnswer) -> Quote | None:
    """The orderable 1-20 s quote, the one a comparison shows."""
    return next((q for q in answer.quotes if q.orderable and q.video_type == SHORTEST), None)


def _stamp(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
