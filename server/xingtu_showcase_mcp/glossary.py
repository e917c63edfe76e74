"""Every rule, threshold, formula and label the answer uses, stated once, as data.

The statistics obey these numbers, the renderers and the view print these
words, and the tests check figures against them; to change what "engagement"
means, or when a ratio is shown, change it here and nowhere else.
"""

from __future__ import annotations

from typing import Final, Literal

VIDEO_URL: Final = "https://www.douyin.com/video/{id}"
"""A work's canonical Douyin page; the payload's own `url` is a long share link with tracking."""

# ---------------------------------------------------------------- listing
TITLE_CHARS: Final = 20
"""Characters kept of a title once its #hashtags are moved to topics (@-mentions are always kept): enough to
name the theme or a sponsored event (8 showed the creator's field in 3 of 15 real titles, 24 in 6 to 7)."""
LIST_NEWEST: Final = 2
"""Works listed per section, newest first; the most played is added when older. The statistics cover every
work (the least played shows as plays_min); this sample keeps a 15 + 15 showcase within its token budget."""
LIST_EXCLUDED: Final = 3
"""Excluded works always listed per section (beyond these they are counted, not listed)."""
LISTING: Final = f"listed: newest {LIST_NEWEST}, most played, excluded ones (up to {LIST_EXCLUDED}) per section"

# ---------------------------------------------------------------- statistics
SMALL_SAMPLE: Final = 6
"""Below this many works, figures get a plain caution: one viral post moves a median of five."""
OLD_AFTER_DAYS: Final = 365
SHORT_SECONDS: Final = 60
TOPICS: Final = 10
"""Hashtags listed per section at most, most used first."""
TOPICS_WITH_SINGLETONS: Final = 5
"""Hashtags used once fill the topics only up to this many: single tags are mostly one-off events or
brands, and commissioned ones are listed again as brand signals."""
BRAND_SIGNALS: Final = 40
"""Brand signals listed at most; the rest are counted."""
RATIO_MIN_WORKS: Final = 3
RATIO_MAX_AGE_DAYS: Final = 365
"""Our commissioned-vs-personal ratios need at least RATIO_MIN_WORKS plausible works on each side and a
commissioned work newer than RATIO_MAX_AGE_DAYS: one old brand deal carries years of accumulated plays."""

ENGAGEMENT_TERMS: Final = ("likes", "comments", "shares")
ENGAGEMENT: Final = f"({'+'.join(ENGAGEMENT_TERMS)})/plays"
SKEW: Final = "max/median plays"
CADENCE: Final = "(works-1)/weeks spanned"
HOT: Final = "HOT = Xingtu's viral (爆量) flag"
PLAUSIBLE: Final = "statistics count only works with plays > 0 and likes+comments+shares <= plays"
DAYS: Final = "days = Beijing calendar days to as_of"
RATIO_RULE: Final = (
    f"our ratios need >= {RATIO_MIN_WORKS} plausible works a side and a commissioned one under "
    f"{RATIO_MAX_AGE_DAYS} days old"
)

# ---------------------------------------------------------------- exclusion reasons
Exclusion = Literal["no_plays", "zero_plays", "negative_count", "missing_counts", "interactions_above_plays"]
EXCLUSIONS: Final[dict[Exclusion, str]] = {
    "no_plays": "plays not sent",
    "zero_plays": "0 plays",
    "negative_count": "a negative count",
    "missing_counts": "likes, comments or shares not sent",
    "interactions_above_plays": "likes+comments+shares above plays",
}

# ---------------------------------------------------------------- Xingtu's own figures
XINGTU_FIGURES: Final[tuple[tuple[str, str, str, bool], ...]] = (
    # (our name, Xingtu's key, label, is a rate)
    ("median_plays", "play_medium", "median plays", False),
    ("interaction_rate", "interaction", "interaction", True),
    ("completion_rate", "video_view_rate", "completion", True),
)
"""Each has a twin `<key>_enrollment`: plain = daily (personal) works, twin = Xingtu task works."""
XINGTU_SCOPE: Final = "Xingtu's own figures, over works and a period Xingtu chose, not these lists"
STANDING: Final = "standing = Xingtu's compare_author, undocumented 0-1, likely share of similar creators beaten"

# ---------------------------------------------------------------- sections
SECTION_KEYS: Final = {"personal": "latest_item_info", "commissioned": "latest_star_item_info"}


def commissioned_holds(only_assign: bool) -> str:
    """What the commissioned list holds, in the words of Xingtu's help centre."""
    return "assigned Xingtu orders only" if only_assign else "all Xingtu orders (assigned and submission tasks)"
