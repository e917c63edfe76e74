"""From a body to an answer: the envelope read and the payload digested, off the event loop when large.

Which answer a payload becomes is the endpoint's (`Endpoint.digest`); this module
only decides where that runs. The cache keeps what it produces (some kilobytes),
never the raw payload (about 11 MB of Python objects for 5,000 showcase works). A body above
`INLINE_MAX_BYTES` is read and summarised in a child process: `json.loads` holds
the GIL for the whole parse, so a thread would still stall every other request,
pings included, for seconds. Small bodies, which are nearly all of them, stay in
process: a child would cost more than it saves.

The child is `python -m xingtu_showcase_mcp.pipeline.digest`, fed the body on stdin, not a
`multiprocessing` worker: those re-import the parent's `__main__`, which breaks
any host script without a main guard, and fork a process with threads.
"""

from __future__ import annotations

import importlib
import json
import logging
import os
import sys
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any, Final, Protocol, TypeVar

import anyio
import anyio.abc

from ..config import HTTP_TOKEN_VAR, STORE_VAR, TOKEN_VAR
from ..errors import entry
from ..language import Language, Said, Text
from .endpoint import Context, Endpoint, Query
from .envelope import Rejection, read_payload, words
from .redaction import Redactor

Q = TypeVar("Q", bound=Query)
A = TypeVar("A")

logger = logging.getLogger("xingtu_showcase_mcp.pipeline.digest")

INLINE_MAX_BYTES: Final = 1024 * 1024
"""Bodies up to this are read in process (a real showcase is about 40 KB)."""


class Digest(Protocol):
    """(endpoint, HTTP status, content type, the body as read in chunks, query, fetch time) → the endpoint's
    answer, or raises `Rejection`. Chunks, so that a large body is never copied into one piece on the loop."""

    async def __call__(
        self,
        endpoint: Endpoint[Q, A],
        status: int,
        content_type: str,
        chunks: Sequence[bytes],
        query: Q,
        fetched_at: datetime,
    ) -> A: ...


PIPE_CHUNK: Final = 1024 * 1024
CHILDREN_AT_ONCE: Final = 1
"""Large bodies digested at the same time: parsing holds some ten times a body's size, so twenty 15 MB answers
at once would need gigabytes; one after the other they need one child's worth (each takes a second or two)."""
CHILD_OUTPUT_MAX: Final = 16 * 1024 * 1024
"""The most a digest child may write: an answer is some kilobytes; 300 MB of garbage must not be read."""


@dataclass(frozen=True, slots=True)
class Options:
    """What the summary depends on besides the body, fixed for a server's lifetime."""

    demo: bool = False
    language: Language = "en"
    secrets: tuple[str, ...] = field(default=(), repr=False)
    """Taken out of the payload's text before any title or tag is cut: a cut echo could not be found after."""


def digest_now(
    endpoint: Endpoint[Q, A],
    status: int,
    content_type: str,
    body: bytes,
    query: Q,
    fetched_at: datetime,
    options: Options,
) -> A:
    """Read the envelope and digest the payload, here and now; raises `Rejection` for an unusable answer."""
    payload = read_payload(status, content_type, body)
    data = Redactor(options.secrets).deep(payload.data) if options.secrets else payload.data
    context = Context(fetched_at, payload.record_time, demo=options.demo, language=options.language)
    return endpoint.digest(data, query, context)


class Digester:
    """Digests bodies for one server: small ones in process, large ones in a child process each."""

    def __init__(
        self, options: Options, inline_max_bytes: int = INLINE_MAX_BYTES, children: int = CHILDREN_AT_ONCE
    ) -> None:
        self._options = options
        self._inline_max = inline_max_bytes
        self._children = anyio.CapacityLimiter(children)

    async def __call__(
        self,
        endpoint: Endpoint[Q, A],
        status: int,
        content_type: str,
        chunks: Sequence[bytes],
        query: Q,
        fetched_at: datetime,
    ) -> A:
        if sum(map(len, chunks)) <= self._inline_max:
            return digest_now(endpoint, status, content_type, b"".join(chunks), query, fetched_at, self._options)
        header = {
            "endpoint": endpoint.module,
            "status": status,
            "content_type": content_type,
            "query": query.fields(),
            "fetched_at": fetched_at.isoformat(),
            "options": asdict(self._options),
        }
        # The child never talks to the network: the secrets it redacts come on stdin, never in its environment,
        # and it opens no store (the Redis URL may hold a password).
        env = {k: v for k, v in os.environ.items() if k not in (TOKEN_VAR, HTTP_TOKEN_VAR, STORE_VAR)}
        command = [sys.executable, "-m", "xingtu_showcase_mcp.pipeline.digest"]
        async with self._children:  # one large body parsed at a time: each costs some ten times its size
            body, extra = await self._run_child(command, env, header, chunks)
        answer = endpoint.load(body, extra)
        if answer is None:
            raise RuntimeError("the digest child's answer does not validate")  # a broken child: the caller explains
        return answer

    async def _run_child(
        self, command: list[str], env: dict[str, str], header: dict[str, Any], chunks: Sequence[bytes]
    ) -> tuple[str, str]:
        out: list[bytes] = []
        err: list[bytes] = []
        overflowed: list[bool] = []
        try:
            process = await anyio.open_process(command, env=env)
        except OSError as exc:  # no memory or process slots left: this machine's trouble, not the creator's
            logger.error("could not start the digest child: %s", type(exc).__name__)
            raise Rejection(entry("local_failure"), Said(Text(type(exc).__name__, type(exc).__name__))) from exc
        async with process as child:
            assert child.stdin is not None and child.stdout is not None and child.stderr is not None
            async with anyio.create_task_group() as tg:
                tg.start_soon(_drain, child.stdout, out, CHILD_OUTPUT_MAX, child, overflowed)
                tg.start_soon(_drain, child.stderr, err, CHILD_OUTPUT_MAX, child, overflowed)
                await child.stdin.send(json.dumps(header).encode() + b"\n")
                for chunk in chunks:  # a megabyte at a time: each send yields to the event loop
                    for start in range(0, len(chunk), PIPE_CHUNK):
                        await child.stdin.send(chunk[start : start + PIPE_CHUNK])
                await child.stdin.aclose()
            code = await child.wait()
        if overflowed:
            raise RuntimeError("the digest child wrote past its cap")  # a broken child: the caller explains
        if code < 0:  # killed by a signal (the kernel's out-of-memory killer, or an operator): a local failure
            logger.error("the digest child was killed (signal %s)", -code)
            raise Rejection(entry("local_failure"), Said(Text(f"signal {-code}", f"信号 {-code}")))
        if code != 0:
            # Its traceback goes to the log (redacted there); the caller explains the failure.
            failure = b"".join(err).decode(errors="replace")[-2000:]
            logger.error("the digest child failed (exit %s): %s", code, failure)
            raise RuntimeError("the digest child failed")
        answer: dict[str, Any] = json.loads(b"".join(out))
        if "rejected" in answer:
            seen = str(answer["seen"])
            raise Rejection(entry(str(answer["rejected"])), Said(Text(seen, seen)))
        return str(answer["body"]), str(answer["extra"])


async def _drain(
    stream: anyio.abc.ByteReceiveStream, into: list[bytes], cap: int, child: anyio.abc.Process, overflowed: list[bool]
) -> None:
    """Read a child's output up to `cap` bytes; past it the child is killed and `overflowed` says so (its answer
    is a few kilobytes: more is a broken child, and reading it all would hold it in memory)."""
    size = 0
    async for data in stream:
        size += len(data)
        if size > cap:
            overflowed.append(True)
            child.kill()
            into.clear()
            return
        into.append(data)


def _child() -> None:
    """The child's side: a header line and the body on stdin, one JSON document on stdout."""
    header = json.loads(sys.stdin.buffer.readline())
    body = sys.stdin.buffer.read()
    sent = header["options"]
    options = Options(demo=sent["demo"], language=sent["language"], secrets=tuple(sent["secrets"]))
    module = str(header["endpoint"])
    if not module.startswith("xingtu_showcase_mcp."):  # this file runs as __main__: its package by name
        raise SystemExit("the digest child digests this package's endpoints only")
    endpoint: Endpoint[Any, Any] = importlib.import_module(module).ENDPOINT
    query = endpoint.query(**header["query"])
    try:
        answer = digest_now(
            endpoint, header["status"], header["content_type"], body, query,
            datetime.fromisoformat(header["fetched_at"]), options,
        )  # fmt: skip
    except Rejection as rejection:
        out: dict[str, Any] = {"rejected": rejection.entry.key, "seen": words(rejection.detail, options.language)}
    else:
        kept, extra = endpoint.dump(answer)
        out = {"body": kept, "extra": extra}
    sys.stdout.write(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    _child()
