"""The log never carries a secret, not even inside a traceback, and httpx2 cannot log the token's URL."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest

from xingtu_showcase_mcp.logs import REDACTED, RedactSecrets, protect

SECRET = "canary-token-0123456789abcdef"


@pytest.fixture
def captured() -> Iterator[tuple[logging.Logger, io.StringIO]]:
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    handler.addFilter(RedactSecrets([SECRET]))
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield logger, stream
    finally:
        logger.removeHandler(handler)


def test_a_traceback_that_holds_the_token_is_redacted(captured: tuple[logging.Logger, io.StringIO]) -> None:
    logger, stream = captured
    try:
        raise RuntimeError(f"GET https://api.example/x?token={SECRET} failed")
    except RuntimeError:
        logger.exception("request for %s went wrong", SECRET)
    written = stream.getvalue()
    assert SECRET not in written
    assert "Traceback" in written and "RuntimeError" in written  # the traceback itself is kept, readable
    assert written.count(REDACTED) == 2  # the message and the exception text


def test_the_http_stack_cannot_log_request_urls_at_info() -> None:
    protect([SECRET])
    for name in ("httpx2", "httpcore2"):
        assert not logging.getLogger(name).isEnabledFor(logging.INFO)
