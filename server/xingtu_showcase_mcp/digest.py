"""From a body to an answer: the envelope read and the showcase summarised, off the event loop when large.

The cache keeps what this produces (a `ShowcaseSummary`, some kilobytes), never
the raw payload (about 13 MB of Python objects for 5,000 works). A body above
`INLINE_MAX_BYTES` is read and summarised in a worker process: `json.loads` holds
the GIL for the whole parse, so a thread would still stall every other request,
pings included, for seconds. Small bodies, which are nearly all of them, stay
in process: a worker would cost more than it saves.
"""

from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Awaitable, Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from typing import Final

import anyio

from .contract import ShowcaseQuery
from .envelope import Detail, Rejection, read_payload
from .errors import entry
from .language import Language
from .models import ShowcaseSummary
from .summary import summarise

logger = logging.getLogger("xingtu_showcase_mcp.digest")

INLINE_MAX_BYTES: Final = 1024 * 1024
"""Bodies up to this are read in process (a real showcase is about 40 KB)."""

Digest = Callable[[int, str, bytes, ShowcaseQuery, datetime], Awaitable[ShowcaseSummary]]
"""(HTTP status, content type, body, query, fetch time) → the summary, or raises `Rejection`."""


@dataclass(frozen=True, slots=True)
class Options:
    """What the summary depends on besides the body, fixed for a server's lifetime."""

    demo: bool = False
    language: Language = "en"


def digest_now(status: int, content_type: str, body: bytes, query: ShowcaseQuery, fetched_at: datetime,
               options: Options) -> ShowcaseSummary:  # fmt: skip
    """Read the envelope and summarise, here and now; raises `Rejection` for an unusable answer."""
    payload = read_payload(status, content_type, body)
    return summarise(
        payload.data,
        query,
        record_time=payload.record_time,
        fetched_at=fetched_at,
        demo=options.demo,
        language=options.language,
    )


def _in_worker(status: int, content_type: str, body: bytes, query: ShowcaseQuery, fetched_at: datetime,
               options: Options) -> ShowcaseSummary | tuple[str, Detail]:  # fmt: skip
    """The worker process's side: a rejection travels back as (catalogue key, detail), which pickles."""
    try:
        return digest_now(status, content_type, body, query, fetched_at, options)
    except Rejection as rejection:
        return rejection.entry.key, rejection.detail


class Digester:
    """Digests bodies for one server: small ones in process, large ones in one worker process."""

    def __init__(self, options: Options, inline_max_bytes: int = INLINE_MAX_BYTES) -> None:
        self._options = options
        self._inline_max = inline_max_bytes
        self._pool: ProcessPoolExecutor | None = None

    async def __call__(
        self, status: int, content_type: str, body: bytes, query: ShowcaseQuery, fetched_at: datetime
    ) -> ShowcaseSummary:
        if len(body) <= self._inline_max:
            return digest_now(status, content_type, body, query, fetched_at, self._options)
        future: Future[ShowcaseSummary | tuple[str, Detail]] = self._worker().submit(
            _in_worker, status, content_type, body, query, fetched_at, self._options
        )
        # Waiting on a thread: the event loop stays free while the worker parses.
        outcome = await anyio.to_thread.run_sync(future.result, abandon_on_cancel=True)
        if isinstance(outcome, tuple):
            key, detail = outcome
            raise Rejection(entry(key), *detail)
        return outcome

    def _worker(self) -> ProcessPoolExecutor:
        if self._pool is None:
            # "spawn": a fresh interpreter, never a fork of a process with an event loop and threads.
            self._pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"))
        return self._pool

    def close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None
