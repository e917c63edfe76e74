"""Logging to stderr that can never carry the API token.

Just One API takes the token in the query string, and httpx2 logs every
request's full URL at INFO, which the MCP SDK enables on the root logger. So:
the HTTP stack's loggers are held at WARNING, and every handler gets a filter
that replaces the token in the formatted message and traceback, as a second
line of defence for whatever logs a URL in the future.
"""

from __future__ import annotations

import logging
import sys
from typing import Final

from .config import LogLevel
from .pipeline.redaction import REDACTED, Redactor

__all__ = ["REDACTED", "RedactSecrets", "configure", "protect"]

QUIET_LOGGERS: Final = ("httpx2", "httpcore2", "httpx", "httpcore")
_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Rewrites a record so that no secret, in any form `redaction` knows, survives formatting, traceback
    included."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._redact = Redactor(secrets)
        self._active = any(secrets)

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._active:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self._redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self._redact(record.stack_info)
        record.msg, record.args = self._redact(message), None
        return True


def configure(level: LogLevel, secrets: list[str]) -> None:
    """Send logs to stderr (stdout carries MCP messages) at `level`, with secrets redacted.

    Called before the MCP server is built, so the SDK's own `basicConfig` finds
    the root logger configured and leaves it alone.
    """
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter(_FORMAT))
    root.addHandler(handler)
    root.setLevel(level)
    protect(secrets)


def protect(secrets: list[str]) -> None:
    """Quiet the HTTP stack and add the redaction filter to every root handler."""
    for name in QUIET_LOGGERS:
        logging.getLogger(name).setLevel(logging.WARNING)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, RedactSecrets) for f in handler.filters):
            handler.addFilter(RedactSecrets(secrets))
