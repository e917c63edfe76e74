"""Serving over streamable HTTP, for a team that runs one server for many analysts and agents.

Safe by default: it listens on 127.0.0.1, keeps the SDK's Host and Origin
checks (DNS-rebinding protection) on, and refuses to listen anywhere else
unless a bearer token is configured, which every request must then carry. It
is stateless (no MCP session lives in the process), so several instances can
stand behind an ordinary load balancer; `/health` answers it.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Sequence
from typing import Any, Final

from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import messages
from .config import ALLOWED_HOSTS_VAR, HTTP_TOKEN_VAR, Settings
from .language import Said

LOOPBACK: Final = frozenset({"127.0.0.1", "localhost", "::1"})
MCP_PATH: Final = "/mcp"
HEALTH_PATH: Final = "/health"
MAX_REQUEST_BYTES: Final = 256 * 1024
"""An MCP request here is a tool call with at most 20 ids: a few kilobytes. Larger bodies are refused."""


class HttpSetupError(ValueError):
    """The HTTP transport cannot start as asked; the message says what to change, in either language."""

    def __init__(self, said: Said) -> None:
        self.said = said
        super().__init__(said("en"))


def check_binding(host: str, settings: Settings, demo: bool = False) -> None:
    """Refuse to expose the server beyond this machine without a bearer token. The demo is refused too (the
    same server with the demo off would be open), but not for a quota it does not spend."""
    if host not in LOOPBACK and not settings.http_token:
        values = {"host": host, "token_var": HTTP_TOKEN_VAR, "hosts_var": ALLOWED_HOSTS_VAR}
        raise HttpSetupError(Said(messages.HTTP_EXPOSED_DEMO if demo else messages.HTTP_EXPOSED, values))


def security_settings(settings: Settings) -> TransportSecuritySettings:
    """The SDK's Host/Origin protection: loopback plus the configured host names."""
    hosts = ["127.0.0.1:*", "localhost:*", "[::1]:*"]
    origins = ["http://127.0.0.1:*", "http://localhost:*", "http://[::1]:*"]
    for name in settings.allowed_hosts:
        # Without a port, accept the bare name (default ports send no port in Host) and any port.
        names = [name] if ":" in name else [name, f"{name}:*"]
        hosts += names
        origins += [f"{scheme}://{n}" for n in names for scheme in ("http", "https")]
    return TransportSecuritySettings(enable_dns_rebinding_protection=True, allowed_hosts=hosts, allowed_origins=origins)


def http_app(server: MCPServer[Any], settings: Settings, host: str, demo: bool = False) -> ASGIApp:
    """The ASGI application: MCP at /mcp, a plain /health, and the bearer check in front when configured."""
    check_binding(host, settings, demo)

    @server.custom_route(HEALTH_PATH, methods=["GET"], include_in_schema=False)
    async def health(_: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        return PlainTextResponse("ok")

    security = security_settings(settings)
    app = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        transport_security=security,
        host=host,
    )
    guarded = BearerGuard(app, settings.http_token) if settings.http_token else app
    return HostGuard(RequestLimits(guarded), security.allowed_hosts)


def host_allowed(host: str, patterns: Sequence[str]) -> bool:
    """The SDK's rule for its `allowed_hosts` ("name" exactly, "name:*" with any port), applied in front of
    routing: the SDK checks inside the MCP endpoint only, after Starlette may have redirected `/mcp/`."""
    return any(host == p or (p.endswith(":*") and host.startswith(p[:-1])) for p in patterns)


class HostGuard:
    """Answers 421 to a request for a foreign Host before anything else sees it (redirects included).

    `/health` is exempt: load balancers probe it by address, with whatever Host they like.
    """

    def __init__(self, app: ASGIApp, patterns: Sequence[str]) -> None:
        self._app = app
        self._patterns = tuple(patterns)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") == HEALTH_PATH or self._allowed(scope):
            await self._app(scope, receive, send)
            return
        await _refuse(send, 421, {"error": "misdirected", "detail": "this Host is not served here"})

    def _allowed(self, scope: Scope) -> bool:
        host = next((value for name, value in scope.get("headers", []) if name == b"host"), b"")
        return host_allowed(host.decode("latin-1"), self._patterns)


async def _refuse(send: Send, status: int, doc: dict[str, str], extra: list[tuple[bytes, bytes]] | None = None) -> None:
    body = json.dumps(doc).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class RequestLimits:
    """Bounds what one request may hold: its body's size, and no standalone stream.

    A GET on the MCP endpoint would open a server-to-client stream that this stateless server never
    writes to; the transport specification lets a server answer 405 instead, and 2,000 idle ones are
    2,000 sockets held for nothing.
    """

    def __init__(self, app: ASGIApp, max_bytes: int = MAX_REQUEST_BYTES) -> None:
        self._app = app
        self._max = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self._app(scope, receive, send)
            return
        if scope.get("method") == "GET" and scope.get("path", "").rstrip("/") == MCP_PATH:
            await _refuse(send, 405, {"error": "method_not_allowed", "detail": "no standalone stream; POST"},
                          [(b"allow", b"POST, DELETE")])  # fmt: skip
            return
        headers = dict(scope.get("headers", []))
        declared = headers.get(b"content-length", b"").decode("latin-1")
        if declared.isdigit() and int(declared) > self._max:
            await _refuse(send, 413, {"error": "too_large", "detail": f"at most {self._max} bytes"})
            return
        # The body read here first, to the cap: a chunked body declares no length, and one that grows past the
        # cap gets the same 413 as a declared one (handing the app a cut body would be answered with a 500).
        # A request here is a few kilobytes; holding it whole costs nothing.
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                return  # the client left before its body was complete: nobody to answer
            body += message.get("body", b"")
            if len(body) > self._max:
                await _refuse(send, 413, {"error": "too_large", "detail": f"at most {self._max} bytes"})
                return
            if not message.get("more_body", False):
                break
        whole: list[Message] = [{"type": "http.request", "body": bytes(body), "more_body": False}]

        async def replay() -> Message:
            return whole.pop() if whole else await receive()

        await self._app(scope, replay, send)


class BearerGuard:
    """Answers 401 to any request but /health without `Authorization: Bearer <token>`.

    The scheme is matched in any case (RFC 9110 makes it case-insensitive). The
    token comparison takes the same time whatever the token's prefix, so the
    token cannot be guessed a character at a time.
    """

    def __init__(self, app: ASGIApp, token: str) -> None:
        self._app = app
        self._expected = token.encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") == HEALTH_PATH or self._authorised(scope):
            await self._app(scope, receive, send)
            return
        challenge = [(b"www-authenticate", b'Bearer realm="xingtu-showcase-mcp"')]
        await _refuse(send, 401, {"error": "unauthorized", "detail": "send Authorization: Bearer <token>"}, challenge)

    def _authorised(self, scope: Scope) -> bool:
        given = next((value for name, value in scope.get("headers", []) if name == b"authorization"), b"")
        scheme, _, token = given.strip().partition(b" ")
        return scheme.lower() == b"bearer" and hmac.compare_digest(token.strip(), self._expected)
