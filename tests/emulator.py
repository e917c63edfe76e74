"""A Just One API emulator: a real HTTP/1.1 server on 127.0.0.1 that plays scripted answers.

It is written on asyncio streams rather than a web framework because the faults
it must play live below HTTP: a connection reset, a hang, a body cut short, and
noticing that a client hung up while it waited.

Tests queue the replies the next requests get (`emulator.plan(...)`); once the
queue is empty every request gets `emulator.default`. Every request is recorded
with its parameters, arrival time and whether the client disconnected before the
answer; the token is checked as Just One API does (code 100 with HTTP 401), and
the number of connections open at once is tracked. Run it by hand:

    uv run python tests/emulator.py --port 8765 --token test-token [--latency 0.1]

then point the server at it with JUSTONEAPI_BASE_URL=http://127.0.0.1:8765 and
JUSTONEAPI_TOKEN=test-token.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal
from urllib.parse import parse_qsl, urlsplit

ENDPOINT = "/api/douyin-xingtu/gw/api/author/get_author_show_items_v2/v1"
MARKETING = "/api/douyin-xingtu/gw/api/author/get_author_marketing_info/v1"
SEARCH = "/api/douyin-xingtu/gw/api/gsearch/search_for_author_square/v1"
FIXTURES = Path(__file__).resolve().parent / "fixtures"

# The HTTP status Just One API sends with each business code (from its OpenAPI responses
# and what users have seen); codes not listed come with 200.
STATUS_FOR_CODE: dict[int, int] = {100: 401, 302: 429, 303: 429, 400: 400, 500: 500, 503: 503, 600: 403}

Fault = Literal["reset", "hang", "truncate", "endless", "huge"]
"""Below HTTP: a reset, a hang, a body cut short; and two hostile bodies, streamed so the emulator itself
stays small: `endless` (chunked, never ends) and `huge` (`Reply.size` bytes, announced in Content-Length)."""
CHUNK = b"0" * 65_536


def example_response() -> dict[str, Any]:
    """Just One API's published success example (a copy in tests/fixtures)."""
    return json.loads((FIXTURES / "showcase-items.example-response.json").read_text("utf-8"))


def marketing_example() -> dict[str, Any]:
    """Just One API's published quotes example, the same creator as the showcase example (tests/fixtures)."""
    doc: dict[str, Any] = json.loads((FIXTURES / "marketing-info.example.json").read_text("utf-8"))
    return {"message": "success", "recordTime": None, "requestId": "emu-req", **doc}


def search_capture() -> dict[str, Any]:
    """The independent 2026 capture of a search for 健身 (2 of 20 authors kept), in Just One API's envelope."""
    data = json.loads((FIXTURES / "search.capture-2026-03.json").read_text("utf-8"))
    return {"code": 0, "message": "success", "recordTime": None, "requestId": "emu-req", "data": data}


def many_items(count: int) -> dict[str, Any]:
    """The real example with `count` personal works, a day apart, newest with the highest id."""
    doc = example_response()
    # Each work a fresh copy of one of the 15, by JSON: a deep copy of thousands of works costs seconds.
    template = [json.dumps(item) for item in doc["data"]["latest_item_info"]]
    items: list[dict[str, Any]] = []
    for n in range(count):
        item: dict[str, Any] = json.loads(template[n % len(template)])
        created = 1_262_304_000 + n * 86_400  # from 2010-01-01: 5,000 works end in 2023, never after a fetch
        item.update(item_id=str(7_000_000_000_000_000_000 + n), create_time=created, create_timestamp=created)
        item.update(play=1_000 + n, like=10, comment=1, share=1)
        items.append(item)
    doc["data"]["latest_item_info"] = items
    return doc


@dataclass(frozen=True)
class Reply:
    """One scripted answer: status, body, content type, a delay, and optionally a fault."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict[str, str])
    fault: Fault | None = None
    size: int = 0
    """For the `huge` fault: the body's length in bytes."""

    @staticmethod
    def json(doc: object, status: int = 200, delay: float = 0.0) -> Reply:
        return Reply(status, json.dumps(doc, ensure_ascii=False).encode("utf-8"), delay=delay)

    @staticmethod
    def envelope(code: int | str, data: object = None, status: int | None = None, message: str | None = "") -> Reply:
        """A business-code answer, with the HTTP status Just One API uses for that code."""
        if status is None:
            status = STATUS_FOR_CODE.get(int(code), 200) if str(code).isdigit() else 200
        doc = {"code": code, "message": message, "data": data, "recordTime": None, "requestId": "emu-req"}
        return Reply.json(doc, status)

    @staticmethod
    def success(data: object | None = None, record_time: str | None = None, delay: float = 0.0) -> Reply:
        doc = example_response()
        if data is not None:
            doc["data"] = data
        if record_time is not None:
            doc["recordTime"] = record_time
        return Reply.json(doc, delay=delay)


@dataclass
class Seen:
    """A request the emulator received."""

    params: dict[str, str]
    at: float
    disconnected: bool = False
    headers: dict[str, str] = field(default_factory=dict[str, str])
    """Request headers, lower-cased names (a cookie sent back, for one)."""
    path: str = ENDPOINT


class Emulator:
    """The emulator's state and its asyncio server, run on a thread of its own."""

    def __init__(self, token: str = "emulator-token", latency: float = 0.0) -> None:
        self.token = token
        self.latency = latency
        self.default = Reply.success()
        self.marketing = Reply.json(marketing_example())
        """What the quotes endpoint answers once the plan is spent (the plan serves every endpoint in order)."""
        self.search = Reply.json(search_capture())
        """What the creator search answers once the plan is spent."""
        self.requests: list[Seen] = []
        self.reply_for: dict[str, Reply] = {}
        """Replies by requested author id, for concurrent requests whose order cannot be scripted."""
        self.takes: Callable[[], None] | None = None
        """When set, called as each answer is about to go out: a test's virtual clock can let each answer take
        its time there, whatever the machine's speed (`VirtualClock.advance`), where `latency` takes real time."""
        self.tag_ids = False
        """When set, a success answer's newest personal work takes the requested author id as its item id,
        so that a test can tell whose answer is whose."""
        self.open_connections = 0
        self.max_open_connections = 0
        self.in_flight = 0
        self.max_in_flight = 0
        """Requests being answered at once: read, not yet answered (a connection may sit idle in a pool)."""
        self._plan: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    # ------------------------------------------------------------ scripting
    def plan(self, *replies: Reply) -> None:
        """The next requests get these replies, in order; later ones get `default`."""
        with self._lock:
            self._plan.extend(replies)

    def reset(self) -> None:
        with self._lock:
            self._plan.clear()
            self.requests.clear()
            self.default = Reply.success()
            self.marketing = Reply.json(marketing_example())
            self.search = Reply.json(search_capture())
            self.latency = 0.0
            self.takes = None
            self.tag_ids = False
            self.reply_for = {}
            self.max_open_connections = self.open_connections
            self.max_in_flight = self.in_flight

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def wait_for_requests(self, count: int, timeout: float = 10.0) -> None:
        deadline = time.monotonic() + timeout
        while len(self.requests) < count:
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(self.requests)} requests, expected {count}")
            time.sleep(0.005)

    # ------------------------------------------------------------ serving
    async def _connection(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._lock:
            self.open_connections += 1
            self.max_open_connections = max(self.max_open_connections, self.open_connections)
        try:
            while await self._one_request(reader, writer):
                pass
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            with self._lock:
                self.open_connections -= 1
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _one_request(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        """Serve one request; False when the connection is to be closed."""
        head = await reader.readuntil(b"\r\n\r\n") if not reader.at_eof() else b""
        if not head:
            return False
        with self._lock:
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            return await self._answer(head, reader, writer)
        finally:
            with self._lock:
                self.in_flight -= 1

    async def _answer(self, head: bytes, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> bool:
        target = head.split(b"\r\n", 1)[0].split(b" ")[1].decode("latin-1")
        url = urlsplit(target)
        params = dict(parse_qsl(url.query, keep_blank_values=True))
        lines = head.decode("latin-1").split("\r\n")[1:]
        headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines) if k}
        seen = Seen(params, time.monotonic(), headers=headers, path=url.path)
        with self._lock:
            self.requests.append(seen)
            if params.get("oAuthorId") in self.reply_for:
                reply = self.reply_for[params["oAuthorId"]]
            else:
                later = {MARKETING: self.marketing, SEARCH: self.search}.get(url.path, self.default)
                reply = self._plan.popleft() if self._plan else later
        if url.path not in (ENDPOINT, MARKETING, SEARCH):
            reply = Reply.json({"code": 404, "message": "no such endpoint", "data": None}, status=404)
        elif params.get("token") != self.token:
            reply = Reply.envelope(100, message="invalid token")
        wait = reply.delay + self.latency
        if reply.fault == "hang":
            wait = 3600.0
        if wait and await self._client_left_within(reader, wait):
            seen.disconnected = True
            return False
        if self.takes is not None:
            self.takes()
        if reply.fault == "reset":
            sock = writer.get_extra_info("socket")
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            writer.transport.abort()
            return False
        if reply.fault in ("endless", "huge"):
            return await self._hostile_body(reply, writer)
        body = self._tagged(reply.body, params.get("oAuthorId", "")) if self.tag_ids else reply.body
        length = len(body)
        if reply.fault == "truncate":
            body = body[: len(body) // 2]
        headers = {"content-type": reply.content_type, "content-length": str(length), **reply.headers}
        lines = [f"HTTP/1.1 {reply.status} X"] + [f"{k}: {v}" for k, v in headers.items()]
        writer.write(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)
        await writer.drain()
        return reply.fault != "truncate"

    @staticmethod
    async def _hostile_body(reply: Reply, writer: asyncio.StreamWriter) -> bool:
        """Stream a body that never ends, or one of `reply.size` bytes, until the client stops reading."""
        framing = "transfer-encoding: chunked" if reply.fault == "endless" else f"content-length: {reply.size}"
        head = f"HTTP/1.1 {reply.status} X\r\ncontent-type: {reply.content_type}\r\n{framing}\r\n\r\n"
        writer.write(head.encode("latin-1"))
        sent = 0
        while reply.fault == "endless" or sent < reply.size:
            chunk = CHUNK if reply.fault == "endless" else CHUNK[: reply.size - sent]
            framed = b"%x\r\n%s\r\n" % (len(chunk), chunk) if reply.fault == "endless" else chunk
            writer.write(framed)
            await writer.drain()  # raises once the client has hung up
            sent += len(chunk)
        return False

    @staticmethod
    def _tagged(body: bytes, author: str) -> bytes:
        try:
            doc = json.loads(body)
            doc["data"]["latest_item_info"][0]["item_id"] = author
        except (ValueError, KeyError, IndexError, TypeError):
            return body
        return json.dumps(doc, ensure_ascii=False).encode("utf-8")

    @staticmethod
    async def _client_left_within(reader: asyncio.StreamReader, seconds: float) -> bool:
        """Wait `seconds`, returning early (True) if the client closes the connection meanwhile."""
        try:
            data = await asyncio.wait_for(reader.read(1), timeout=seconds)
        except TimeoutError:
            return False
        return data == b""

    def start(self, port: int = 0) -> None:
        ready = threading.Event()

        def run() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop

            async def serve() -> None:
                self._server = await asyncio.start_server(self._connection, "127.0.0.1", port, backlog=512)
                self.port = self._server.sockets[0].getsockname()[1]
                ready.set()
                async with self._server:
                    with contextlib.suppress(asyncio.CancelledError):
                        await self._server.serve_forever()

            loop.run_until_complete(serve())
            loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("the emulator did not start")

    def stop(self) -> None:
        if self._loop is not None and self._server is not None:
            self._loop.call_soon_threadsafe(self._server.close)
        if self._thread is not None:
            self._thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description="Just One API emulator for the Showcase Items endpoint")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", default="test-token")
    parser.add_argument("--latency", type=float, default=0.0, help="seconds before each answer")
    args = parser.parse_args()
    emulator = Emulator(token=args.token, latency=args.latency)
    emulator.start(args.port)
    print(f"Emulating Just One API at {emulator.url} (token {args.token!r}); Ctrl-C stops it.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        emulator.stop()


if __name__ == "__main__":
    main()
