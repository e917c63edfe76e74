"""The summariser on both real captures and on broken shapes, without any server.

Expected numbers come from the fixtures by a second, simpler computation in the
test (or are written out by hand where noted), never from the code under test.
"""

from __future__ import annotations

import copy
import json
import re
import statistics
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.glossary import (
    JSON_WORKS,
    RATIO_MAX_AGE_DAYS,
    RATIO_MIN_WORKS,
    TEXT_PERSONAL_NEWEST,
    TITLE_CHARS,
)
from xingtu_showcase_mcp.models import WORK_COLUMNS, ShowcaseSummary, compact_json
from xingtu_showcase_mcp.render import render_text
from xingtu_showcase_mcp.showcase.summary import summarise

AUTHOR = "6787286580932689933"
FETCHED = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)  # 09:00 in Beijing, 2026-03-10
SHANGHAI = ZoneInfo("Asia/Shanghai")
FIXTURES = Path(__file__).parent / "fixtures"


def run(data: Any, *, only_assign: bool = False, **kwargs: Any) -> ShowcaseSummary:
    kwargs.setdefault("fetched_at", FETCHED)
    return summarise(data, ShowcaseQuery(AUTHOR, only_assign=only_assign), **kwargs)


def capture_2024() -> dict[str, Any]:
    return json.loads((FIXTURES / "showcase-items.capture-2024.json").read_text("utf-8"))


def beijing_day(epoch: int) -> date:
    return datetime.fromtimestamp(epoch, SHANGHAI).date()


def interactions(item: dict[str, Any]) -> int:
    return item["like"] + item["comment"] + item["share"]


def rows_of(section: Any) -> list[dict[str, Any]]:
    return [dict(zip(WORK_COLUMNS, row, strict=True)) for row in section.works]


SIGNAL = re.compile(r"[#@][^\s#@，。！？、：；“”‘’（）《》,.!?:;\"'()\[\]…—~|-]+")
"""A second reading of #tags and @mentions: up to whitespace, a marker or common punctuation."""


def tags_of(title: str) -> list[str]:
    """A second hashtag extraction: what follows each '#', up to whitespace, '#' or '@'."""
    return [re.split(r"[\s#@]", part)[0] for part in title.replace("\ufeff", "").split("#")[1:] if part.strip()]


# ---------------------------------------------------------------- statistics on the real example


def test_personal_statistics_match_a_second_computation(example: dict[str, Any]) -> None:
    raw = example["data"]["latest_item_info"]
    s = run(example["data"]).personal.stats

    plays = sorted(i["play"] for i in raw)
    assert s.count == len(raw) == 15
    assert s.counted is None  # every work is plausible: no separate count
    assert (s.plays_min, s.plays_median, s.plays_max) == (2_495_722, 5_899_224, 20_210_412)  # by hand
    assert s.plays_median == plays[7]
    assert s.skew == pytest.approx(20_210_412 / 5_899_224, abs=0.005)
    assert s.engagement == pytest.approx(sum(map(interactions, raw)) / sum(plays), abs=5e-5)
    rates = sorted(interactions(i) / i["play"] for i in raw)
    assert s.engagement_median == pytest.approx(rates[7], abs=5e-5)
    assert s.hot == 1 and s.hot_share == pytest.approx(1 / 15, abs=5e-5)
    assert (s.first_date, s.last_date) == ("2025-09-27", "2026-02-21")
    times = sorted(i["create_time"] for i in raw)
    assert s.per_week == pytest.approx(14 / ((times[-1] - times[0]) / 604_800), rel=2e-3)  # (n-1)/span
    # Newest work: 2026-02-21 (Beijing); collection day 2026-03-10: 17 calendar days.
    assert s.days_since_newest == (date(2026, 3, 10) - date(2026, 2, 21)).days == 17
    lengths = sorted(i["duration"] for i in raw)
    assert s.len_median_s == lengths[7] == 36


def test_cadence_of_two_works_a_week_apart_is_one_a_week() -> None:
    week = 7 * 86_400
    items = [
        {"item_id": "1", "create_time": 1_700_000_000, "play": 10, "like": 1, "comment": 0, "share": 0},
        {"item_id": "2", "create_time": 1_700_000_000 + week, "play": 10, "like": 1, "comment": 0, "share": 0},
    ]
    assert run({"latest_item_info": items}).personal.stats.per_week == 1.0  # by hand: one interval, one week


def test_days_are_beijing_calendar_days_to_the_collection_day() -> None:
    # Published 2026-03-09 23:30 Beijing; collected 2026-03-10 00:30 Beijing: one calendar day, one hour elapsed.
    published = int(datetime(2026, 3, 9, 23, 30, tzinfo=SHANGHAI).timestamp())
    collected = datetime(2026, 3, 10, 0, 30, tzinfo=SHANGHAI)
    data = {"latest_item_info": [{"item_id": "1", "create_time": published, "play": 5, "like": 1}]}
    assert run(data, fetched_at=collected).personal.stats.days_since_newest == 1
    # recordTime, when sent, wins over the fetch time.
    later = run(data, record_time="2026-03-20T10:00:00+08:00", fetched_at=collected)
    assert later.as_of == "2026-03-20" and later.personal.stats.days_since_newest == 11


def test_the_example_commissioned_work_is_aged_in_calendar_days(example: dict[str, Any]) -> None:
    [item] = example["data"]["latest_star_item_info"]
    s = run(example["data"]).commissioned.stats
    assert s.days_since_newest == (date(2026, 3, 10) - beijing_day(item["create_time"])).days
    assert s.first_date == s.last_date == beijing_day(item["create_time"]).isoformat() == "2019-02-06"


# ---------------------------------------------------------------- plausibility


def test_a_work_with_zero_plays_is_excluded_from_both_sides_of_engagement(example: dict[str, Any]) -> None:
    """The issue's case: play 0 with 185,610 likes must not inflate engagement or floor plays_min."""
    data = copy.deepcopy(example["data"])
    broken = next(i for i in data["latest_item_info"] if i["like"] == 185_610)
    broken["play"] = 0
    others = [i for i in data["latest_item_info"] if i is not broken]
    summary = run(data)
    s = summary.personal.stats

    assert s.count == 15 and s.counted == 14
    assert s.plays_min == min(i["play"] for i in others) > 0
    assert s.plays_median == statistics.median(i["play"] for i in others)
    assert s.engagement == pytest.approx(sum(map(interactions, others)) / sum(i["play"] for i in others), abs=5e-5)
    row = next(r for r in rows_of(summary.personal) if r["id"] == broken["item_id"])  # still listed
    assert row["flag"] == "excluded: 0 plays" and row["plays"] == 0
    assert summary.quality.excluded == {"zero_plays": 1}
    assert summary.quality.excluded_ids == [broken["item_id"]]
    text = render_text(summary)
    assert "excluded: 0 plays" in text and "(14 in statistics)" in text


@pytest.mark.parametrize(
    ("counts", "reason"),
    [
        ({"play": 100, "like": 90, "comment": 20, "share": 0}, "interactions_above_plays"),
        ({"play": 100, "like": -5, "comment": 1, "share": 1}, "negative_count"),
        ({"play": -100, "like": 5, "comment": 1, "share": 1}, "negative_count"),
        ({"like": 5, "comment": 1, "share": 1}, "no_plays"),
        ({"play": 100, "like": 5, "share": 1}, "missing_counts"),
        ({"play": 0, "like": 0, "comment": 0, "share": 0}, "zero_plays"),
        ({"play": "100", "like": "5", "comment": "1", "share": "1"}, None),  # numbers sent as strings are fine
    ],
)
def test_implausible_works_are_excluded_with_their_reason(counts: dict[str, Any], reason: str | None) -> None:
    good = [
        {"item_id": str(n), "create_time": 1_700_000_000 + n * 86_400, "play": 1000 * n, "like": 10 * n}
        | {"comment": n, "share": n}
        for n in range(1, 4)
    ]
    odd = {"item_id": "99", "create_time": 1_690_000_000} | counts
    summary = run({"latest_item_info": [*good, odd]})
    s = summary.personal.stats
    if reason is None:
        assert s.counted is None and summary.quality.excluded is None
        return
    assert s.count == 4 and s.counted == 3
    assert summary.quality.excluded == {reason: 1}
    # Numerator and denominator cover the same three works.
    assert s.engagement == pytest.approx(sum(12 * n for n in range(1, 4)) / sum(1000 * n for n in range(1, 4)))
    assert s.plays_min == 1000
    assert any(r["id"] == "99" and (r["flag"] or "").startswith("excluded") for r in rows_of(summary.personal))


def test_thousands_of_implausible_works_give_no_engagement_and_say_why(example: dict[str, Any]) -> None:
    """The old 5,000-work answer said "eng 2587.08%": interactions of a template far above tiny play counts."""
    data = copy.deepcopy(example["data"])
    template = data["latest_item_info"][0]
    data["latest_item_info"] = [
        template | {"item_id": str(10**18 + n), "create_time": 1_600_000_000 + n * 86_400, "play": 1000 + n}
        for n in range(300)
    ]
    summary = run(data)
    assert summary.personal.stats.engagement is None
    assert summary.quality.excluded == {"interactions_above_plays": 300}
    assert len(summary.personal.works) == JSON_WORKS and summary.personal.listed == "30 of 300"  # newest kept
    assert "300 personal work(s) kept out of statistics" in " ".join(summary.notes)
    assert "%" not in render_text(summary).split("Personal:")[1].split("\n")[1]


# ---------------------------------------------------------------- brand-deal evidence


def test_one_old_commissioned_work_gives_no_ratio_of_ours_but_xingtus_own(example: dict[str, Any]) -> None:
    summary = run(example["data"])
    evidence = summary.brand_evidence
    assert evidence.ours is None
    assert evidence.no_ratio_because is not None
    assert "only 1 plausible commissioned" in evidence.no_ratio_because
    assert "days old" in evidence.no_ratio_because
    described = example["data"]["data_description"]
    expected = {
        "median_plays": described["play_medium_enrollment"]["rate"] / described["play_medium"]["rate"],
        "interaction_rate": described["interaction_enrollment"]["rate"] / described["interaction"]["rate"],
        "completion_rate": described["video_view_rate_enrollment"]["rate"] / described["video_view_rate"]["rate"],
    }
    assert evidence.xingtu_task_vs_daily is not None
    assert evidence.xingtu_task_vs_daily.keys() == expected.keys()
    for key, value in expected.items():
        assert evidence.xingtu_task_vs_daily[key] == pytest.approx(value, rel=5e-3)
    assert evidence.xingtu_task_vs_daily["median_plays"] == pytest.approx(0.32, abs=0.005)  # the figure
    text = render_text(summary)
    assert "no ratio of ours" in text and "1.68x" not in text
    assert "(0.319x)" in text  # Xingtu's own ratio, on the line labelled as Xingtu's


def test_a_recent_sample_of_three_gives_a_ratio_of_ours() -> None:
    day = 86_400
    base = int(datetime(2026, 3, 1, tzinfo=UTC).timestamp())
    personal = [
        {"item_id": str(n), "create_time": base - n * day, "play": p, "like": p // 10, "comment": 0, "share": 0}
        for n, p in enumerate([1000, 3000, 5000, 7000], start=1)
    ]
    commissioned = [
        {"item_id": str(100 + n), "create_time": base - 30 * n * day, "play": p, "like": p // 20}
        | {"comment": 0, "share": 0}
        for n, p in enumerate([2000, 4000, 6000], start=1)
    ]
    summary = run({"latest_item_info": personal, "latest_star_item_info": commissioned})
    ours = summary.brand_evidence.ours
    assert ours is not None and summary.brand_evidence.no_ratio_because is None
    assert ours.plays_median_x == pytest.approx(4000 / 4000)  # medians by hand: 4000 over (3000+5000)/2
    assert ours.engagement_x == pytest.approx((600 / 12000) / (1600 / 16000), rel=5e-3)  # 0.05 / 0.1
    assert (ours.commissioned_works, ours.personal_works) == (3, 4)


@pytest.mark.parametrize(("works", "age_days", "has_ratio"), [(2, 10, False), (3, RATIO_MAX_AGE_DAYS + 1, False)])
def test_the_ratio_rule_is_the_glossarys(works: int, age_days: int, has_ratio: bool) -> None:
    assert works < RATIO_MIN_WORKS or age_days > RATIO_MAX_AGE_DAYS
    base = int(FETCHED.timestamp())
    personal = [
        {"item_id": str(n), "create_time": base - n * 86_400, "play": 100 * n, "like": n, "comment": 0, "share": 0}
        for n in range(1, 6)
    ]
    commissioned = [
        {"item_id": str(100 + n), "create_time": base - (age_days + n) * 86_400, "play": 50, "like": 1}
        | {"comment": 0, "share": 0}
        for n in range(works)
    ]
    evidence = run({"latest_item_info": personal, "latest_star_item_info": commissioned}).brand_evidence
    assert (evidence.ours is not None) == has_ratio
    assert evidence.no_ratio_because


@pytest.mark.parametrize(("age_days", "has_ratio"), [(365, True), (366, False)])
def test_a_commissioned_work_exactly_365_days_old_still_gives_a_ratio(age_days: int, has_ratio: bool) -> None:
    """The boundary of "newer than a year", by hand: 365 Beijing days before the collection day is within it."""
    base = int(FETCHED.timestamp())
    personal = [
        {"item_id": str(n), "create_time": base - n * 86_400, "play": 100 * n, "like": n, "comment": 0, "share": 0}
        for n in range(1, 6)
    ]
    commissioned = [
        {"item_id": str(100 + n), "create_time": base - (age_days + 10 * n) * 86_400, "play": 50, "like": 1}
        | {"comment": 0, "share": 0}
        for n in range(3)
    ]
    summary = run({"latest_item_info": personal, "latest_star_item_info": commissioned})
    assert summary.commissioned.stats.days_since_newest == age_days
    assert (summary.brand_evidence.ours is not None) == has_ratio


# ---------------------------------------------------------------- brand signals and topics on the 2024 capture


def test_brand_evidence_is_every_tag_of_the_commissioned_works() -> None:
    data = capture_2024()["data"]
    mentions = re.compile(r"@([^\s#@，。！？、：；,.!?:;]+)")
    carried: dict[str, set[str]] = {}  # signal → ids of the commissioned works carrying it
    days = {item["item_id"]: date.fromisoformat(item["item_date"]) for item in data["latest_star_item_info"]}
    for item in data["latest_star_item_info"]:
        for signal in {"#" + t for t in tags_of(item["title"])} | {"@" + m for m in mentions.findall(item["title"])}:
            carried.setdefault(signal, set()).add(item["item_id"])
    # A second grouping: each name under the shortest other name (2+ characters) it contains.
    heads = {
        name: min((o for o in carried if o != name and len(o) > 2 and o[1:] in name[1:]), key=len, default=name)
        for name in carried
    }
    expected = {
        head: (len(ids := set().union(*(carried[n] for n in carried if heads[n] == head))), max(days[i] for i in ids))
        for head in set(heads.values())
    }
    summary = run(data)
    found = {r.signal: (r.works, date.fromisoformat(r.newest or "")) for r in summary.brand_signals}
    assert found == expected
    for brand in ("#康比特酸奶乳清", "#博朗剃须刀", "#吉列剃须刀", "#长城炮", "@嘴哥"):  # the issue's, by hand
        assert brand in found
    assert found["#康比特酸奶乳清"] == (2, date(2024, 9, 6))
    text = render_text(summary)
    assert "not confirmed sponsors" in text
    assert "「#日常」×6" in text  # seen in personal works too: among the first shown


def test_topics_list_up_to_ten_with_counts_from_a_second_extraction() -> None:
    data = capture_2024()["data"]
    counts: dict[str, int] = {}
    for item in data["latest_item_info"]:
        for tag in set(tags_of(item["title"])):
            counts["#" + tag] = counts.get("#" + tag, 0) + 1
    topics = run(data).personal.stats.topics
    assert topics is not None and 1 <= len(topics) <= 10
    assert all(counts[tag] == n for tag, n in topics.items())
    repeated = {t: n for t, n in counts.items() if n >= 2}
    assert {t: n for t, n in topics.items() if n >= 2} == repeated  # every repeated tag, by count
    assert topics["#日常vlog"] == 8 and next(iter(topics)) == "#日常vlog"  # by hand


def test_commissioned_works_have_no_topics_their_tags_are_the_brand_evidence() -> None:
    summary = run(capture_2024()["data"])
    assert summary.commissioned.stats.topics is None
    row = next(r for r in summary.brand_signals if r.signal == "#日常")
    assert row.variants == ["#日常vlog"] and row.works == 6  # by hand: 5 titles with #日常vlog, one with #日常


# ---------------------------------------------------------------- legible works and labels


@pytest.mark.parametrize("fixture", ["example", "capture-2024"])
def test_every_listed_title_keeps_its_first_twenty_characters(fixture: str, example: dict[str, Any]) -> None:
    data = example["data"] if fixture == "example" else capture_2024()["data"]
    by_id = {i["item_id"]: i for key in ("latest_item_info", "latest_star_item_info") for i in data[key]}
    summary = run(data)
    for section in (summary.personal, summary.commissioned):
        for row in rows_of(section):
            title = by_id[row["id"]]["title"].replace("\ufeff", "")
            # Tags out, mentions in place (no real title has more than three): the first 20 characters.
            plain = " ".join(SIGNAL.sub(lambda m: m.group() if m.group().startswith("@") else " ", title).split())
            assert row["title"].startswith(plain[:TITLE_CHARS].rstrip())
            mentions = [m for m in SIGNAL.findall(title) if m.startswith("@")]
            hidden = [m for m in mentions if m not in plain[:TITLE_CHARS]]
            assert row["title"].endswith(f"+{len(hidden)}") if hidden else True


def test_a_mention_past_the_cut_is_counted() -> None:
    title = "这是一个很长很长很长很长很长很长的标题，后面还有很多字 @某品牌官方 #话题"
    data = {"latest_item_info": [{"item_id": "1", "title": title, "play": 10, "like": 1, "comment": 0, "share": 0}]}
    [row] = rows_of(run(data).personal)
    assert (
        row["title"] == "这是一个很长很长很长很长很长很长的标题， +1"
    )  # by hand: 20 characters, one mention past them


def test_the_json_carries_every_work_and_the_text_the_newest_and_the_most_played(example: dict[str, Any]) -> None:
    raw = example["data"]["latest_item_info"]
    by_age = sorted(raw, key=lambda i: -i["create_time"])
    summary = run(example["data"])
    assert [r["id"] for r in rows_of(summary.personal)] == [i["item_id"] for i in by_age]  # all 15, newest first
    assert summary.personal.listed is None
    shown = {str(i["play"]) for i in by_age[:TEXT_PERSONAL_NEWEST]} | {str(max(i["play"] for i in raw))}
    text = render_text(summary)
    personal = text.split("Personal:")[1].split("Commissioned:")[0]
    plays_in_rows = {line.split("|")[1] for line in personal.splitlines() if re.match(r"\d\d-\d\d\|", line)}
    assert plays_in_rows == shown
    assert f"{len(shown)} of 15 listed" in personal


@pytest.mark.parametrize(
    ("only_assign", "words"), [(False, "all Xingtu orders"), (True, "assigned Xingtu orders only")]
)
def test_the_header_says_what_the_commissioned_list_holds(
    example: dict[str, Any], only_assign: bool, words: str
) -> None:
    summary = run(example["data"], only_assign=only_assign)
    assert summary.commissioned_holds.startswith(words)
    assert f"commissioned = {words}" in render_text(summary)
    assert "all commissioned" not in render_text(summary)


def test_one_date_format_hot_defined_and_xingtu_counts_as_integers() -> None:
    summary = run(capture_2024()["data"])
    text = render_text(summary)
    assert not re.search(r"(?<!\d)20\d{6}(?!\d)", text)  # no YYYYMMDD anywhere
    assert re.search(r"^2024-09-22\|", text, re.M) and "2024-07-17 to 2024-09-18" in text
    assert "HOT = Xingtu's viral" in text
    assert summary.xingtu is not None and summary.xingtu.median_plays is not None
    assert summary.xingtu.median_plays.daily == 114_587 and isinstance(summary.xingtu.median_plays.daily, int)
    assert "114587 and 101716" in text and "114587.0" not in json.dumps(compact_json(summary))


def test_xingtus_figures_are_labelled_and_compare_avg_is_left_out(example: dict[str, Any]) -> None:
    summary = run(example["data"])
    text = render_text(summary)
    xingtu_line = next(line for line in text.splitlines() if line.startswith("Xingtu's own figures"))
    assert "a period Xingtu chose, not these lists" in xingtu_line
    assert "9543654 and 3043140" in xingtu_line
    assert compact_json(summary)["xingtu"]["median_plays"]["standing"] == [1, 1]  # undocumented: JSON only
    doc = json.dumps(compact_json(summary))
    assert "compare_avg" not in doc and "623.9" not in doc and "above average" not in text


# ---------------------------------------------------------------- for agents


def test_structured_content_carries_quality_sections_and_core_user_id(example: dict[str, Any]) -> None:
    doc = compact_json(run(example["data"]))
    assert doc["core_user_id"] == example["data"]["latest_item_info"][0]["core_user_id"] == "62427282029"
    assert "quality" not in doc  # nothing to report on clean data: pruned
    missing = compact_json(run({"latest_item_info": [], "data_description": {}}))
    assert missing["quality"]["missing"] == ["commissioned"]
    assert missing["personal"]["status"] == "empty" and missing["commissioned"]["status"] == "missing"
    unreadable = compact_json(run({"latest_item_info": [], "latest_star_item_info": {"x": 1}}))
    assert unreadable["quality"]["unreadable"] == ["commissioned"]
    assert "xingtu" in unreadable["quality"]["missing"]


def test_structured_json_has_no_null_fields(example: dict[str, Any]) -> None:
    def walk(value: object, in_row: bool = False) -> None:
        if isinstance(value, dict):
            for v in value.values():
                assert v is not None
                walk(v)
        elif isinstance(value, list):
            for v in value:
                walk(v, in_row=True)
        else:
            assert value is not None or in_row

    walk(compact_json(run(example["data"])))


def test_every_statistic_and_listed_plays_of_the_structured_content_are_in_the_text() -> None:
    """Claude Desktop shows the model only the text: no statistic may be missing from it, and each listed
    work's plays are its own (likes, comments, shares and ids may stay in the JSON)."""
    summary = run(capture_2024()["data"])
    text = render_text(summary)
    doc = compact_json(summary)
    for section in ("personal", "commissioned"):
        for key, value in doc[section]["stats"].items():
            if isinstance(value, int) and key not in ("hot", "count"):
                assert str(value) in text, (section, key)
    commissioned = text.split("Commissioned:")[1]
    for row in doc["commissioned"]["works"]:  # every commissioned work is a text row
        assert f"|{row[1]}|" in commissioned


# ---------------------------------------------------------------- shapes


def test_string_numbers_nulls_and_garbage_entries(example: dict[str, Any]) -> None:
    data = copy.deepcopy(example["data"])
    items = data["latest_item_info"]
    items[0]["play"] = str(items[0]["play"])
    items[1]["like"] = None
    data["latest_item_info"] = [*items, "garbage", {"item_id": None}, {"no": "id"}]
    summary = run(data)
    assert summary.personal.stats.count == 15
    assert summary.quality.skipped_entries == 3
    assert summary.quality.excluded == {"missing_counts": 1}


@pytest.mark.parametrize("value", [None, [], {}, "x", 5, [1, 2], {"latest_item_info": "nope"}])
def test_any_shape_of_data_is_survived(value: Any) -> None:
    data = value if isinstance(value, dict) else {"latest_item_info": value}
    render_text(run(data))


def test_works_in_both_lists_are_counted_once(example: dict[str, Any]) -> None:
    data = copy.deepcopy(example["data"])
    data["latest_star_item_info"].append(copy.deepcopy(data["latest_item_info"][0]))
    summary = run(data)
    assert summary.commissioned.stats.count == 1
    assert summary.quality.duplicates == 1


@pytest.mark.parametrize("name", ["predecessor-2019-crawler.json", "predecessor-2019-fielddoc.json"])
def test_the_2019_predecessor_shapes_are_read(name: str) -> None:
    doc = json.loads((FIXTURES / "legacy" / name).read_text("utf-8"))
    data = doc["data"]
    summary = run(data)
    for key, section in (("latest_item_info", summary.personal), ("latest_star_item_info", summary.commissioned)):
        assert section.stats.count == len(data[key])
        plays = sorted(i["play"] for i in data[key])
        if plays:
            assert section.stats.plays_median == round(statistics.median(plays))
    assert summary.quality.missing == ["xingtu"]  # no data_description in 2019
