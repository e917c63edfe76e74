"""All benchmarks in one command; each figure measured side by side with its baseline, interleaved.

    npm ci --prefix benchmarks && uv run python benchmarks/run.py

- cold start: spawn until `tools/list` is answered over stdio, against a bare MCPServer (bare_server.py);
- per-call overhead: a tool call over stdio against a direct httpx2 GET of the same emulator (50 ms latency);
- throughput: 200 calls at concurrency 50 over streamable HTTP (100 ms latency) against the ideal that
  JUSTONEAPI_MAX_CONCURRENCY sets;
- cache: latency and upstream requests of a repeated call;
- peak memory (VmHWM) against the bare MCPServer;
- answer size in o200k tokens against the raw JSON (needs Node.js and gpt-tokenizer).

Every number is a median of several runs; the emulator runs on 127.0.0.1 only. Prints a markdown table.
"""

from __future__ import annotations

import json
import math
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path
from typing import IO, Any

import anyio
import httpx2
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from emulator import ENDPOINT, Emulator  # noqa: E402 - the tests' emulator

OURS = [str(Path(sys.executable).with_name("xingtu-showcase-mcp"))]
BARE = [sys.executable, str(ROOT / "benchmarks" / "bare_server.py")]
AUTHOR = "6787286580932689933"
RUNS = 9
CONCURRENCY_LIMIT = 4


class StdioPeer:
    """A minimal JSON-RPC client over a child's pipes: nothing between the clock and the server."""

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            command,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            env={**os.environ, **env},
            text=True,
            encoding="utf-8",
        )
        self._next = 0

    def request(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self._next += 1
        self._send({"jsonrpc": "2.0", "id": self._next, "method": method, "params": params or {}})
        out: IO[str] = self.proc.stdout  # type: ignore[assignment]
        while True:
            message = json.loads(out.readline())
            if message.get("id") == self._next:
                return message

    def notify(self, method: str) -> None:
        self._send({"jsonrpc": "2.0", "method": method})

    def handshake(self) -> None:
        info = {"name": "bench", "version": "1"}
        self.request("initialize", {"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": info})
        self.notify("notifications/initialized")

    def peak_kib(self) -> int:
        status = Path(f"/proc/{self.proc.pid}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmHWM")))

    def close(self) -> None:
        self.proc.kill()
        self.proc.wait()

    def _send(self, message: dict[str, Any]) -> None:
        stdin: IO[str] = self.proc.stdin  # type: ignore[assignment]
        stdin.write(json.dumps(message) + "\n")
        stdin.flush()


def server_env(emulator: Emulator, **extra: str) -> dict[str, str]:
    return {
        "JUSTONEAPI_TOKEN": emulator.token,
        "JUSTONEAPI_BASE_URL": emulator.url,
        "JUSTONEAPI_CACHE_TTL": "0",
        "XINGTU_SHOWCASE_LOG_LEVEL": "WARNING",
        "XINGTU_SHOWCASE_STORE": "memory",  # each run measures its own calls, not a file a past run left
        **extra,
    }


def cold_start(emulator: Emulator, **extra: str) -> tuple[list[float], list[float], list[int], list[int]]:
    """Spawn-to-tools/list seconds and peak memory after one call, ours and the bare server's, interleaved;
    `extra`: settings of ours (another store)."""
    ours: list[float] = []
    bare: list[float] = []
    ours_mem: list[int] = []
    bare_mem: list[int] = []
    for _ in range(RUNS):
        for command, times, memory, call in (
            (OURS, ours, ours_mem, ("get_showcase_items", {"oAuthorId": AUTHOR})),
            (BARE, bare, bare_mem, ("echo", {"text": "x"})),
        ):
            peer = StdioPeer(command, server_env(emulator, **extra))
            peer.handshake()
            peer.request("tools/list")
            times.append(time.perf_counter() - peer.started)
            answer = peer.request("tools/call", {"name": call[0], "arguments": call[1]})
            assert not answer["result"].get("isError"), answer
            memory.append(peer.peak_kib())
            peer.close()
    return ours, bare, ours_mem, bare_mem


def per_call(emulator: Emulator, calls: int = 40) -> tuple[list[float], list[float], list[float]]:
    """Seconds per tool call over stdio, per direct GET of the same emulator, and per bare echo call, interleaved.

    The bare server's echo round trip is the SDK's own floor for a stdio tool call: what JSON-RPC framing,
    validation and dispatch cost before any tool does anything.
    """
    emulator.latency = 0.05
    peer = StdioPeer(OURS, server_env(emulator))
    peer.handshake()
    bare = StdioPeer(BARE, {})
    bare.handshake()
    direct = httpx2.Client()
    params = {"oAuthorId": AUTHOR, "platform": "SHORT_VIDEO", "onlyAssign": "false", "flowType": "EXCLUDE"}
    ours: list[float] = []
    raw: list[float] = []
    floor: list[float] = []
    try:
        for n in range(calls + 3):
            started = time.perf_counter()
            bare.request("tools/call", {"name": "echo", "arguments": {"text": "x"}})
            echo_spent = time.perf_counter() - started
            started = time.perf_counter()
            answer = peer.request("tools/call", {"name": "get_showcase_items", "arguments": {"oAuthorId": AUTHOR}})
            spent = time.perf_counter() - started
            assert not answer["result"].get("isError"), answer
            started = time.perf_counter()
            response = direct.get(emulator.url + ENDPOINT, params={**params, "token": emulator.token})
            response.json()
            direct_spent = time.perf_counter() - started
            if n >= 3:  # the first calls warm both paths up
                ours.append(spent)
                raw.append(direct_spent)
                floor.append(echo_spent)
    finally:
        peer.close()
        bare.close()
        direct.close()
        emulator.latency = 0.0
    return ours, raw, floor


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def throughput(emulator: Emulator, calls: int = 200, concurrency: int = 50, runs: int = 3) -> tuple[list[float], float]:
    """Seconds for `calls` calls at `concurrency` over streamable HTTP; and the ideal the limit allows."""
    latency = 0.1
    emulator.latency = latency
    port = free_port()
    proc = subprocess.Popen(
        [*OURS, "serve", "--transport", "http", "--port", str(port)],
        env={**os.environ, **server_env(emulator)},
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url)
        durations = [anyio.run(_burst, url, calls, concurrency, run) for run in range(runs)]
    finally:
        proc.kill()
        proc.wait()
        emulator.latency = 0.0
    ideal = math.ceil(calls / CONCURRENCY_LIMIT) * latency
    return durations, ideal


def _wait_healthy(url: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        try:
            if httpx2.get(url + "/health").status_code == 200:
                return
        except httpx2.HTTPError:
            time.sleep(0.05)
    raise RuntimeError("the HTTP server did not start")


async def _burst(url: str, calls: int, concurrency: int, run: int) -> float:
    limiter = anyio.Semaphore(concurrency)
    failures: list[str] = []
    http = httpx2.AsyncClient(timeout=120, limits=httpx2.Limits(max_connections=concurrency))
    async with http, Client(streamable_http_client(url + "/mcp", http_client=http)) as client:

        async def one(n: int) -> None:
            async with limiter:
                author = str(10**18 + run * 10_000 + n)  # distinct: no cache, no coalescing
                result = await client.call_tool("get_showcase_items", {"oAuthorId": author})
                if result.is_error:
                    failures.append(author)

        started = time.perf_counter()
        async with anyio.create_task_group() as tg:
            for n in range(calls):
                tg.start_soon(one, n)
        spent = time.perf_counter() - started
    if failures:
        raise RuntimeError(f"{len(failures)} calls failed")
    return spent


def cache(emulator: Emulator) -> tuple[list[float], list[float], int, int]:
    """First and repeated call latencies (emulator latency 50 ms), and upstream requests for each."""
    emulator.latency = 0.05
    firsts: list[float] = []
    repeats: list[float] = []
    before = len(emulator.requests)
    peer = StdioPeer(OURS, server_env(emulator, JUSTONEAPI_CACHE_TTL="600"))
    peer.handshake()
    try:
        for n in range(RUNS):
            arguments = {"name": "get_showcase_items", "arguments": {"oAuthorId": str(2 * 10**18 + n)}}
            for times in (firsts, repeats):
                started = time.perf_counter()
                peer.request("tools/call", arguments)
                times.append(time.perf_counter() - started)
    finally:
        peer.close()
        emulator.latency = 0.0
    return firsts, repeats, len(emulator.requests) - before, RUNS


def machine() -> str:
    cpu = "unknown CPU"
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        cpu = next(
            (line.split(":", 1)[1].strip() for line in cpuinfo.read_text().splitlines() if "model name" in line), cpu
        )
    return (
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"
    )


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def main() -> int:
    emulator = Emulator(token="benchmark-token")
    emulator.start()
    rows: list[tuple[str, str, str, str, str]] = []

    def row(name: str, ours: str, baseline: str, ratio: str, target: str) -> None:
        rows.append((name, ours, baseline, ratio, target))
        print(f"  {name}: {ours} vs {baseline} -> {ratio} (target {target})", file=sys.stderr)

    try:
        ours_start, bare_start, ours_mem, bare_mem = cold_start(emulator)
        row(
            "cold start to tools/list (stdio)",
            f"{median(ours_start) * 1000:.0f} ms",
            f"{median(bare_start) * 1000:.0f} ms (bare MCPServer)",
            f"{median(ours_start) / median(bare_start):.2f}x",
            "<= 1.15x",
        )
        with tempfile.TemporaryDirectory() as stored:  # what users get: an answer file, new here
            file_start, file_bare, _, _ = cold_start(emulator, XINGTU_SHOWCASE_STORE=f"sqlite:///{stored}/answers.db")
        row(
            "the same, with the default store (a SQLite file)",
            f"{median(file_start) * 1000:.0f} ms",
            f"{median(file_bare) * 1000:.0f} ms (bare MCPServer)",
            f"{median(file_start) / median(file_bare):.2f}x",
            "<= 1.15x",
        )
        row(
            "peak memory after a call (VmHWM)",
            f"{median(ours_mem) / 1024:.1f} MiB",
            f"{median(bare_mem) / 1024:.1f} MiB (bare MCPServer)",
            f"{median(ours_mem) / median(bare_mem):.2f}x",
            "<= 1.2x",
        )
        ours_call, raw_get, echo = per_call(emulator)
        added = (median(ours_call) - median(raw_get)) * 1000
        row(
            "tool call over stdio, 50 ms upstream",
            f"{median(ours_call) * 1000:.1f} ms",
            f"{median(raw_get) * 1000:.1f} ms (direct httpx2 GET)",
            f"+{added:.1f} ms",
            "< +5 ms",
        )
        row(
            "of which the SDK's stdio call floor",
            f"{median(echo) * 1000:.1f} ms",
            "bare MCPServer echo tool, same run",
            f"ours beyond it: +{added - median(echo) * 1000:.1f} ms",
            "-",
        )
        durations, ideal = throughput(emulator)
        row(
            "200 calls, concurrency 50, HTTP, 100 ms upstream",
            f"{median(durations):.2f} s ({200 / median(durations):.1f} calls/s)",
            f"{ideal:.2f} s ideal at {CONCURRENCY_LIMIT} in flight",
            f"{ideal / median(durations):.2f} of ideal",
            ">= 0.8",
        )
        firsts, repeats, requests, calls = cache(emulator)
        row(
            "repeated call, cache on, 50 ms upstream",
            f"{median(repeats) * 1000:.1f} ms, {requests - calls} requests for {calls} repeats",
            f"{median(firsts) * 1000:.1f} ms first call, {calls} requests",
            f"{median(repeats) / median(firsts):.2f}x latency",
            "no request",
        )
    finally:
        emulator.stop()
    rows += _answer_sizes()

    print(f"Machine: {machine()}. Medians of {RUNS} runs unless noted.\n")
    print("| measure | xingtu-showcase-mcp | baseline | ratio | target |")
    print("| --- | --- | --- | --- | --- |")
    for name, ours, baseline, ratio, target in rows:
        print(f"| {name} | {ours} | {baseline} | {ratio} | {target} |")
    return 0


def _answer_sizes() -> list[tuple[str, str, str, str, str]]:
    from answer_size import BUDGETS, measure

    TEXT_BUDGET, JSON_BUDGET = BUDGETS["example"]
    from tokens import tokenizer_available

    if not tokenizer_available():
        return [("answer size", "not measured: run `npm ci --prefix benchmarks`", "-", "-", "-")]
    sizes = measure()
    raw = f"{sizes['raw']} raw JSON"
    return [
        (
            "answer text, real example (o200k)",
            f"{sizes['text']} tokens",
            raw,
            _share(sizes, "text"),
            f"<= {TEXT_BUDGET}",
        ),
        (
            "answer JSON, real example (o200k)",
            f"{sizes['json']} tokens",
            raw,
            _share(sizes, "json"),
            f"<= {JSON_BUDGET}",
        ),
    ]


def _share(sizes: dict[str, int], key: str) -> str:
    return f"{sizes[key] / sizes['raw']:.3f}"


if __name__ == "__main__":
    raise SystemExit(main())
