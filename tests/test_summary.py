"""The summariser on the real example and on broken shapes, without any server.

Expected numbers come from the fixture by a second, simpler computation in the
test (or are written out by hand where noted), never from the code under test.
"""

from __future__ import annotations

import copy
import json
from datetime import UTC, datetime
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.summary import LISTED_TOTAL, TITLE_LIMIT, ShowcaseSummary, WorkRow, compact_json, summarise

AUTHOR = "6787286580932689933"
NOW = datetime(2026, 3, 10, tzinfo=UTC)


def run(data: Any, **kwargs: Any) -> ShowcaseSummary:
    return summarise(data, ShowcaseQuery(AUTHOR), now=NOW, **kwargs)


def engagement(item: dict[str, Any]) -> float:
    return (item["like"] + item["comment"] + item["share"]) / item["play"]


def test_personal_statistics_match_a_second_computation(example: dict[str, Any]) -> None:
    raw = example["data"]["latest_item_info"]
    s = run(example["data"]).personal.stats

    plays = sorted(i["play"] for i in raw)
    assert s.count == len(raw) == 15
    assert s.plays_median == plays[7]  # 15 values: the 8th
    assert (s.plays_min, s.plays_median, s.plays_max) == (2_495_722, 5_899_224, 20_210_412)  # by hand
    assert s.skew == pytest.approx(20_210_412 / 5_899_224, abs=0.005)  # 3.43, three significant digits
    assert s.plays_mean == round(sum(plays) / 15)
    interactions = sum(i["like"] + i["comment"] + i["share"] for i in raw)
    assert s.engagement == pytest.approx(interactions / sum(plays), abs=5e-5)
    rates = sorted(engagement(i) for i in raw)
    assert s.engagement_median == pytest.approx(rates[7], abs=5e-5)
    assert s.hot == sum(1 for i in raw if i["is_hot"]) == 1
    assert s.hit_rate == pytest.approx(1 / 15, abs=5e-5)
    assert (s.first_date, s.last_date) == ("2025-09-27", "2026-02-21")
    times = [i["create_time"] for i in raw]
    weeks = (max(times) - min(times)) / (7 * 24 * 3600)
    assert s.per_week == pytest.approx(15 / weeks, rel=2e-3)
    # NOW is 2026-03-10 00:00 UTC; the newest work is 2026-02-21 11:00 Beijing = 03:00 UTC: 16 whole days.
    assert s.days_since_newest == 16
    lengths = sorted(i["duration"] for i in raw)
    assert s.len_median_s == lengths[7] == 36
    assert s.under_60s == sum(1 for n in lengths if n < 60) == 12


def test_topics_are_the_most_frequent_hashtags(example: dict[str, Any]) -> None:
    raw = example["data"]["latest_item_info"]
    counts: dict[str, int] = {}
    for item in raw:
        # A second extraction: split on whitespace and '#', keep what followed a '#'.
        tags = {"#" + part.split()[0] for part in item["title"].replace("\ufeff", " ").split("#")[1:] if part.split()}
        for tag in tags:
            counts[tag] = counts.get(tag, 0) + 1
    repeated = {t: n for t, n in counts.items() if n >= 2}
    topics = run(example["data"]).personal.stats.topics
    assert topics is not None
    assert len(repeated) <= 5  # so every repeated tag is reported
    assert topics == repeated
    assert topics["#张大仙"] == 11  # by hand: 11 of the 15 titles carry it
    assert next(iter(topics)) == "#张大仙"


def test_works_are_newest_first_with_beijing_dates_and_counts(example: dict[str, Any]) -> None:
    raw = example["data"]["latest_item_info"]
    works = run(example["data"]).personal.works
    by_time = sorted(raw, key=lambda i: i["create_time"], reverse=True)
    assert [w.id for w in works] == [i["item_id"] for i in by_time]
    shanghai = ZoneInfo("Asia/Shanghai")
    for work, item in zip(works, by_time, strict=True):
        # Xingtu's own item_date is the Beijing date: an independent check of the conversion.
        assert work.date == item["item_date"].replace("-", "")
        assert work.date == datetime.fromtimestamp(item["create_time"], shanghai).strftime("%Y%m%d")
        assert (work.plays, work.likes, work.comments, work.shares) == (
            item["play"],
            item["like"],
            item["comment"],
            item["share"],
        )
        assert work.len_s == item["duration"]
        assert work.hot == (1 if item["is_hot"] else 0)


def test_titles_lose_hashtags_and_are_cut_with_an_ellipsis(example: dict[str, Any]) -> None:
    works = {w.id: w for w in run(example["data"]).personal.works}
    # "祝大家马年大吉，…长乐未央。\ufeff#初五迎财神 #张大仙": long, with a zero-width no-break space.
    long_title = works["7608935920095612211"].title
    assert long_title is not None
    assert len(long_title) == TITLE_LIMIT and long_title.endswith("…")
    assert long_title.startswith("祝大家马年大吉")
    # A short title stays whole once its hashtags are gone: "我和敦煌有个V #张大仙 #敦煌 #鸣沙山 #…".
    assert works["7555915711458168074"].title == "我和敦煌有个V"
    for work in works.values():
        assert work.title is not None and "#" not in work.title and "\n" not in work.title
        assert "\ufeff" not in work.title


def test_commissioned_section_its_age_and_the_comparison(example: dict[str, Any]) -> None:
    summary = run(example["data"])
    c = summary.commissioned
    star = example["data"]["latest_star_item_info"][0]
    assert c.stats.count == 1
    assert c.stats.plays_median == star["play"] == 9_903_316
    assert c.stats.per_week is None  # one work has no span: no number rather than a division by zero
    assert c.stats.plays_min is None and c.stats.skew is None  # nor a spread
    assert c.works[0].date == "20190206"
    assert c.stats.topics == {"#香肠派对戏精大赛": 1}
    versus = summary.commissioned_vs_personal
    assert versus is not None
    assert versus.plays_median_ratio == pytest.approx(9_903_316 / 5_899_224, rel=2e-3)  # 1.68
    personal = example["data"]["latest_item_info"]
    personal_eng = sum(i["like"] + i["comment"] + i["share"] for i in personal) / sum(i["play"] for i in personal)
    assert versus.engagement_ratio == pytest.approx(engagement(star) / personal_eng, rel=5e-3)
    assert versus.commissioned_count == 1
    # 2019-02-06 14:42 Beijing to 2026-03-10 00:00 UTC, counted by hand with the calendar: 2588 days.
    assert versus.newest_days_ago == c.stats.days_since_newest == 2588
    assert any("7 years old" in note for note in summary.notes)
    assert any("Only 1 commissioned work" in note for note in summary.notes)


def test_xingtu_benchmarks_are_passed_on_as_reported(example: dict[str, Any]) -> None:
    x = run(example["data"]).xingtu
    desc = example["data"]["data_description"]
    assert x is not None and x.interaction_rate is not None and x.median_plays is not None
    assert x.interaction_rate.rate == (desc["interaction"]["rate"], desc["interaction_enrollment"]["rate"])
    assert x.interaction_rate.rate == (0.0433, 0.0481)
    assert x.interaction_rate.compare_author == (0.59, 0.5)
    assert x.median_plays.rate == (9_543_654, 3_043_140)
    assert x.completion_rate is not None
    assert x.completion_rate.compare_author == (
        desc["video_view_rate"]["compare_author"],
        desc["video_view_rate_enrollment"]["compare_author"],
    )


def test_structured_json_has_no_null_fields_and_no_escapes(example: dict[str, Any]) -> None:
    doc = compact_json(run(example["data"]))

    def walk(value: Any, in_row: bool = False) -> None:
        assert value != "" and value != [] and value != {}
        assert value is not None or in_row  # a null only holds a place in a table row
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v, in_row=True)

    walk(doc)
    ShowcaseSummary.model_validate(doc)
    assert doc["work_columns"] == list(WorkRow._fields)
    text = json.dumps(doc, ensure_ascii=False)
    assert "iesdouyin" not in text and "tos-cn" not in text  # share links and cover keys are dropped


# ---------------------------------------------------------------- the real world's shapes


def test_string_numbers_nulls_and_garbage_entries(example: dict[str, Any]) -> None:
    data = copy.deepcopy(example["data"])
    items = data["latest_item_info"]
    items[0]["play"] = str(items[0]["play"])  # number sent as a string
    items[1]["like"] = None  # a missing count
    items.append("garbage")
    items.append({"title": "no id"})
    items.append(None)
    summary = run(data)
    p = summary.personal
    assert p.stats.count == 15
    assert p.works[0].plays == example["data"]["latest_item_info"][0]["play"]
    assert p.works[1].likes is None
    # The work without likes is left out of the weighted engagement, not counted as zero likes.
    raw = example["data"]["latest_item_info"]
    kept = [i for i in raw if i["item_id"] != raw[1]["item_id"]]
    expected = sum(i["like"] + i["comment"] + i["share"] for i in kept) / sum(i["play"] for i in kept)
    assert p.stats.engagement == pytest.approx(expected, abs=5e-5)
    assert any("Skipped 3 latest_item_info entries" in n for n in summary.notes)
    assert any("1 personal work lack" in n for n in summary.notes)


def test_zero_plays_give_no_rate_instead_of_an_error() -> None:
    item = {"item_id": "1", "play": 0, "like": 0, "comment": 0, "share": 0, "create_time": 1700000000}
    summary = run({"latest_item_info": [item], "latest_star_item_info": []})
    assert summary.personal.stats.engagement is None
    assert summary.personal.stats.engagement_median is None
    assert summary.personal.stats.plays_median == 0


@pytest.mark.parametrize("value", [None, [], {}, "x", 5, [1, 2], {"latest_item_info": "nope"}])
def test_any_shape_of_data_is_survived(value: Any) -> None:
    data = value if isinstance(value, dict) else {"latest_item_info": value, "latest_star_item_info": value}
    summary = run(data)
    assert summary.personal.stats.count == 0
    assert summary.notes  # something is said about what was missing


def test_missing_lists_and_description_are_said() -> None:
    summary = run({})
    notes = " ".join(summary.notes)
    assert "no latest_item_info list" in notes
    assert "no latest_star_item_info list" in notes
    assert "data_description" in notes
    assert summary.xingtu is None


def test_works_in_both_lists_are_counted_once(example: dict[str, Any]) -> None:
    data = copy.deepcopy(example["data"])
    data["latest_star_item_info"].append(data["latest_item_info"][0])
    data["latest_item_info"].append(copy.deepcopy(data["latest_item_info"][2]))
    summary = run(data)
    assert summary.personal.stats.count == 15
    assert summary.commissioned.stats.count == 1
    assert any("repeated" in n for n in summary.notes)


def test_long_lists_keep_statistics_over_all_and_list_the_newest(example: dict[str, Any]) -> None:
    template = example["data"]["latest_item_info"][0]
    count = LISTED_TOTAL + 20
    items = []
    for n in range(count):
        item = dict(template, item_id=str(10**18 + n), create_time=1_700_000_000 + n * 86_400, play=1000 + n)
        items.append(item)
    summary = run({"latest_item_info": items, "latest_star_item_info": example["data"]["latest_star_item_info"]})
    p = summary.personal
    assert p.stats.count == count
    assert p.stats.plays_max == 1000 + count - 1
    assert p.stats.plays_median == (1000 + 1000 + count - 1) / 2  # plays 1000..1039: an even count
    # The one commissioned work keeps its place; personal works fill the rest, newest first.
    assert len(summary.commissioned.works) == 1
    assert len(p.works) == LISTED_TOTAL - 1 and p.not_listed == count - (LISTED_TOTAL - 1)
    assert [w.plays for w in p.works] == [1000 + count - 1 - k for k in range(LISTED_TOTAL - 1)]
    assert any(f"all {count} personal works; only the newest {LISTED_TOTAL - 1}" in n for n in summary.notes)


@pytest.mark.parametrize(
    ("personal", "commissioned", "listed"),
    [(15, 1, (15, 1)), (15, 0, (15, 0)), (5000, 5000, (11, 5)), (3, 30, (3, 13)), (40, 2, (14, 2)), (0, 40, (0, 16))],
)
def test_listing_shares_its_room_between_sections(personal: int, commissioned: int, listed: tuple[int, int]) -> None:
    def items(n: int, base: int) -> list[dict[str, Any]]:
        return [{"item_id": str(base + k), "create_time": 1_700_000_000 + k, "play": 1} for k in range(n)]

    summary = run({"latest_item_info": items(personal, 10**6), "latest_star_item_info": items(commissioned, 10**7)})
    assert (len(summary.personal.works), len(summary.commissioned.works)) == listed
    assert sum(listed) <= LISTED_TOTAL


def test_dates_fall_back_to_item_date_and_undated_works_go_last() -> None:
    items = [
        {"item_id": "1", "item_date": "2024-05-01", "play": 10, "like": 1, "comment": 0, "share": 0},
        {"item_id": "2", "create_time": "1714500000", "play": 20, "like": 1, "comment": 0, "share": 0},
    ]
    works = run({"latest_item_info": items}).personal.works
    assert [w.id for w in works] == ["2", "1"]
    assert works[1].date == "20240501"
    assert works[0].date == datetime.fromtimestamp(1714500000, ZoneInfo("Asia/Shanghai")).strftime("%Y%m%d")


def test_no_hashtags_no_dates_one_work() -> None:
    item = {"item_id": "5", "title": "just words", "play": 100, "like": 5, "comment": 3, "share": 2}
    s = run({"latest_item_info": [item]}).personal.stats
    assert s.topics is None and s.first_date is None and s.days_since_newest is None and s.per_week is None
    assert s.plays_median == 100 and s.engagement == 0.1  # (5+3+2)/100, by hand
    assert s.plays_min is None and s.skew is None and s.engagement_median is None  # one work has no spread
    assert s.len_median_s is None and s.under_60s is None  # no duration sent: left out, not zero


def test_topics_fall_back_to_single_uses_when_none_repeat() -> None:
    items = [{"item_id": str(n), "title": f"t #a{n} #b{n}", "create_time": 1_700_000_000 + n} for n in range(4)]
    topics = run({"latest_item_info": items}).personal.stats.topics
    assert topics is not None and len(topics) == 3 and set(topics.values()) == {1}


def test_empty_sections_have_no_comparison() -> None:
    summary = run({"latest_item_info": [], "latest_star_item_info": []})
    assert summary.commissioned_vs_personal is None
    assert summary.personal.stats.count == 0 and summary.personal.stats.hit_rate is None
