"""Streamable HTTP with a real HTTP MCP client: it works, and it refuses what it must."""

from __future__ import annotations

import os
import resource
import socket
import subprocess
import sys
import threading
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import anyio
import anyio.abc
import httpx2
import pytest
import uvicorn
from mcp import Client
from mcp.client.streamable_http import streamable_http_client

from xingtu_showcase_mcp.config import HTTP_TOKEN_VAR, ConfigError, Settings, load_settings
from xingtu_showcase_mcp.http_transport import HttpSetupError, http_app
from xingtu_showcase_mcp.language import LANGUAGES, Language
from xingtu_showcase_mcp.names import TOOL_NAME
from xingtu_showcase_mcp.server import build_server

from conftest import free_port, settings_for, text_of
from emulator import Emulator

AUTHOR = "6787286580932689933"
BEARER = "s3cret-bearer-token-for-tests-0123456789abcdef"
pytestmark = pytest.mark.anyio


@contextmanager
def running(settings: Settings, host: str = "127.0.0.1") -> Iterator[str]:
    """The HTTP server on a free loopback port, in a thread; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    app = http_app(build_server(settings), settings, host)
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", log_config=None))
    thread = threading.Thread(target=lambda: server.run(sockets=[sock]), daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert time.monotonic() < deadline, "the HTTP server did not start"
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


async def call_over_http(url: str, mode: str = "auto", headers: dict[str, str] | None = None) -> Any:
    http = httpx2.AsyncClient(headers=headers or {}, timeout=30)
    async with http, Client(streamable_http_client(f"{url}/mcp", http_client=http), mode=mode) as client:
        return await client.call_tool(TOOL_NAME, {"oAuthorId": AUTHOR})


@pytest.mark.parametrize("mode", ["legacy", "auto"])
async def test_a_call_works_over_http_in_both_protocol_eras(emulator: Emulator, mode: str) -> None:
    with running(settings_for(emulator)) as url:
        result = await call_over_http(url, mode)
    assert not result.is_error, text_of(result)
    assert result.structured_content is not None and result.structured_content["author_id"] == AUTHOR
    assert len(emulator.requests) == 1


async def test_foreign_host_or_origin_is_refused(emulator: Emulator) -> None:
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    headers = {"content-type": "application/json", "accept": "application/json, text/event-stream"}
    with running(settings_for(emulator)) as url:
        async with httpx2.AsyncClient() as http:
            ok = await http.post(f"{url}/mcp", json=body, headers=headers)
            host = await http.post(f"{url}/mcp", json=body, headers={**headers, "host": "evil.example"})
            origin = await http.post(f"{url}/mcp", json=body, headers={**headers, "origin": "http://evil.example"})
    assert ok.status_code == 200
    assert host.status_code == 421
    assert origin.status_code == 403


async def test_bearer_token_is_required_when_configured(emulator: Emulator) -> None:
    settings = settings_for(emulator, http_token=BEARER)
    with running(settings) as url:
        async with httpx2.AsyncClient() as http:
            health = await http.get(f"{url}/health")
            missing = await http.post(f"{url}/mcp", json={})
            wrong = await http.post(f"{url}/mcp", json={}, headers={"authorization": "Bearer nope"})
            prefix = await http.post(f"{url}/mcp", json={}, headers={"authorization": f"Bearer {BEARER[:-1]}"})
        result = await call_over_http(url, headers={"authorization": f"Bearer {BEARER}"})
    assert health.status_code == 200 and health.text == "ok"
    for refused in (missing, wrong, prefix):
        assert refused.status_code == 401
        assert refused.headers["www-authenticate"].startswith("Bearer")
        assert BEARER not in refused.text
    assert not result.is_error
    assert len(emulator.requests) == 1


def test_listening_beyond_loopback_needs_a_bearer_token() -> None:
    with pytest.raises(HttpSetupError) as caught:
        http_app(build_server(Settings()), Settings(), "0.0.0.0")  # noqa: S104 - the case under test
    assert "XINGTU_SHOWCASE_HTTP_TOKEN" in str(caught.value) and "quota" in str(caught.value)
    settings = Settings(http_token=BEARER, allowed_hosts=("mcp.example.com",))
    app = http_app(build_server(settings), settings, "0.0.0.0")  # noqa: S104
    assert callable(app)  # an ASGI application: with the token set, it may listen beyond loopback


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_demo_beyond_loopback_is_refused_without_a_quota_it_does_not_spend(language: Language) -> None:
    """The demo spends nothing: the refusal says so, and why it refuses all the same."""
    with pytest.raises(HttpSetupError) as caught:
        http_app(build_server(Settings(), demo=True), Settings(), "0.0.0.0", demo=True)  # noqa: S104
    said = caught.value.said(language)
    assert "XINGTU_SHOWCASE_HTTP_TOKEN" in said and "0.0.0.0" in said  # noqa: S104
    assert ("spends no quota" if language == "en" else "不消耗额度") in said
    assert ("could spend" if language == "en" else "花掉") not in said


async def test_configured_host_names_are_accepted(emulator: Emulator) -> None:
    settings = settings_for(emulator, allowed_hosts=("mcp.example.com",))
    body = {"jsonrpc": "2.0", "id": 1, "method": "tools/list"}
    headers = {"accept": "application/json, text/event-stream", "host": "mcp.example.com"}
    with running(settings) as url:
        async with httpx2.AsyncClient() as http:
            answer = await http.post(f"{url}/mcp", json=body, headers=headers)
    assert answer.status_code == 200


async def until_healthy(http: httpx2.AsyncClient, url: str, process: anyio.abc.Process) -> None:
    """Poll /health until a freshly spawned server answers; fail if it exits first."""
    for _ in range(300):
        try:
            if (await http.get(f"{url}/health")).status_code == 200:
                return
        except httpx2.TransportError:
            pass
        assert process.returncode is None, "the server exited at start-up"
        await anyio.sleep(0.05)
    raise AssertionError("the server never answered /health")


async def test_serve_http_from_the_command_line_answers_a_demo_call() -> None:
    """`serve --transport http` as a user types it: the console script, a port, a real HTTP client."""
    port = free_port()
    script = Path(sys.executable).with_name("xingtu-showcase-mcp")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    command = [str(script), "serve", "--transport", "http", "--port", str(port), "--demo"]
    url = f"http://127.0.0.1:{port}"
    async with await anyio.open_process(command, env=env) as process:
        try:
            async with httpx2.AsyncClient(timeout=5) as http:
                await until_healthy(http, url, process)
            result = await call_over_http(url)
        finally:
            process.terminate()
        await process.wait()
        assert process.stdout is not None
        stdout = b"".join([chunk async for chunk in process.stdout])
    assert not result.is_error
    assert "DEMO DATA" in text_of(result)
    assert stdout == b""  # the HTTP server logs to stderr only


async def test_a_foreign_host_is_refused_before_any_redirect(emulator: Emulator) -> None:
    with running(settings_for(emulator)) as url:
        async with httpx2.AsyncClient() as http:
            slash = await http.get(f"{url}/mcp/", headers={"host": "evil.example"})
            other = await http.get(f"{url}/anything", headers={"host": "evil.example:8000"})
            health = await http.get(f"{url}/health", headers={"host": "10.0.0.5"})  # a load balancer's probe
    assert slash.status_code == 421 and "location" not in slash.headers
    assert other.status_code == 421
    assert health.status_code == 200


async def test_the_bearer_scheme_is_matched_in_any_case(emulator: Emulator) -> None:
    with running(settings_for(emulator, http_token=BEARER)) as url:
        lower = await call_over_http(url, headers={"authorization": f"bearer {BEARER}"})
        async with httpx2.AsyncClient() as http:
            basic = await http.post(f"{url}/mcp", json={}, headers={"authorization": f"Basic {BEARER}"})
    assert not lower.is_error
    assert basic.status_code == 401


def test_the_command_line_refuses_the_demo_beyond_loopback_in_the_demos_words() -> None:
    """What a user typing the command sees: exit 2, the demo's reason, nothing bound (the refusal comes first)."""
    script = Path(sys.executable).with_name("xingtu-showcase-mcp")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    command = [str(script), "serve", "--transport", "http", "--host", "0.0.0.0", "--port", "9", "--demo"]  # noqa: S104
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 2 and done.stdout == ""
    assert "spends no quota" in done.stderr and "could spend" not in done.stderr
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("length", [1, 31])
def test_a_short_http_token_stops_the_server_without_echoing_it(length: int) -> None:
    token = "k" * length
    with pytest.raises(ConfigError) as caught:
        load_settings({HTTP_TOKEN_VAR: token})
    message = str(caught.value)
    assert HTTP_TOKEN_VAR in message and "32" in message and str(length) in message
    assert token not in message or length == 1  # a one-letter token is the letter "k", which words contain
    assert load_settings({HTTP_TOKEN_VAR: "k" * 32}).http_token == "k" * 32


async def test_slow_clients_cannot_starve_the_server_of_sockets_or_flood_its_log() -> None:
    """1,100 connections that never finish their headers, against a server limited to 1,024 descriptors."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < 1500:
        resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, 4096), hard))  # this test process holds 1,100
    port = free_port()
    script = Path(sys.executable).with_name("xingtu-showcase-mcp")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    # The server alone gets the 1,024 descriptors of a default Linux shell.
    serve = [str(script), "serve", "--transport", "http", "--port", str(port), "--demo"]
    command = ["sh", "-c", 'ulimit -n 1024 && exec "$0" "$@"', *serve]
    url = f"http://127.0.0.1:{port}"
    slow: list[socket.socket] = []
    async with await anyio.open_process(command, env=env, stdout=subprocess.DEVNULL) as proc:
        try:
            async with httpx2.AsyncClient(timeout=10) as http:
                await until_healthy(http, url, proc)
                for _ in range(1100):
                    sock = socket.create_connection(("127.0.0.1", port))
                    sock.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and never the rest
                    slow.append(sock)
                health = await http.get(f"{url}/health")
                mcp_get = await http.get(f"{url}/mcp", headers={"accept": "text/event-stream"})
                too_big = await http.post(f"{url}/mcp", content=b"x" * (300 * 1024),
                                          headers={"content-type": "application/json"})  # fmt: skip

                async def chunks() -> AsyncIterator[bytes]:  # no content-length: the size shows only as it comes
                    for _ in range(10):
                        yield b"x" * (32 * 1024)

                too_big_chunked = await http.post(f"{url}/mcp", content=chunks(),
                                                  headers={"content-type": "application/json"})  # fmt: skip
                result = await call_over_http(url)
        finally:
            for sock in slow:
                sock.close()
            proc.terminate()
        await proc.wait()
        assert proc.stderr is not None
        stderr = b"".join([chunk async for chunk in proc.stderr])
    assert health.status_code == 200  # fresh clients are served: the oldest waiting ones made room
    assert mcp_get.status_code == 405  # no idle stream held open per GET
    assert too_big.status_code == 413
    assert too_big_chunked.status_code == 413  # not a 500: the same refusal as a declared length
    assert not result.is_error and "DEMO DATA" in text_of(result)
    lines = stderr.decode(errors="replace").splitlines()
    assert len(lines) < 50, lines[-5:]  # one warning about evictions, not a line per connection
    assert not any("Too many open files" in line for line in lines)
