"""Reading the envelope from whatever the HTTP answer was."""

from __future__ import annotations

import json

import pytest

from xingtu_showcase_mcp.pipeline.envelope import MESSAGE_LIMIT, Rejection, read_payload, words


def body(doc: object) -> bytes:
    return json.dumps(doc).encode()


def test_success_with_integer_or_string_zero() -> None:
    for code in (0, "0"):
        payload = read_payload(200, "application/json", body({"code": code, "data": {"x": 1}, "recordTime": "t"}))
        assert payload.data == {"x": 1} and payload.record_time == "t"


@pytest.mark.parametrize(
    ("status", "ctype", "raw", "key"),
    [
        (401, "application/json", body({"code": 100, "message": "bad token", "data": None}), "100"),
        (429, "application/json", body({"code": 302, "data": None}), "302"),
        (429, "application/json", body({"code": "303", "data": None}), "303"),
        (200, "application/json", body({"code": 601, "data": None}), "601"),
        (200, "application/json", body({"code": 999, "data": None}), "unknown_code"),
        (429, "application/json", body({"message": "TOO FAST"}), "http_429"),
        (502, "text/html", b"<html><body>Bad Gateway</body></html>", "gateway_error"),
        (503, "text/plain", b"", "gateway_error"),
        (404, "text/html", b"<html>nope</html>", "http_error"),
        (200, "text/html", b"<!doctype html><title>Login</title>", "html_body"),
        (200, "application/json", b"", "empty_body"),
        (200, "application/json", b'{"code": 0, "data": {"latest_item_info": [', "bad_json"),
        (200, "application/json", body([1, 2]), "bad_envelope"),
        (200, "application/json", body({"code": "zero", "data": {}}), "bad_envelope"),
        (200, "application/json", body({"code": True, "data": {}}), "bad_envelope"),
        (200, "application/json", body({"code": 0, "data": None}), "data_missing"),
        (200, "application/json", body({"code": 0, "data": []}), "data_missing"),
        (200, "application/json", body({"code": 0}), "data_missing"),
        (
            200,
            "application/json",
            body({"code": 0, "data": {"base_resp": {"status_code": 4001, "status_message": "author not found"}}}),
            "xingtu_failure",
        ),
        (200, "application/json", body({"code": 0, "data": {"base_resp": {"status_code": "x"}}}), "xingtu_failure"),
    ],
)
def test_failures_are_classified(status: int, ctype: str, raw: bytes, key: str) -> None:
    with pytest.raises(Rejection) as caught:
        read_payload(status, ctype, raw)
    assert caught.value.entry.key == key
    assert f"HTTP {status}" in words(caught.value.detail, "en") or key in ("data_missing", "xingtu_failure")


def test_upstream_message_is_kept_on_one_line_and_bounded() -> None:
    """Whole up to MESSAGE_LIMIT: it is shortened only after redaction, where the explanation is written."""
    with pytest.raises(Rejection) as caught:
        read_payload(200, "application/json", body({"code": 500, "message": "boom\n" * 2000, "data": None}))
    seen = words(caught.value.detail, "en")
    assert "\n" not in seen and MESSAGE_LIMIT <= len(seen) < MESSAGE_LIMIT + 100
    assert "boom boom" in seen


def test_xingtu_failure_carries_its_message() -> None:
    doc = {"code": 0, "data": {"base_resp": {"status_code": 4001, "status_message": "author not found"}}}
    with pytest.raises(Rejection) as caught:
        read_payload(200, "application/json", body(doc))
    assert "author not found" in words(caught.value.detail, "en") and "4001" in words(caught.value.detail, "en")
