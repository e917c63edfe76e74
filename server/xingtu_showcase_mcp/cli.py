"""The command line: serve over stdio (what MCP clients launch), or call the tool once.

`call` goes through a real MCP client connected in memory, so what it prints is
exactly what an assistant would receive. Only `call` writes to stdout; serving
writes nothing there but MCP messages.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from typing import Any

import anyio
from mcp import Client
from mcp.types import TextContent

from . import __version__, logs, messages
from .config import LOG_LEVEL_VAR, TOKEN_VAR, ConfigError, Settings, language_of, load_settings
from .contract import DEFAULT_FLOW_TYPE, DEFAULT_PLATFORM, FLOW_TYPES, PLATFORMS
from .demo import DEMO_AUTHOR_ID
from .http_transport import HttpSetupError, http_app
from .server import TOOL_NAME, build_server


def _common(parser: argparse.ArgumentParser, *, top: bool) -> None:
    """Options that mean the same before or after the command.

    A subcommand's copy defaults to "not given" (SUPPRESS), so it never overwrites what was given
    before the command: `--demo call` and `call --demo` are the same.
    """
    default: Any = False if top else argparse.SUPPRESS
    parser.add_argument(
        "--demo", action="store_true", default=default, help="built-in synthetic data (no token, no network)"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="xingtu-showcase-mcp",
        description="MCP server for a Douyin creator's Xingtu showcase (via Just One API). "
        f"Without a command it serves over stdio. Configure it with {TOKEN_VAR} and the other "
        "JUSTONEAPI_* variables (see README).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser, top=True)
    commands = parser.add_subparsers(dest="command")

    serve = commands.add_parser("serve", help="serve over stdio (the default) or streamable HTTP")
    _common(serve, top=False)
    serve.add_argument("--transport", choices=("stdio", "http"), default="stdio")
    serve.add_argument("--host", default="127.0.0.1", help="HTTP: address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="HTTP: port (default 8000)")

    call = commands.add_parser("call", help="run get_showcase_items once and print the answer")
    _common(call, top=False)
    call.add_argument("author", nargs="?", help="Xingtu author id or creator page URL (optional with --demo)")
    call.add_argument("--platform", choices=PLATFORMS, default=DEFAULT_PLATFORM)
    call.add_argument("--only-assign", action="store_true", help="only works assigned through Xingtu orders")
    call.add_argument("--flow-type", choices=FLOW_TYPES, default=DEFAULT_FLOW_TYPE)
    call.add_argument("--json", action="store_true", help="print the structured content instead of the text")
    return parser


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script and of `python -m xingtu_showcase_mcp`."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(os.environ)
    except ConfigError as exc:
        language = language_of(os.environ)
        print(messages.CLI_CONFIG_ERROR(language, why=exc.said(language)), file=sys.stderr)
        raise SystemExit(2) from None
    demo = bool(args.demo)
    if args.command == "call":
        raise SystemExit(_call(args, settings, demo))
    if args.command == "serve" and args.transport == "http":
        raise SystemExit(_serve_http(settings, demo, args.host, args.port))
    _serve(settings, demo)


def _serve(settings: Settings, demo: bool) -> None:
    logs.configure(settings.log_level, settings.secrets)
    build_server(settings, demo=demo).run("stdio")


def _serve_http(settings: Settings, demo: bool, host: str, port: int) -> int:
    logs.configure(settings.log_level, settings.secrets)
    try:
        app = http_app(build_server(settings, demo=demo), settings, host)
    except HttpSetupError as exc:
        print(messages.CLI_SETUP_ERROR(settings.language, why=exc.said(settings.language)), file=sys.stderr)
        return 2
    import uvicorn  # only the HTTP transport needs it: stdio start-up stays lean

    from .http_limits import ACCEPT_BACKLOG, guarded_protocol, quiet_accept_errors

    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level=settings.log_level.lower(),
        log_config=None,
        http=guarded_protocol(),
        timeout_keep_alive=5,
        backlog=ACCEPT_BACKLOG,
    )
    quiet_accept_errors()
    uvicorn.Server(config).run()
    return 0


def _call(args: argparse.Namespace, settings: Settings, demo: bool) -> int:
    if args.author is None and not demo:
        print(messages.CLI_NEEDS_AUTHOR(settings.language), file=sys.stderr)
        return 2
    level = settings.log_level if os.environ.get(LOG_LEVEL_VAR) else "WARNING"
    logs.configure(level, settings.secrets)
    arguments: dict[str, Any] = {
        "oAuthorId": args.author or DEMO_AUTHOR_ID,
        "platform": args.platform,
        "onlyAssign": args.only_assign,
        "flowType": args.flow_type,
    }
    app = build_server(settings, demo=demo)

    async def run() -> int:
        async with Client(app) as client:
            result = await client.call_tool(TOOL_NAME, arguments)
        text = "\n".join(block.text for block in result.content if isinstance(block, TextContent))
        if result.is_error:
            print(text, file=sys.stderr)
            return 1
        if args.json:
            print(json.dumps(result.structured_content, ensure_ascii=False, indent=1))
        else:
            print(text)
        return 0

    return anyio.run(run)
