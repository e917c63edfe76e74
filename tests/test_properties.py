"""Property tests: whatever JSON arrives, parsing and summarising never raise, and invariants hold."""

from __future__ import annotations

import json
import os
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.glossary import JSON_WORKS
from xingtu_showcase_mcp.models import ShowcaseSummary, compact_json
from xingtu_showcase_mcp.pipeline.envelope import Payload, Rejection, read_payload, words
from xingtu_showcase_mcp.render import render_text
from xingtu_showcase_mcp.showcase.summary import summarise

# CI explores the same examples every run, so a red build is reproducible; locally each run explores anew. Set
# here, not in conftest: every pytest process imports conftest, and only this file needs hypothesis.
settings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI"):
    settings.load_profile("ci")

QUERY = ShowcaseQuery("6787286580932689933")

scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.integers(min_value=10**300, max_value=10**400),  # above float's range
    st.integers(min_value=0, max_value=9).map(lambda d: str(d) * 5000),  # beyond int()'s digit limit
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
)
json_values = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=5), st.dictionaries(st.text(max_size=10), inner, max_size=5)),
    max_leaves=30,
)
numberish = st.one_of(
    st.none(),
    st.integers(min_value=-5, max_value=10**12),
    st.integers(min_value=10**308, max_value=10**320),
    st.floats(allow_nan=True, allow_infinity=True),
    st.integers(min_value=0, max_value=10**9).map(str),
    st.text(max_size=8),
    st.booleans(),
)
item = st.fixed_dictionaries(
    {},
    optional={
        "item_id": st.one_of(st.integers(min_value=0, max_value=10**19).map(str), st.integers(), st.none(), st.text()),
        "create_time": numberish,
        "create_timestamp": numberish,
        "item_date": st.one_of(st.dates().map(str), st.text(max_size=12), st.none()),
        "title": st.one_of(st.text(max_size=80), st.none(), st.integers()),
        "play": numberish,
        "like": numberish,
        "comment": numberish,
        "share": numberish,
        "duration": numberish,
        "is_hot": st.one_of(st.booleans(), st.none(), st.integers(0, 1), st.text(max_size=4)),
    },
)
item_lists = st.one_of(st.lists(st.one_of(item, json_values), max_size=40), json_values)
showcase_data = st.fixed_dictionaries(
    {},
    optional={
        "latest_item_info": item_lists,
        "latest_star_item_info": item_lists,
        "data_description": json_values,
        "base_resp": json_values,
    },
)


def check_invariants(summary: ShowcaseSummary) -> None:
    for section in (summary.personal, summary.commissioned):
        s = section.stats
        assert len(section.works) == min(s.count, JSON_WORKS)
        assert (section.listed is None) == (len(section.works) == s.count)
        counted = [w for w in section.works if "excluded" not in (w.flag or "")]
        plays = [w.plays for w in counted if w.plays is not None]
        assert len(plays) == len(counted) and all(p > 0 for p in plays)  # the plausibility rule, from the rows
        for w in counted:
            assert (w.likes or 0) + (w.comments or 0) + (w.shares or 0) <= (w.plays or 0)
        if s.plays_min is not None:  # a spread exists from two counted works
            assert s.plays_median is not None and s.plays_max is not None
            assert 0 < s.plays_min <= s.plays_median <= s.plays_max
            assert all(s.plays_min <= p <= s.plays_max for p in plays)
            assert s.skew is None or s.skew >= 1
        for rate in (s.engagement, s.engagement_median, s.hot_share):
            assert rate is None or 0 <= rate <= 1  # interactions never exceed plays
        assert s.used <= s.count
        assert s.per_week is None or s.per_week > 0
        assert 0 <= s.hot <= s.count
        if s.first_date and s.last_date:
            assert s.first_date <= s.last_date
    ids = [w.id for w in [*summary.personal.works, *summary.commissioned.works]]
    assert len(ids) == len(set(ids))


@settings(max_examples=300, deadline=None)
@given(
    showcase_data,
    st.one_of(
        st.none(),
        st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "99999999999999", "NaN", "x"]),
        st.text(max_size=40),
    ),
)
def test_summariser_never_raises_and_invariants_hold(data: dict[str, Any], record_time: str | None) -> None:
    summary = summarise(data, QUERY, record_time=record_time)
    check_invariants(summary)
    doc = compact_json(summary)
    ShowcaseSummary.model_validate(doc)  # the structured content always fits the output schema
    json.dumps(doc, allow_nan=False)  # and is strict JSON
    assert render_text(summary)


@settings(max_examples=300, deadline=None)
@given(json_values, st.sampled_from([200, 400, 401, 429, 500, 502, 503]))
def test_any_json_in_place_of_data_is_survived(data: Any, status: int) -> None:
    body = json.dumps({"code": 0, "data": data}).encode()
    try:
        payload = read_payload(status, "application/json", body)
    except Rejection as rejection:
        assert rejection.entry.key in ("data_missing", "xingtu_failure")
        return
    assert isinstance(payload, Payload)
    check_invariants(summarise(payload.data, QUERY))


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200), st.sampled_from(["application/json", "text/html", ""]), st.integers(100, 599))
def test_any_body_is_classified_never_raised(body: bytes, ctype: str, status: int) -> None:
    """Bytes of any kind, including envelopes whose code is thousands of digits long."""
    try:
        read_payload(status, ctype, body)
    except Rejection as rejection:
        assert rejection.entry.name.en and rejection.detail


@settings(max_examples=50, deadline=None)
@given(st.one_of(st.integers(0, 9).map(lambda d: str(d) * 5000), st.integers(10**300, 10**400)))
def test_absurd_codes_are_classified_never_raised(code: Any) -> None:
    for doc in ({"code": code, "data": {}}, {"code": 0, "data": {"base_resp": {"status_code": code}}}):
        try:
            read_payload(200, "application/json", json.dumps(doc).encode())
        except Rejection as rejection:
            assert rejection.entry.key in ("unknown_code", "bad_envelope", "xingtu_failure")
            assert len(words(rejection.detail, "en")) < 300


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=1_000, max_value=200_000), st.sampled_from(["[", '{"a":']))
def test_deep_nesting_anywhere_is_survived(depth: int, opener: str) -> None:
    """Nesting deeper than any parser's recursion limit, as `data` and inside a work."""
    closer = "]" if opener == "[" else "}"
    deep = opener * depth + "1" + closer * depth
    for body in (
        '{"code": 0, "data": ' + deep + "}",
        '{"code": 0, "data": {"latest_item_info": [{"item_id": "7", "play": ' + deep + "}]}}",
    ):
        try:
            payload = read_payload(200, "application/json", body.encode())
        except Rejection as rejection:
            assert rejection.entry.key in ("bad_json", "data_missing")
            continue
        check_invariants(summarise(payload.data, QUERY))
