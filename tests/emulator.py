"""A Just One API emulator: a real HTTP server on 127.0.0.1 that plays scripted answers.

Tests queue the replies the next requests get (`emulator.plan(...)`); once the
queue is empty every request gets `emulator.default`. Every request is recorded
with its parameters and time, and the token is checked as Just One API does
(code 100 with HTTP 401). Run it by hand for manual testing:

    uv run python tests/emulator.py --port 8765 --token test-token

then point the server at it with JUSTONEAPI_BASE_URL=http://127.0.0.1:8765 and
JUSTONEAPI_TOKEN=test-token.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

ENDPOINT = "/api/douyin-xingtu/gw/api/author/get_author_show_items_v2/v1"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def example_response() -> dict[str, Any]:
    """Just One API's published success example (a copy in tests/fixtures)."""
    return json.loads((FIXTURES / "showcase-items.example-response.json").read_text("utf-8"))


@dataclass(frozen=True)
class Reply:
    """One scripted answer: status, body, content type, and how long to wait before sending it."""

    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    delay: float = 0.0
    headers: dict[str, str] = field(default_factory=dict[str, str])

    @staticmethod
    def json(doc: object, status: int = 200, delay: float = 0.0) -> Reply:
        return Reply(status, json.dumps(doc, ensure_ascii=False).encode("utf-8"), delay=delay)

    @staticmethod
    def envelope(code: int | str, data: object = None, status: int = 200, message: str | None = "") -> Reply:
        doc = {"code": code, "message": message, "data": data, "recordTime": None, "requestId": "emu-req"}
        return Reply.json(doc, status)

    @staticmethod
    def success(data: object | None = None, record_time: str | None = None) -> Reply:
        doc = example_response()
        if data is not None:
            doc["data"] = data
        if record_time is not None:
            doc["recordTime"] = record_time
        return Reply.json(doc)


@dataclass(frozen=True)
class Seen:
    """A request the emulator received."""

    params: dict[str, str]
    at: float


class Emulator:
    """The emulator's state and its uvicorn server, run on a thread of its own."""

    def __init__(self, token: str = "emulator-token") -> None:
        self.token = token
        self.default = Reply.success()
        self.requests: list[Seen] = []
        self._plan: deque[Reply] = deque()
        self._lock = threading.Lock()
        self._server: uvicorn.Server | None = None
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

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # ------------------------------------------------------------ serving
    async def _endpoint(self, request: Request) -> Response:
        params = dict(request.query_params)
        with self._lock:
            self.requests.append(Seen(params, time.monotonic()))
            reply = self._plan.popleft() if self._plan else self.default
        if params.get("token") != self.token:
            reply = Reply.envelope(100, status=401, message="invalid token")
        if reply.delay:
            await asyncio.sleep(reply.delay)
        return Response(reply.body, reply.status, headers=reply.headers, media_type=reply.content_type)

    def app(self) -> Starlette:
        return Starlette(routes=[Route(ENDPOINT, self._endpoint)])

    def start(self, port: int = 0) -> None:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))
        self.port = sock.getsockname()[1]
        config = uvicorn.Config(self.app(), log_level="warning", lifespan="off")
        self._server = uvicorn.Server(config)
        server = self._server
        self._thread = threading.Thread(target=lambda: server.run(sockets=[sock]), daemon=True)
        self._thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline:
                raise RuntimeError("the emulator did not start")
            time.sleep(0.01)

    def stop(self) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description="Just One API emulator for the Showcase Items endpoint")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", default="test-token")
    args = parser.parse_args()
    emulator = Emulator(token=args.token)
    emulator.start(args.port)
    print(f"Emulating Just One API at {emulator.url} (token {args.token!r}); Ctrl-C stops it.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        emulator.stop()


if __name__ == "__main__":
    main()
