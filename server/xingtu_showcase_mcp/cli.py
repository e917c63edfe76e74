"""The command line: serve over stdio (what MCP clients launch) or HTTP, or ask once with `call` or `compare`.

`call` and `compare` go through a real MCP client connected in memory, so what
they print is exactly what an assistant would receive; their error advice is
written for a terminal (`export ...`) rather than for an MCP client's settings,
and a long wait shows progress on stderr. Only they write to stdout; serving
writes nothing there but MCP messages. Run in a terminal, the server says it
waits for a client; Ctrl-C stops it quietly.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlsplit

import anyio
from mcp import Client
from mcp.types import TextContent

from . import __version__, logs, messages
from .compare import MAX_COMPARED, MIN_COMPARED
from .config import (
    BASE_URL_VAR,
    LOG_LEVEL_VAR,
    STORE_VAR,
    TOKEN_VAR,
    ConfigError,
    Settings,
    language_of,
    load_settings,
)
from .contract import DEFAULT_FLOW_TYPE, DEFAULT_PLATFORM, FLOW_TYPES, PLATFORMS
from .demo import DEMO_AUTHOR_ID, DEMO_SECOND_AUTHOR_ID
from .http_transport import LOOPBACK, HttpSetupError, http_app
from .names import COMPARE_TOOL_NAME, TOOL_NAME
from .pipeline.upstream import Timing
from .server import build_server

logger = logging.getLogger("xingtu_showcase_mcp")
ASK_TIMING: Timing | None = None
"""The upstream client's delays for `call` and `compare` (None: the defaults; tests shorten the progress
interval to see progress without waiting seconds for it)."""


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
        f"Without a command it serves over stdio, for an MCP client. Configure it with {TOKEN_VAR} and the "
        "other JUSTONEAPI_* and XINGTU_SHOWCASE_* variables (see README). Try: xingtu-showcase-mcp call --demo",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    _common(parser, top=True)
    commands = parser.add_subparsers(
        dest="command", metavar="{serve,call,compare}", help="what to do (without one: serve over stdio)"
    )

    serve = commands.add_parser("serve", help="serve MCP over stdio (the default) or streamable HTTP")
    _common(serve, top=False)
    serve.add_argument(
        "--transport", choices=("stdio", "http"), default="stdio", help="stdio (what MCP clients launch) or http"
    )
    serve.add_argument("--host", default="127.0.0.1", help="HTTP: address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="HTTP: port (default 8000)")

    call = commands.add_parser("call", help="ask about one creator once and print the answer")
    _common(call, top=False)
    call.add_argument("author", nargs="?", help="Xingtu author id or creator page URL (optional with --demo)")
    _query_options(call)

    compare = commands.add_parser(
        "compare", help=f"compare {MIN_COMPARED} to {MAX_COMPARED} creators once and print the table"
    )
    _common(compare, top=False)
    compare.add_argument("authors", nargs="*", help="Xingtu author ids or creator page URLs (optional with --demo)")
    _query_options(compare)
    return parser


def _query_options(command: argparse.ArgumentParser) -> None:
    """The endpoint's parameters, the same for `call` and `compare` (any case for the enum values)."""
    command.add_argument(
        "--platform",
        type=str.upper,
        choices=PLATFORMS,
        default=DEFAULT_PLATFORM,
        help="which content (default %(default)s)",
    )
    command.add_argument("--only-assign", action="store_true", help="only works assigned through Xingtu orders")
    command.add_argument(
        "--flow-type",
        type=str.upper,
        choices=FLOW_TYPES,
        default=DEFAULT_FLOW_TYPE,
        help="traffic filter (default %(default)s)",
    )
    command.add_argument("--json", action="store_true", help="print the structured content instead of the text")


def main(argv: Sequence[str] | None = None) -> None:
    """Entry point of the console script and of `python -m xingtu_showcase_mcp`."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings(os.environ)
    except ConfigError as exc:
        language = language_of(os.environ)
        print(messages.CLI_CONFIG_ERROR(language, why=exc.said(language)), file=sys.stderr)
        raise SystemExit(2) from None
    demo = bool(args.demo) or settings.demo
    if not demo and settings.store == "redis":
        _check_redis(settings)
    try:
        if args.command in ("call", "compare"):
            raise SystemExit(_ask(args, settings, demo))
        if args.command == "serve" and args.transport == "http":
            raise SystemExit(_serve_http(settings, demo, args.host, args.port))
        _serve(settings, demo)
    except KeyboardInterrupt:
        # Ctrl-C in a terminal: stop quietly, with the shell's usual code for it.
        raise SystemExit(130) from None


def _check_redis(settings: Settings) -> None:
    """A Redis that cannot be reached stops the server at once, naming the variable (never the password)."""
    import redis  # only a team's deployment loads the client

    url = settings.store_url or ""
    parts = urlsplit(url)
    try:
        redis.Redis.from_url(url, socket_connect_timeout=3, socket_timeout=3).ping()  # pyright: ignore[reportUnknownMemberType]
    except (redis.RedisError, OSError) as exc:
        where = f"{parts.hostname}:{parts.port or 6379}"
        why = type(exc).__name__
        message = messages.CONFIG_REDIS_DOWN(settings.language, var=STORE_VAR, where=where, why=why)
        print(messages.CLI_CONFIG_ERROR(settings.language, why=message), file=sys.stderr)
        raise SystemExit(2) from None


def _starting(settings: Settings, demo: bool) -> None:
    """What a person starting the server should know, on stderr (never stdout)."""
    say = settings.language
    if demo:
        logger.info(messages.CLI_DEMO_MODE(say))
    elif settings.base_url.startswith("http://") and urlsplit(settings.base_url).hostname not in LOOPBACK:
        logger.warning(messages.CLI_PLAIN_HTTP(say, url=settings.base_url, var=BASE_URL_VAR))


def _serve(settings: Settings, demo: bool) -> None:
    logs.configure(settings.log_level, settings.secrets)
    _starting(settings, demo)
    if sys.stdin.isatty():
        print(messages.CLI_WAITING(settings.language), file=sys.stderr)
    build_server(settings, demo=demo, audience=settings.surface).run("stdio")


def _serve_http(settings: Settings, demo: bool, host: str, port: int) -> int:
    logs.configure(settings.log_level, settings.secrets)
    _starting(settings, demo)
    try:
        app = http_app(build_server(settings, demo=demo, audience=settings.surface), settings, host, demo)
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


def _ask(args: argparse.Namespace, settings: Settings, demo: bool) -> int:
    """`call` and `compare`: one question through a real MCP client in memory, the answer on stdout."""
    say = settings.language
    comparing = args.command == "compare"
    if comparing:
        authors = list(args.authors) or ([DEMO_AUTHOR_ID, DEMO_SECOND_AUTHOR_ID] if demo else [])
        if not authors:
            print(messages.CLI_NEEDS_AUTHORS(say, low=MIN_COMPARED, high=MAX_COMPARED), file=sys.stderr)
            return 2
        tool, arguments = COMPARE_TOOL_NAME, {"oAuthorIds": authors}
    else:
        if args.author is None and not demo:
            print(messages.CLI_NEEDS_AUTHOR(say), file=sys.stderr)
            return 2
        tool, arguments = TOOL_NAME, {"oAuthorId": args.author or DEMO_AUTHOR_ID}
    arguments.update(platform=args.platform, onlyAssign=args.only_assign, flowType=args.flow_type)
    level = settings.log_level if os.environ.get(LOG_LEVEL_VAR) else "WARNING"
    logs.configure(level, settings.secrets)
    _starting(settings, demo)
    app = build_server(settings, demo=demo, audience="cli", timing=ASK_TIMING)

    async def progress(progress: float, total: float | None, message: str | None) -> None:
        if message:
            print(message, file=sys.stderr, flush=True)

    async def run() -> int:
        async with Client(app) as client:
            result = await client.call_tool(tool, arguments, progress_callback=progress)
        text = "\n".join(block.text for block in result.content if isinstance(block, TextContent))
        if result.is_error:
            print(text, file=sys.stderr)
            return 1
        _emit(json.dumps(result.structured_content, ensure_ascii=False, indent=1) if args.json else text)
        return 0

    return anyio.run(run)


def _emit(text: str) -> None:
    """Print an answer. A reader that stops early (`call … | head`) is no error: the rest goes nowhere,
    as the Python documentation's recipe for SIGPIPE does, instead of a BrokenPipeError traceback."""
    try:
        print(text, flush=True)
    except BrokenPipeError:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
