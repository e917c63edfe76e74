"""Memory of large answers digested at once: twenty ~15 MB bodies, one child at a time against four.

Two runs side by side in one process, each digesting the same twenty bodies concurrently through a
`Digester` (the server's own), while this process and its children's resident memory is sampled every
20 ms from /proc (Linux). Prints each peak and their ratio; the body total is the yardstick. Then the
whole server at its default settings (a `compare_creators` of twenty such creators over stdio, against
the tests' emulator on 127.0.0.1): the peak of the server process and its children together, the
figure #20 bounds at 250 MB.

    uv run python benchmarks/digest_memory.py [works per body, default 11000 ≈ 15 MB]
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import anyio
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.pipeline.digest import CHILDREN_AT_ONCE, Digester, Options
from xingtu_showcase_mcp.showcase import ENDPOINT as SHOWCASE

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from emulator import Emulator, Reply, many_items  # the tests' synthetic works and emulator, one source for both

BODIES = 20


def tree_rss_mb(root: int) -> float:
    """Resident memory of `root` and every descendant, in MB, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            status = Path(f"/proc/{entry}/status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        parents[int(entry)] = int(fields.get("PPid", "0").strip())
        rss[int(entry)] = int(fields.get("VmRSS", "0 kB").split()[0]) if "VmRSS" in fields else 0
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        total += rss.get(pid, 0)
        stack += [child for child, parent in parents.items() if parent == pid]
    return total / 1024


def children_rss_mb(root: int) -> float:
    """Resident memory of `root`'s descendants only (here: the server and its digest child), in MB."""
    own = Path(f"/proc/{root}/status").read_text().split("VmRSS:")[1].split()[0]
    return tree_rss_mb(root) - int(own) / 1024


async def peak_of(rss: Callable[[int], float], work: Callable[[], Awaitable[None]]) -> float:
    """The highest `rss(this process)` sampled every 20 ms while `work` runs."""
    peak = 0.0
    done = anyio.Event()

    async def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, await anyio.to_thread.run_sync(rss, os.getpid()))
            await anyio.sleep(0.02)

    async with anyio.create_task_group() as sampling:
        sampling.start_soon(sample)
        await work()
        done.set()
    return peak


async def peak_while_digesting(body: bytes, children: int) -> float:
    digester = Digester(Options(), children=children)

    async def one(n: int) -> None:
        await digester(SHOWCASE, 200, "application/json", [body], ShowcaseQuery(str(7 * 10**18 + n)), datetime.now(UTC))

    async def all_at_once() -> None:
        async with anyio.create_task_group() as digesting:
            for n in range(BODIES):
                digesting.start_soon(one, n)

    return await peak_of(tree_rss_mb, all_at_once)


async def peak_through_server(body: bytes) -> float:
    """The peak of the server process and its children while it compares twenty creators of `body` each."""
    emulator = Emulator()
    emulator.default = Reply(200, body)
    emulator.start()
    with tempfile.TemporaryDirectory() as home:
        env = {
            **os.environ,
            "JUSTONEAPI_TOKEN": emulator.token,
            "JUSTONEAPI_BASE_URL": emulator.url,
            "JUSTONEAPI_TIMEOUT": "300",  # twenty large digests one after the other: not a speed test
            "XINGTU_SHOWCASE_STORE": f"sqlite://{home}/store.sqlite3",
        }
        server = StdioServerParameters(command=str(Path(sys.executable).with_name("xingtu-showcase-mcp")), env=env)
        try:
            with tempfile.TemporaryFile("w") as errlog:
                async with Client(stdio_client(server, errlog=errlog)) as client:

                    async def compare() -> None:
                        ids = [str(7 * 10**18 + n) for n in range(BODIES)]
                        result = await client.call_tool("compare_creators", {"oAuthorIds": ids})
                        assert not result.is_error, result.content

                    return await peak_of(children_rss_mb, compare)
        finally:
            emulator.stop()


def main() -> int:
    works = int(sys.argv[1]) if len(sys.argv) > 1 else 11_000
    body = json.dumps(many_items(works), ensure_ascii=False).encode()
    print(f"{BODIES} bodies of {len(body) / 1e6:.1f} MB ({BODIES * len(body) / 1e6:.0f} MB in all), digested at once")
    ours = anyio.run(peak_while_digesting, body, CHILDREN_AT_ONCE)
    four = anyio.run(peak_while_digesting, body, 4)
    print(f"  {CHILDREN_AT_ONCE} child at a time (the server's): peak {ours:6.0f} MB")
    print(f"  4 children at a time:                peak {four:6.0f} MB  ({four / ours:.2f}x)")
    whole = anyio.run(peak_through_server, body)
    print(f"  the server, compare_creators of {BODIES}:   peak {whole:6.0f} MB  (server and children; #20 asks < 250)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
