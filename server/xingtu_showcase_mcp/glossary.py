"""Every rule, threshold and formula the answer uses, stated once, as data.

The statistics obey these numbers and the tests check figures against them; to
change what "engagement" means, or when a ratio is shown, change it here and
nowhere else. The words that state these rules to a person, in both languages,
are in `messages`.
"""

from __future__ import annotations

from typing import Final, Literal

VIDEO_URL: Final = "https://www.douyin.com/video/{id}"
"""A work's canonical Douyin page; the payload's own `url` is a long share link with tracking."""

# ---------------------------------------------------------------- listing
TITLE_CHARS: Final = 20
"""Characters kept of a title once its #tags and @mentions are taken out: enough to recognise a work and name
its theme or a sponsored event (8 showed the creator's field in 3 of 15 real titles, 24 in 6 to 7)."""
MENTIONS_SHOWN: Final = 3
"""@mentions a title keeps after its text, then "+n": forty mentions must not double an answer."""
TEXT_PERSONAL_NEWEST: Final = 5
"""Personal works the text lists: the newest, plus the most played when older and excluded ones."""
TEXT_COMMISSIONED: Final = 15
"""Commissioned works the text lists, newest first: all Xingtu sends (about 15), the brand-deal record."""
JSON_WORKS: Final = 30
"""Works per list the structured content carries, newest first: Xingtu sends about 15, so past this the
newest are kept and the answer says so (5,000 works stay no larger than a real answer)."""
SIGNAL_CHARS: Final = 16
"""Characters kept of one #tag or @mention: real brand tags are under 12; a longer one is a sentence."""
SIGNALS_PER_WORK: Final = 10
"""#tags and @mentions read per work: real titles carry up to 8; the rest of a flood is ignored."""
LIST_EXCLUDED: Final = 3
"""Excluded works always listed per section (beyond these they are counted, not listed)."""

# ---------------------------------------------------------------- statistics
SMALL_SAMPLE: Final = 6
"""Below this many works, figures get a plain caution: one viral post moves a median of five."""
OLD_AFTER_DAYS: Final = 365
SHORT_SECONDS: Final = 60
TOPICS: Final = 10
"""Hashtags of personal works the structured content lists at most, most used first."""
TEXT_TOPICS: Final = 4
"""Of those, the text shows the most used (the rest are in the structured content)."""
COMPARISON_TOPICS: Final = 2
"""A comparison row's topics: the creator's most used personal hashtags (ten rows must fit the text budget)."""
TOPICS_WITH_SINGLETONS: Final = 5
"""Hashtags used once fill the topics only up to this many: single tags are mostly one-off events or brands."""
BRAND_SIGNALS: Final = 60
"""Brand evidence rows kept in the structured content at most (15 works x 4 tags); the rest are counted."""
TEXT_BRAND_SIGNALS: Final = 6
"""Brand evidence rows the text shows (those also in personal works first, then the newest), then "+n more"."""
SIGNAL_VARIANTS_SHOWN: Final = 2
"""Grouped variants a text row names before "+n" (the JSON names them all)."""
GROUP_MIN_CHARS: Final = 2
"""A name joins a longer one containing it only from this length: one letter is inside too many words."""
RATE_PLACES: Final = 4
"""Decimal places of every rate in the JSON (0.0426): the text's percentages (4.26%) show the same digits."""
RATIO_MIN_WORKS: Final = 3
RATIO_MAX_AGE_DAYS: Final = 365
"""Our commissioned-vs-personal ratios need at least RATIO_MIN_WORKS plausible works on each side and a
commissioned work newer than RATIO_MAX_AGE_DAYS: one old brand deal carries years of accumulated plays."""

CPM_PER_PLAYS: Final = 1_000
"""Our CPM estimate, yuan per thousand plays: a quote over the median plays of the works a showcase answer
counted (commissioned works when the ratio rule above holds, else personal); Xingtu's own expected CPM
divides by its expected plays instead, which this server does not fetch."""

ENGAGEMENT_TERMS: Final = ("likes", "comments", "shares")
ENGAGEMENT: Final = f"({'+'.join(ENGAGEMENT_TERMS)})/plays"
"""The engagement formula in the field names the JSON uses (the output schema's words)."""

# ---------------------------------------------------------------- exclusion reasons
Exclusion = Literal[
    "future_dated",
    "unreadable_counts",
    "no_plays",
    "zero_plays",
    "negative_count",
    "missing_counts",
    "interactions_above_plays",
]
"""Why a work is kept out of the statistics (parsing decides; `messages.EXCLUSIONS` words each reason). A
future-dated work (after as_of) is kept out of every figure, dates and counts included, not only plays.
`unreadable_counts`: a count was sent but cannot be read ("1.2万"), which is not the same as not sent."""
COUNT_FIELDS: Final = ("play", "like", "comment", "share")
"""A work's counts as Xingtu names them."""

# ---------------------------------------------------------------- quality flags
QualityFlag = Literal["stale", "future_dated", "mostly_excluded"]
"""Machine codes in `quality.flags` and in each comparison row; `messages.FLAG_NOTES` words each."""
STALE_AFTER_DAYS: Final = 90
"""`stale` when the newest personal work is more than this many Beijing days before as_of."""
MOSTLY_EXCLUDED_BELOW: Final = 0.5
"""`mostly_excluded` when fewer than this share of all works enter the statistics."""
BEHIND_FLAGS: Final[frozenset[QualityFlag]] = frozenset({"stale", "mostly_excluded"})
"""A comparison ranks creators with these flags after the others: their medians describe the past or a few."""

# ---------------------------------------------------------------- Xingtu's own figures
XINGTU_FIGURES: Final[tuple[tuple[str, str, bool], ...]] = (
    # (our name, Xingtu's key, is a rate)
    ("median_plays", "play_medium", False),
    ("interaction_rate", "interaction", True),
    ("completion_rate", "video_view_rate", True),
)
"""Each has a twin `<key>_enrollment`: plain = daily (personal) works, twin = Xingtu task works."""

# ---------------------------------------------------------------- sections
NOT_SENT: Final[frozenset[str]] = frozenset({"missing", "unreadable"})
"""A list's statuses (showcase.parsing.SectionStatus) under which its works are unknown, not the same as none."""
SECTION_KEYS: Final = {"personal": "latest_item_info", "commissioned": "latest_star_item_info"}
