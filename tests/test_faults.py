"""The fault matrix: every way the API can answer, through a real MCP client and the emulator.

Each scenario asserts the exact outcome (an answer, or the catalogue entry that
explains the failure), the number of requests the API received (no retry of what
cannot pass, bounded retries of what can), and, with debug logging on, that
the token appears in no result and no log line. Back-off runs on the virtual
clock, so retried scenarios take no real time.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

import httpx2
import pytest

from xingtu_showcase_mcp.errors import CATALOGUE, entry
from xingtu_showcase_mcp.models import ShowcaseSummary

from conftest import PINNED, VirtualClock, call, compact, connected, settings_for, text_of
from emulator import FIXTURES, STATUS_FOR_CODE, Emulator, Reply, many_items

AUTHOR = "6787286580932689933"
TIMEOUT = 10.0
RETRIES = 2
ALL_ATTEMPTS = 1 + RETRIES
HTML_502 = Reply(502, b"<html><body><h1>502 Bad Gateway</h1></body></html>", "text/html")
LOGIN_PAGE = Reply(200, b"<!doctype html><title>Login</title>", "text/html")
CUT_SHORT = Reply(200, Reply.success().body, fault="truncate")


@dataclass(frozen=True)
class Scenario:
    name: str
    replies: tuple[Reply, ...]
    """What the API answers, in order; the last one repeats."""
    outcome: str
    """"ok" or the catalogue key of the explanation."""
    requests: int
    settings: dict[str, Any] = field(default_factory=dict[str, Any])


CODES_NOT_RETRIED = (100, 101, 202, 300, 303, 400, 404, 500, 503, 600, 601, 602)

SCENARIOS = [
    Scenario("success", (Reply.success(),), "ok", 1),
    Scenario("latency", (Reply.success(delay=0.3),), "ok", 1),
    Scenario("code as string", (Reply.json({"code": "0", "data": {"latest_item_info": []}}),), "ok", 1),
    *(Scenario(f"code {c}", (Reply.envelope(c, message="from upstream"),), str(c), 1) for c in CODES_NOT_RETRIED),
    Scenario("unknown code", (Reply.envelope(777),), "unknown_code", 1),
    Scenario("code 303 as string", (Reply.envelope("303", status=429),), "303", 1),
    Scenario("code 301 always", (Reply.envelope(301),), "301", ALL_ATTEMPTS),
    Scenario("code 302 always", (Reply.envelope(302),), "302", ALL_ATTEMPTS),
    Scenario("code 301 then success", (Reply.envelope(301), Reply.success()), "ok", 2),
    Scenario("data null", (Reply.envelope(0, data=None),), "data_missing", 1),
    Scenario(
        "base_resp failure",
        (Reply.envelope(0, data={"base_resp": {"status_code": 10001, "status_message": "no author"}}),),
        "xingtu_failure",
        1,
    ),
    # A gateway error, a reset or a cut answer came after the request went out: it may have been charged,
    # so it is not sent again (Just One API's own MCP server never retries these either).
    Scenario("HTML 502 always", (HTML_502,), "gateway_error", 1),
    Scenario("a 502, then what would have succeeded", (HTML_502, Reply.success()), "gateway_error", 1),
    Scenario("HTML 200 (login page)", (LOGIN_PAGE,), "html_body", 1),
    Scenario("HTML 404 (wrong base URL)", (Reply(404, b"<html>Not Found</html>", "text/html"),), "http_error", 1),
    Scenario("empty body 200", (Reply(200, b""),), "empty_body", 1),
    Scenario("empty body 503", (Reply(503, b""),), "gateway_error", 1),
    Scenario("HTML 504", (Reply(504, b"<html>Gateway Time-out</html>", "text/html"),), "gateway_error", 1),
    Scenario("truncated JSON", (Reply(200, Reply.success().body[:4000]),), "bad_json", 1),
    Scenario("body cut mid-transfer", (CUT_SHORT,), "connection_lost", 1),
    Scenario("bare TOO FAST 429", (Reply.json({"message": "TOO FAST"}, status=429),), "http_429", ALL_ATTEMPTS),
    Scenario("429 then success", (Reply.json({"message": "TOO FAST"}, status=429), Reply.success()), "ok", 2),
    Scenario("connection reset", (Reply(fault="reset"),), "connection_lost", 1),
    Scenario("a reset, then what would have succeeded", (Reply(fault="reset"), Reply.success()), "connection_lost", 1),
    Scenario("hang", (Reply(fault="hang"),), "timeout", 1, {"timeout": 0.5}),
    Scenario("slower than the budget", (Reply.success(delay=1.0),), "timeout", 1, {"timeout": 0.4}),
    # The digest child runs on real time: a loaded machine must not turn its seconds into a timeout.
    Scenario("5,000 works", (Reply.json(many_items(5000)),), "ok", 1, settings={"timeout": 120.0}),
    Scenario("302 redirect", (Reply(302, b"", headers={"location": "https://elsewhere.example/"}),), "redirect", 1),
    Scenario(
        "body past the cap", (Reply(200, b"[" + b"0," * 600_000 + b"0]"),), "too_large", 1, {"max_response_mb": 1}
    ),
    Scenario(
        "announced past the cap", (Reply(fault="huge", size=3 * 1024 * 1024),), "too_large", 1, {"max_response_mb": 1}
    ),
]


def test_what_may_have_been_charged_is_never_retried() -> None:
    """Billing-safe: only what cannot have been charged (no connection, or the API's own "slow down" and
    "collection failed" codes) is sent again."""
    charged = {e.key for e in CATALOGUE if e.maybe_billed}
    assert charged == {"timeout", "gateway_error", "connection_lost"}
    assert not any(entry(key).retried for key in charged)
    assert {e.key for e in CATALOGUE if e.retried} == {"301", "302", "unreachable", "http_429"}


def test_every_catalogue_entry_with_a_code_is_in_the_matrix() -> None:
    """Adding a business code to the catalogue without a scenario fails here."""
    named = {s.outcome for s in SCENARIOS}
    assert {e.key for e in CATALOGUE if e.code is not None} <= named
    assert {str(code) for code in STATUS_FOR_CODE} <= named


@pytest.mark.anyio
@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda s: s.name)
async def test_fault_matrix(emulator: Emulator, scenario: Scenario, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    *first, last = scenario.replies
    emulator.plan(*first)
    emulator.default = last
    options = {"timeout": TIMEOUT, "max_retries": RETRIES, **scenario.settings}
    async with connected(settings_for(emulator, **options)) as client:
        result = await call(client, oAuthorId=AUTHOR)

    text = text_of(result)
    if scenario.outcome == "ok":
        assert not result.is_error, text
        ShowcaseSummary.model_validate(result.structured_content)
        assert text.startswith(f"Xingtu showcase of {AUTHOR}")
    else:
        assert result.is_error
        explained = entry(scenario.outcome)
        assert explained.name.en in text and explained.meaning.en in text and explained.advice.en in text
        tries = "1 attempt " if scenario.requests == 1 else f"{scenario.requests} attempts"
        assert tries in text
        assert "Traceback" not in text
        # Whether the user is told the attempt may have been charged follows the catalogue, and nothing else.
        assert ("may have charged it" in text) == explained.maybe_billed
    assert len(emulator.requests) == scenario.requests
    # Zero leaks: the token is in no result and, with debug logging on, in no log line.
    assert emulator.token not in text + compact(result.structured_content or {})
    assert emulator.token not in caplog.text
    assert "upstream for=" in caplog.text


@pytest.mark.anyio
async def test_five_thousand_works_stay_within_the_normal_answer_size(emulator: Emulator) -> None:
    # The yardstick is a real 15 + 15 showcase: the most works Xingtu sends.
    emulator.default = Reply(200, (FIXTURES / "showcase-items.capture-2024.json").read_bytes())
    async with connected(settings_for(emulator, timeout=120.0)) as client:  # the digest child runs on real time
        normal = await call(client, oAuthorId=AUTHOR)
        emulator.default = Reply.json(many_items(5000))
        huge = await call(client, oAuthorId=AUTHOR)
    assert not huge.is_error and huge.structured_content is not None
    summary = ShowcaseSummary.model_validate(huge.structured_content)
    stats = summary.personal.stats
    # many_items gives plays 1000..5999 and one day between works: checked by hand (the median 3499.5
    # rounds half up, to 3500; 4,999 one-day intervals make 7 works a week).
    assert stats.count == 5000 and stats.plays_max == 5999 and stats.plays_median == 3500
    assert stats.per_week == 7.0
    assert summary.personal.works[0].plays == 5999  # the newest, also the most played, is listed first
    assert summary.personal.listed == f"{len(summary.personal.works)} of 5000"
    # The answer is bounded: no larger than the 15 + 15 one (measured in characters here; test_budget.py
    # measures both in tokens).
    assert len(text_of(huge)) <= len(text_of(normal))
    assert len(compact(huge.structured_content)) <= len(compact(normal.structured_content))


def _raising(exc: type[httpx2.TransportError], seen: list[httpx2.Request]) -> httpx2.MockTransport:
    def handler(request: httpx2.Request) -> httpx2.Response:
        seen.append(request)
        raise exc("simulated", request=request)

    return httpx2.MockTransport(handler)


@pytest.mark.anyio
@pytest.mark.parametrize(
    ("failure", "outcome"),
    [
        (httpx2.ConnectTimeout, "unreachable"),  # no connection at all: the network, DNS or the base URL
        (httpx2.ConnectError, "unreachable"),
        (httpx2.ReadTimeout, "timeout"),  # connected, but the API did not answer in time
    ],
)
async def test_a_connect_timeout_is_explained_as_unreachable_not_slow(
    emulator: Emulator, failure: type[httpx2.TransportError], outcome: str
) -> None:
    seen: list[httpx2.Request] = []
    settings = settings_for(emulator, timeout=TIMEOUT, max_retries=RETRIES)
    async with connected(settings, upstream=_raising(failure, seen)) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert result.is_error
    text = text_of(result)
    assert entry(outcome).name.en in text and entry(outcome).advice.en in text
    other = "timeout" if outcome == "unreachable" else "unreachable"
    assert entry(other).name.en not in text
    # The read timeout is only raised when the whole budget is spent, so there is nothing left to retry with.
    assert len(seen) == (RETRIES + 1 if outcome == "unreachable" else 1)
    assert emulator.token not in text


@pytest.mark.anyio
@pytest.mark.parametrize("code", sorted(e.key for e in CATALOGUE if e.account_wide))
async def test_an_account_wide_refusal_answers_the_next_calls_without_a_request(emulator: Emulator, code: str) -> None:
    """Quota gone, balance gone, token refused: the next minute's calls would be refused the same way."""
    clock = VirtualClock(wall=PINNED)
    emulator.default = Reply.envelope(int(code))
    async with connected(settings_for(emulator), clock=clock) as client:
        first = await call(client, oAuthorId=AUTHOR)
        clock.advance(59)
        second = await call(client, oAuthorId="1000000000000000001")  # another creator: the same refusal
        clock.advance(2)  # 61 s after the refusal: worth asking the API again
        third = await call(client, oAuthorId="1000000000000000002")
    assert first.is_error and second.is_error and third.is_error
    assert entry(code).name.en in text_of(second)
    assert "59 s ago" in text_of(second) and "nothing was sent, so nothing was charged" in text_of(second)
    assert "nothing was sent" not in text_of(third)
    assert [r.params["oAuthorId"] for r in emulator.requests] == [AUTHOR, "1000000000000000002"]


@pytest.mark.anyio
async def test_a_refusal_that_is_not_account_wide_stops_only_its_own_call(emulator: Emulator) -> None:
    emulator.plan(Reply.envelope(400))  # this creator's parameters, not the account
    async with connected(settings_for(emulator)) as client:
        refused = await call(client, oAuthorId=AUTHOR)
        answered = await call(client, oAuthorId="1000000000000000001")
    assert refused.is_error and not answered.is_error
    assert len(emulator.requests) == 2
