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
from typing import Any, Final

from mcp.server.mcpserver import MCPServer
from mcp.server.transport_security import TransportSecuritySettings
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send

from . import messages
from .config import ALLOWED_HOSTS_VAR, HTTP_TOKEN_VAR, Settings
from .language import Said

LOOPBACK: Final = frozenset({"127.0.0.1", "localhost", "::1"})
MCP_PATH: Final = "/mcp"
HEALTH_PATH: Final = "/health"


class HttpSetupError(ValueError):
    """The HTTP transport cannot start as asked; the message says what to change, in either language."""

    def __init__(self, said: Said) -> None:
        self.said = said
        super().__init__(said("en"))


def check_binding(host: str, settings: Settings) -> None:
    """Refuse to expose the server beyond this machine without a bearer token."""
    if host not in LOOPBACK and not settings.http_token:
        values = {"host": host, "token_var": HTTP_TOKEN_VAR, "hosts_var": ALLOWED_HOSTS_VAR}
        raise HttpSetupError(Said(messages.HTTP_EXPOSED, values))


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


def http_app(server: MCPServer[Any], settings: Settings, host: str) -> ASGIApp:
    """The ASGI application: MCP at /mcp, a plain /health, and the bearer check in front when configured."""
    check_binding(host, settings)

    @server.custom_route(HEALTH_PATH, methods=["GET"], include_in_schema=False)
    async def health(_: Request) -> Response:  # pyright: ignore[reportUnusedFunction]
        return PlainTextResponse("ok")

    app = server.streamable_http_app(
        streamable_http_path=MCP_PATH,
        stateless_http=True,
        transport_security=security_settings(settings),
        host=host,
    )
    return BearerGuard(app, settings.http_token) if settings.http_token else app


class BearerGuard:
    """Answers 401 to any request but /health without `Authorization: Bearer <token>`.

    The comparison takes the same time whatever the token's prefix, so the
    token cannot be guessed a character at a time.
    """

    def __init__(self, app: ASGIApp, token: str) -> None:
        self._app = app
        self._expected = f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope.get("path") == HEALTH_PATH or self._authorised(scope):
            await self._app(scope, receive, send)
            return
        body = json.dumps({"error": "unauthorized", "detail": "send Authorization: Bearer <token>"}).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"www-authenticate", b'Bearer realm="xingtu-showcase-mcp"'),
            (b"content-length", str(len(body)).encode()),
        ]
        await send({"type": "http.response.start", "status": 401, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    def _authorised(self, scope: Scope) -> bool:
        given = next((value for name, value in scope.get("headers", []) if name == b"authorization"), b"")
        return hmac.compare_digest(given, self._expected)
