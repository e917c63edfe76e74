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
from xingtu_showcase_mcp.summary import LISTED_TOTAL, TITLE_LIMIT, ShowcaseSummary, compact_json, summarise

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
    assert s.plays_median == 5_899_224  # by hand from the fixture
    assert s.plays_max == 20_210_412
    assert s.plays_mean == pytest.approx(sum(plays) / 15, abs=0.05)
    interactions = sum(i["like"] + i["comment"] + i["share"] for i in raw)
    assert s.engagement == pytest.approx(interactions / sum(plays), abs=5e-5)
    assert s.hot == sum(1 for i in raw if i["is_hot"]) == 1
    assert (s.first_date, s.last_date) == ("2025-09-27", "2026-02-21")
    times = [i["create_time"] for i in raw]
    weeks = (max(times) - min(times)) / (7 * 24 * 3600)
    assert s.per_week == pytest.approx(15 / weeks, abs=0.005)


def test_works_are_newest_first_with_beijing_dates_and_counts(example: dict[str, Any]) -> None:
    raw = example["data"]["latest_item_info"]
    works = run(example["data"]).personal.works
    by_time = sorted(raw, key=lambda i: i["create_time"], reverse=True)
    assert [w.id for w in works] == [i["item_id"] for i in by_time]
    shanghai = ZoneInfo("Asia/Shanghai")
    for work, item in zip(works, by_time, strict=True):
        # Xingtu's own item_date is the Beijing date: an independent check of the conversion.
        assert work.date == item["item_date"]
        assert work.date == datetime.fromtimestamp(item["create_time"], shanghai).date().isoformat()
        assert (work.plays, work.likes, work.comments, work.shares) == (
            item["play"],
            item["like"],
            item["comment"],
            item["share"],
        )
        assert work.engagement == pytest.approx(engagement(item), abs=5e-5)
        assert work.duration_s == item["duration"]
        assert bool(work.hot) == item["is_hot"]


def test_titles_are_collapsed_and_cut_with_an_ellipsis(example: dict[str, Any]) -> None:
    works = {w.id: w for w in run(example["data"]).personal.works}
    # "祝大家马年大吉，…长乐未央。\ufeff#初五迎财神 #张大仙": long, with a zero-width no-break space.
    long_title = works["7608935920095612211"].title
    assert long_title is not None
    assert len(long_title) == TITLE_LIMIT and long_title.endswith("…")
    assert long_title.startswith("祝大家马年大吉，财富如春日繁花")
    # A short title stays whole.
    assert works["7569946527527885642"].title == "我是认真回复的啊，对不对我就不知道了，哈哈哈哈"
    for work in works.values():
        assert work.title is not None and "\n" not in work.title and "  " not in work.title
        assert "\ufeff" not in work.title


def test_commissioned_section_and_its_age_are_reported(example: dict[str, Any]) -> None:
    summary = run(example["data"])
    c = summary.commissioned
    star = example["data"]["latest_star_item_info"][0]
    assert c.stats.count == 1
    assert c.stats.plays_median == star["play"] == 9_903_316
    assert c.stats.per_week is None  # one work has no span: no number rather than a division by zero
    assert c.works[0].date == "2019-02-06"
    assert any("2019-02-06" in note and "7 years" in note for note in summary.notes)
    assert any("Only 1 commissioned work" in note for note in summary.notes)


def test_xingtu_benchmarks_are_passed_on_as_reported(example: dict[str, Any]) -> None:
    x = run(example["data"]).xingtu
    assert x is not None and x.personal is not None and x.commissioned is not None
    desc = example["data"]["data_description"]
    assert x.personal.interaction_rate is not None
    assert x.personal.interaction_rate.rate == desc["interaction"]["rate"] == 0.0433
    assert x.personal.interaction_rate.compare_author == 0.59
    assert x.commissioned.median_plays is not None and x.commissioned.median_plays.rate == 3_043_140
    assert x.commissioned.completion_rate is not None
    assert x.commissioned.completion_rate.compare_author == desc["video_view_rate_enrollment"]["compare_author"]


def test_structured_json_has_no_nulls_or_empty_fields_and_no_escapes(example: dict[str, Any]) -> None:
    doc = compact_json(run(example["data"]))

    def walk(value: Any) -> None:
        assert value is not None and value != "" and value != [] and value != {}
        if isinstance(value, dict):
            for v in value.values():
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v)

    walk(doc)
    ShowcaseSummary.model_validate(doc)
    assert "url" not in json.dumps(doc)  # share links and cover keys are dropped
    assert "tos-cn" not in json.dumps(doc, ensure_ascii=False)


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
    assert p.works[1].likes is None and p.works[1].engagement is None
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
    assert summary.personal.works[0].engagement is None
    assert summary.personal.stats.engagement is None
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
    [(15, 1, (15, 1)), (15, 0, (15, 0)), (5000, 5000, (13, 5)), (3, 30, (3, 15)), (40, 2, (16, 2)), (0, 40, (0, 18))],
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
    assert works[1].date == "2024-05-01"
    assert works[0].date == datetime.fromtimestamp(1714500000, ZoneInfo("Asia/Shanghai")).date().isoformat()
