"""A planner's week against the emulator: 20 creators asked three times, the server restarted in between.

Each round is a fresh server process (`call`), as Claude Desktop restarting its server is. Printed side by
side in one run: the upstream requests with the default store (a SQLite file) against without it
(`memory`), the added latency of a store hit against an in-process hit, and the file's size once it holds
10,000 creators.

    uv run python benchmarks/planner_week.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import anyio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from xingtu_showcase_mcp.contract import ShowcaseQuery  # noqa: E402
from xingtu_showcase_mcp.models import ShowcaseSummary  # noqa: E402
from xingtu_showcase_mcp.pipeline.cache import AnswerCache, Fetched  # noqa: E402
from xingtu_showcase_mcp.pipeline.shared import Shared  # noqa: E402
from xingtu_showcase_mcp.pipeline.store import SqliteStore, Store  # noqa: E402
from xingtu_showcase_mcp.showcase import ENDPOINT as SHOWCASE  # noqa: E402
from xingtu_showcase_mcp.showcase.summary import summarise  # noqa: E402

from emulator import Emulator, example_response  # noqa: E402
from redis_server import REDIS_SERVER, RedisServer  # noqa: E402

CREATORS = [str(7 * 10**18 + n) for n in range(20)]
ROUNDS = 3
SCRIPT = Path(sys.executable).with_name("xingtu-showcase-mcp")


def week(emulator: Emulator, store: str) -> int:
    """Requests the emulator received over three rounds of 20 creators, one server process per round."""
    before = len(emulator.requests)
    env = {**os.environ, "JUSTONEAPI_TOKEN": emulator.token, "JUSTONEAPI_BASE_URL": emulator.url,
           "XINGTU_SHOWCASE_STORE": store, "XINGTU_SHOWCASE_LOG_LEVEL": "ERROR"}  # fmt: skip
    for _ in range(ROUNDS):
        subprocess.run([str(SCRIPT), "compare", *CREATORS[:10]], env=env, capture_output=True, check=True)
        subprocess.run([str(SCRIPT), "compare", *CREATORS[10:]], env=env, capture_output=True, check=True)
    return len(emulator.requests) - before


async def hit_latency(store: Store) -> tuple[float, float]:
    """Median seconds of a hit: in process (the memory cache) and from `store` (a fresh cache, as after a
    restart or on another instance)."""
    answer = summarise(example_response()["data"], ShowcaseQuery(CREATORS[0]))
    warm = AnswerCache(600, 512, store=store)
    fetched = Fetched(answer, fetched_at=datetime.now(UTC))

    async def produce() -> Fetched[ShowcaseSummary]:
        return fetched

    query = ShowcaseQuery(CREATORS[0])
    await warm.fetch(SHOWCASE, query, produce)
    memory, stored = [], []
    for _ in range(200):
        began = time.perf_counter()
        await warm.fetch(SHOWCASE, query, produce)
        memory.append(time.perf_counter() - began)
        cold = AnswerCache(600, 512, store=store)  # a restarted server: nothing in memory
        began = time.perf_counter()
        await cold.fetch(SHOWCASE, query, produce)
        stored.append(time.perf_counter() - began)
    store.close()
    return statistics.median(memory), statistics.median(stored)


def redis_latency() -> tuple[float, float] | None:
    """The same against a throwaway redis-server on loopback, when Debian's package is installed."""
    if REDIS_SERVER is None:
        return None
    server = RedisServer()
    server.start()
    try:
        return anyio.run(hit_latency, Shared(server.url, "benchmark"))
    finally:
        server.stop()


def file_size(path: Path, creators: int = 10_000) -> float:
    store = SqliteStore(path)
    answer = SHOWCASE.stored(summarise(example_response()["data"], ShowcaseQuery(CREATORS[0])), datetime.now(UTC))
    for n in range(creators):
        store._put(f"bench|{n}", str(n), answer)
    store.close()
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*")) / 1024 / 1024


def main() -> int:
    emulator = Emulator(token="benchmark-token")
    emulator.start()
    try:
        with tempfile.TemporaryDirectory() as home:
            os.environ["XDG_CACHE_HOME"] = home  # the default store, in a directory of its own
            with_store = week(emulator, "sqlite")
        without = week(emulator, "memory")
    finally:
        emulator.stop()
    with tempfile.TemporaryDirectory() as scratch:
        memory, stored = anyio.run(hit_latency, SqliteStore(Path(scratch) / "hits.sqlite3"))
        size = file_size(Path(scratch) / "size.sqlite3")
    on_redis = redis_latency()
    print(f"a planner's week: {len(CREATORS)} creators x {ROUNDS} rounds, a server restart between rounds")
    print(f"  upstream requests with the SQLite store: {with_store}; without (memory only): {without}")
    print(f"  ratio: {with_store / without:.2f}")
    print(f"  a hit in process: {memory * 1e6:.0f} us; from the SQLite store after a restart: {stored * 1e6:.0f} us")
    if on_redis is not None:
        print(f"  a hit in process: {on_redis[0] * 1e6:.0f} us; from Redis on loopback: {on_redis[1] * 1e6:.0f} us")
    else:
        print("  (Redis: redis-server is not installed, so its hit was not measured)")
    print(f"  the SQLite file with 10,000 creators: {size:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
