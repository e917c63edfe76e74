"""Connection limits for HTTP serving: slow clients cannot starve the server of sockets.

uvicorn waits for a request's headers without a deadline, and accepts every
connection it can: 1,100 clients that trickle their headers held 1,100 sockets,
the process ran out of file descriptors (`/health` timed out), and asyncio
logged every failed accept, 155,647 lines in 30 s. This protocol (uvicorn's own
h11 protocol, given two rules) fixes both:

- a connection must finish its request headers within `HEADER_TIMEOUT`, and a
  kept-alive one its next request's too (uvicorn's keep-alive timer, armed at once);
- at most `MAX_WAITING` connections may be waiting for their headers; a new one
  evicts the oldest of them, so fresh clients (a health check, a real request)
  are always served and descriptors never run out.

Evictions are logged once a minute at most, with their count. asyncio accepts
up to the listen backlog in one go before any protocol runs, so the backlog is
kept small (`ACCEPT_BACKLOG`): evictions free descriptors between batches. Should
accepting still fail, asyncio's error (with a traceback, every time) is logged
once a minute too.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from typing import Any, Final

from uvicorn.protocols.http.h11_impl import H11Protocol

logger = logging.getLogger("xingtu_showcase_mcp.http")

HEADER_TIMEOUT: Final = 10.0
MAX_WAITING: Final = 256
ACCEPT_BACKLOG: Final = 128
LOG_EVERY: Final = 60.0


def guarded_protocol(max_waiting: int = MAX_WAITING, header_timeout: float = HEADER_TIMEOUT) -> type[H11Protocol]:
    """A protocol class for one server: its own queue of connections still waiting for their headers."""
    waiting: OrderedDict[H11Protocol, None] = OrderedDict()
    evicted = {"count": 0, "logged_at": 0.0}

    class GuardedH11(H11Protocol):
        def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
            super().connection_made(transport)
            while len(waiting) >= max_waiting:
                oldest, _ = waiting.popitem(last=False)
                oldest.transport.close()
                _count_eviction(evicted)
            waiting[self] = None
            # uvicorn's keep-alive timer closes an idle connection and is cancelled when a request's
            # headers arrive: armed now, it is the header deadline.
            self.timeout_keep_alive_task = self.loop.call_later(header_timeout, self.timeout_keep_alive_handler)

        def handle_events(self) -> None:
            super().handle_events()
            if self.cycle is not None:  # pyright: ignore[reportUnnecessaryComparison] - uvicorn starts it at None
                waiting.pop(self, None)

        def connection_lost(self, exc: Exception | None) -> None:
            waiting.pop(self, None)
            super().connection_lost(exc)

    return GuardedH11


def _count_eviction(evicted: dict[str, Any]) -> None:
    evicted["count"] += 1
    now = time.monotonic()
    if now - evicted["logged_at"] >= LOG_EVERY:
        logger.warning(
            "too many connections waiting for their request headers: closed %d of the oldest so far",
            evicted["count"],
        )
        evicted["logged_at"] = now


class _OncePerMinute(logging.Filter):
    """Lets one record about failed accepts through per minute; the rest are counted into the next one."""

    def __init__(self) -> None:
        super().__init__()
        self._last = -LOG_EVERY
        self._dropped = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if "socket.accept() out of system resource" not in record.getMessage():
            return True
        now = time.monotonic()
        if now - self._last < LOG_EVERY:
            self._dropped += 1
            return False
        if self._dropped:
            record.msg, record.args = f"{record.getMessage()} ({self._dropped} more since the last report)", None
        record.exc_info, record.exc_text = None, None
        self._last, self._dropped = now, 0
        return True


def quiet_accept_errors() -> None:
    logging.getLogger("asyncio").addFilter(_OncePerMinute())
