"""Does a huge answer block the server? Ping latency while a 10^6-work payload is digested.

Two runs side by side in one process:
- the real server (in-memory MCP client, the payload served by an httpx2 transport, the response cap
  raised to let it in): pings sent every 20 ms while `get_showcase_items` runs, their worst latency, and
  the call's total time against JUSTONEAPI_TIMEOUT;
- the baseline: the same body digested in process (as before the worker existed), with the same pinger
  on the same event loop.

    uv run python benchmarks/event_loop.py [works]
"""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime

import anyio
import anyio.lowlevel
import httpx2
from mcp import Client

from xingtu_showcase_mcp import logs
from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.names import TOOL_NAME
from xingtu_showcase_mcp.pipeline.digest import Digester, Options
from xingtu_showcase_mcp.server import build_server
from xingtu_showcase_mcp.showcase import ENDPOINT as SHOWCASE

AUTHOR = "6787286580932689933"
WARM_UP = "1000000000000000001"
BUDGET = 55.0
PING_EVERY = 0.02


def body_of(works: int) -> bytes:
    """A success envelope with `works` minimal personal works, built as text (no million dicts here)."""
    item = (
        '{{"item_id":"{id}","create_time":{t},"title":"work {n} #tag{m}","play":{p},"like":{l},'
        '"comment":3,"share":2,"duration":61,"is_hot":false}}'
    )
    items = ",".join(
        item.format(id=7 * 10**18 + n, t=1_600_000_000 + n * 600, n=n, m=n % 50, p=1000 + n, l=10 + n % 90)
        for n in range(works)
    )
    return ('{"code":0,"data":{"latest_item_info":[' + items + '],"latest_star_item_info":[]}}').encode()


async def pinging(ping: Callable[[], Awaitable[object]], stop: anyio.Event, waits: list[float]) -> None:
    """Ping every PING_EVERY; record how long each ping took to be answered, counted from when it was due
    (a blocked event loop delays both the sending and the answer)."""
    due = time.perf_counter()
    while not stop.is_set():
        await ping()
        waits.append(time.perf_counter() - due)
        due += PING_EVERY
        await anyio.sleep(max(0.0, due - time.perf_counter()))


async def through_the_server(body: bytes) -> tuple[float, float, bool]:
    mb = len(body) // (1024 * 1024) + 1
    settings = Settings(token="benchmark", base_url="http://127.0.0.1:9", max_response_mb=mb, timeout=BUDGET)
    small = body_of(15)
    upstream = httpx2.MockTransport(
        lambda request: httpx2.Response(200, content=small if request.url.params["oAuthorId"] == WARM_UP else body)
    )
    latencies: list[float] = []
    total, ok = 0.0, False
    async with Client(build_server(settings, upstream=upstream), mode="legacy") as client:  # ping is legacy-only
        # The in-memory client validates structured content in this same process, and compiles its schema
        # validator on the first call (about 70 ms): a warm-up call keeps the client's cost out of the figure.
        await client.call_tool(TOOL_NAME, {"oAuthorId": WARM_UP})
        stop = anyio.Event()
        async with anyio.create_task_group() as tg:
            tg.start_soon(pinging, client.send_ping, stop, latencies)
            await anyio.sleep(PING_EVERY * 2)
            began = time.perf_counter()
            result = await client.call_tool(TOOL_NAME, {"oAuthorId": AUTHOR})
            total, ok = time.perf_counter() - began, not result.is_error
            await anyio.sleep(PING_EVERY * 2)
            stop.set()
    return max(latencies), total, ok


async def in_process(body: bytes) -> float:
    digester = Digester(Options(), inline_max_bytes=len(body))
    latencies: list[float] = []

    async def tick() -> None:
        await anyio.lowlevel.checkpoint()

    stop = anyio.Event()
    async with anyio.create_task_group() as tg:
        tg.start_soon(pinging, tick, stop, latencies)
        await anyio.sleep(PING_EVERY * 2)
        await digester(SHOWCASE, 200, "application/json", [body], ShowcaseQuery(AUTHOR), datetime.now(UTC))
        await anyio.sleep(PING_EVERY * 2)  # a ping after the digest sees how late it got to run
        stop.set()
    return max(latencies)


def main() -> int:
    warnings.simplefilter("ignore")  # ping is legacy-era, and still what clients use to check a server
    works = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
    logs.configure("WARNING", [])
    body = body_of(works)
    print(f"{works:,} works, {len(body) / 1024 / 1024:.0f} MB body; pings every {PING_EVERY * 1000:.0f} ms")
    worst, total, ok = anyio.run(through_the_server, body)
    print(
        f"  server (child process): worst ping {worst * 1000:7.1f} ms; call {total:.1f} s of a {BUDGET:g} s "
        f"budget; answered: {ok}"
    )
    baseline = anyio.run(in_process, body)
    print(f"  baseline (in process):   worst ping {baseline * 1000:7.1f} ms")
    print(f"  ratio worst ping: {worst / baseline:.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
