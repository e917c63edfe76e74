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

REDACTED: Final = "***"
QUIET_LOGGERS: Final = ("httpx2", "httpcore2", "httpx", "httpcore")
_FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"


class RedactSecrets(logging.Filter):
    """Rewrites a record so that no secret survives formatting, traceback included."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self._secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        if not self._secrets:
            return True
        message = record.getMessage()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        for secret in self._secrets:
            message = message.replace(secret, REDACTED)
            if record.exc_text:
                record.exc_text = record.exc_text.replace(secret, REDACTED)
            if record.stack_info:
                record.stack_info = record.stack_info.replace(secret, REDACTED)
        record.msg, record.args = message, None
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
