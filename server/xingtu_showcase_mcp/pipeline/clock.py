"""Time, injectable: the clock and sleep every delay in the server goes through.

Back-off, this server's rate-limit pause, the cache's expiry and fetch stamps
read this clock, so tests drive them with a virtual one instead of waiting for
real (see tests/conftest.py), and a delay is proven by what was slept, not by
how long a test took. What other processes must agree on reads the system's
wall clock, as they do: Redis leases and the shared pause's end (`shared`), the
store's pruning by age (`store`), a stored answer's age (`answers`).
"""

from __future__ import annotations

import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime

import anyio


def _utc_now() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True, slots=True)
class Clock:
    monotonic: Callable[[], float] = time.monotonic
    """Seconds for deadlines and expiries; only differences matter."""
    now: Callable[[], datetime] = field(default=_utc_now)
    """Wall-clock time for fetch stamps."""
    sleep: Callable[[float], Awaitable[None]] = anyio.sleep


SYSTEM_CLOCK = Clock()
