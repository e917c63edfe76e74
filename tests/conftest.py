"""Shared fixtures: the emulator on loopback, the real example, and MCP clients for the server."""

from __future__ import annotations

import functools
import json
import os
import random
import socket
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import anyio
import anyio.lowlevel
import pytest
from mcp import Client
from mcp.types import CallToolResult, TextContent

from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.names import TOOL_NAME
from xingtu_showcase_mcp.pipeline.clock import Clock
from xingtu_showcase_mcp.pipeline.upstream import Timing
from xingtu_showcase_mcp.server import build_server

from emulator import Emulator, example_response


@pytest.fixture
def anyio_backend() -> str:
    return "asyncio"


@pytest.fixture(scope="session")
def _emulator_server() -> Iterator[Emulator]:
    emulator = Emulator(token="canary-7f3c9d1e-TOKEN")
    emulator.start()
    yield emulator
    emulator.stop()


@pytest.fixture
def emulator(_emulator_server: Emulator) -> Iterator[Emulator]:
    """The session's emulator, with an empty plan and request log for each test."""
    _emulator_server.reset()
    yield _emulator_server
    _emulator_server.reset()


@pytest.fixture
def example() -> dict[str, Any]:
    return example_response()


def settings_for(emulator: Emulator, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "token": emulator.token,
        "base_url": emulator.url,
        "timeout": 10.0,
        "max_retries": 2,
        "cache_ttl": 0,  # most tests count upstream requests; test_cache.py turns it on
    }
    values.update(overrides)
    return Settings(**values)


PINNED = datetime(2026, 3, 10, 1, 0, tzinfo=UTC)
"""A wall time for tests whose answer depends on the day (09:00 in Beijing): ages, staleness and fetch stamps
come out the same whenever the suite runs. Not the default, which stands at the moment the clock is made:
the store and the shared pause read the real date."""


class VirtualClock:
    """Time for tests, in which every delay the server asks to sleep passes at once, and nothing else passes.

    The server's back-off, pauses, cool-down and cache expiry run on it, so a test proves a delay by what was
    slept (`slept`) instead of waiting for it. Real seconds do not move it: what the server computes from its
    deadlines comes out the same on a loaded machine as on an idle one. Requests and their real timeouts still
    take real time; an answer that should take time on this clock says so (`Emulator.takes`).
    """

    def __init__(self, wall: datetime | None = None) -> None:
        self.wall = wall or datetime.now(UTC)
        """The wall clock stands at this moment plus what was skipped: a test that passes `PINNED` gets fetch
        stamps and ages that do not depend on when it ran."""
        self._start = time.monotonic()
        self.skipped = 0.0
        self.slept: list[float] = []
        self.gate: anyio.Event | None = None
        """While set and not yet fired, sleepers wait at it: a test can see who is waiting, then release them."""

    def monotonic(self) -> float:
        return self._start + self.skipped

    def now(self) -> datetime:
        return self.wall + timedelta(seconds=self.skipped)

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        wake = self.skipped + max(0.0, seconds)
        if self.gate is not None:
            await self.gate.wait()
        self.skipped = max(self.skipped, wake)  # time reaches the wake-up, no more (another sleeper may be later)
        await anyio.lowlevel.checkpoint()

    def advance(self, seconds: float) -> None:
        """Let time pass without anyone sleeping (for expiries)."""
        self.skipped += seconds

    @property
    def clock(self) -> Clock:
        return Clock(monotonic=self.monotonic, now=self.now, sleep=self.sleep)


FAST = Timing(progress_interval=0.05)
"""Progress every 50 ms of real time: the progress test need not wait 4 s."""


@pytest.fixture
def clock() -> VirtualClock:
    return VirtualClock()


@asynccontextmanager
async def connected(
    settings: Settings, mode: str = "auto", clock: VirtualClock | None = None, **kwargs: Any
) -> AsyncIterator[Client]:
    """An MCP client connected in memory to a server built from `settings`, on a virtual clock.

    `mode` picks the protocol era: "auto" (the modern, direct path) or "legacy" (the initialize handshake).
    """
    kwargs.setdefault("timing", FAST)
    virtual = clock or VirtualClock()
    async with Client(build_server(settings, clock=virtual.clock, **kwargs), mode=mode) as client:
        yield client


async def call(client: Client, **arguments: Any) -> CallToolResult:
    return await client.call_tool(TOOL_NAME, arguments)


def text_of(result: CallToolResult) -> str:
    return "\n".join(block.text for block in result.content if isinstance(block, TextContent))


async def until(condition: Any, within: float = 10.0) -> None:
    """Wait for a condition another thread or task makes true."""
    deadline = time.monotonic() + within
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met")
        await anyio.sleep(0.01)


def compact(doc: object) -> str:
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


UV_CACHE = os.environ.get("UV_CACHE_DIR") or str(
    Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "uv"
)
"""uv's own cache, which the packaging tests install from offline: it must survive the next fixture."""


@pytest.fixture(autouse=True)
def _own_cache_directory(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test gets an empty cache directory: a server started from the environment (the CLI, a
    subprocess) stores its answers there, never in the user's own, and no test sees another's."""
    monkeypatch.setenv("UV_CACHE_DIR", UV_CACHE)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


KERNEL_PORTS = Path("/proc/sys/net/ipv4/ip_local_port_range")  # where bind(0) and connect() pick their ports


def _port_block() -> range:
    """This worker's share of the ports under the kernel's range: xdist's workers never pick the same one."""
    low = int(KERNEL_PORTS.read_text().split()[0]) if KERNEL_PORTS.exists() else 32768
    worker = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw"))
    workers = max(int(os.environ.get("PYTEST_XDIST_WORKER_COUNT", "1")), worker + 1)
    first = min(20000, low // 2)  # well above the ports of system services
    size = (low - first) // workers
    return range(first + worker * size, first + (worker + 1) * size)


@functools.cache  # one sequence per process: each port is handed out once
def _ports() -> Iterator[int]:
    block = _port_block()
    start = random.randrange(len(block))  # noqa: S311 (spreads ports, nothing secret)
    return iter([*block[start:], *block[:start]])


def free_port() -> int:
    """A loopback port nothing listens on, for a server that a test starts in another process (Redis, `serve`).

    Such a server binds the port itself, after this returns. A port from bind(0) goes back to the kernel's pool
    in between, and any socket of the machine (another worker's emulator, an outgoing connection) may take it:
    the server then fails to start, a flake. These ports come from under the kernel's range, from a block of this
    worker's own, each handed out once; a random start keeps two runs on one machine apart, and the probe skips a
    port that something else holds.
    """
    for port in _ports():
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free loopback port left in this worker's block")


SLOW_FIRST = (
    "test_shared.py", "test_view.py", "test_stdio.py", "test_store.py", "test_budget.py", "test_digest.py",
    "test_http.py", "test_concurrency.py", "test_bundle.py", "test_faults.py", "test_hostile.py",
)  # fmt: skip
"""The files that take longest (processes, Redis, Chromium, the tokenizer), handed to the workers first: on two
cores, a slow file that starts last runs alone at the end. Only the order changes; every test still runs."""


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    missing = [name for name in SLOW_FIRST if not Path(__file__).with_name(name).exists()]
    if missing:  # a renamed file would silently lose its place
        raise pytest.UsageError(f"conftest.SLOW_FIRST names files that do not exist: {missing}")
    rank = {name: n for n, name in enumerate(SLOW_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(SLOW_FIRST)))  # stable: each file keeps its order
