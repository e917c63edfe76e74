"""Remembering what was paid for: answers kept beyond one process, in a local SQLite file by default.

Claude Desktop restarts its servers, and Claude Desktop and Claude Code on one
laptop each run their own: without a store each would pay again for a creator
fetched minutes ago. A store keeps each answer (an endpoint's answer as JSON,
never the raw payload and never the token) keyed by everything the answer
depends on: the API server, the endpoint, the creator, every parameter, the
language and demo mode. It knows no endpoint: what a row means, and whether it
still validates, is the endpoint's business (`endpoint.Endpoint.load`).

- `sqlite` (the default): a file in the user's cache directory (`platformdirs`),
  or `sqlite:///path`, readable by its owner only. WAL mode lets several processes
  share it; it is bounded by entries and by age, pruned when a server starts and
  every `PRUNE_EVERY` answers while it runs, and it gives the space back.
- `memory`: this process only (the in-process cache alone).
- `off`: nothing is kept, not even in memory.

SQLite is Python's own module: no server to run for one machine. The calls are
short and run on a worker thread, off the event loop.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
from collections.abc import AsyncGenerator, Generator
from contextlib import AbstractAsyncContextManager, asynccontextmanager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Final, Protocol

import anyio
import platformdirs

from .. import messages
from ..config import STORE_VAR, StoreKind
from ..language import DEFAULT_LANGUAGE, Language
from .endpoint import Stored

logger = logging.getLogger("xingtu_showcase_mcp.pipeline.store")

MAX_ENTRIES: Final = 10_000
"""Answers kept in the file at most (the newest); about 11 KB each at worst, so some 110 MB."""
SNAPSHOTS_PER_QUERY: Final = 8
"""Answers kept per creator and parameters: the newest, and the seven before it for "what changed"."""
MAX_AGE: Final = timedelta(days=30)
MAX_ENTRY_BYTES: Final = 256 * 1024
"""An answer larger than this is not stored (none is: 5,000 works summarise to about 11 KB)."""
APP_NAME: Final = "xingtu-showcase-mcp"
PRUNE_EVERY: Final = 200
"""Answers written between two prunes while a server runs: the bounds hold within that many rows."""
BUSY: Final = 0.2
"""Seconds a call waits for the file (another process writing, or this one's other calls): a write that
cannot start by then is skipped. A call must never queue behind a lock for seconds."""
OPEN_BUSY: Final = 2.0
"""Seconds opening the file may wait for another process (creating the table, pruning)."""
FREE_PAGES_TO_RECLAIM: Final = 1024
"""Free pages (4 KiB each) in a file made before space was given back, above which it is compacted once."""


def default_path() -> Path:
    return Path(platformdirs.user_cache_dir(APP_NAME)) / "answers.sqlite3"


class Store(Protocol):
    """Where answers outlive the process (or not)."""

    async def get(self, key: str, newer_than: datetime, not_after: datetime) -> Stored | None:
        """The newest answer fetched in (newer_than, not_after]: a row dated ahead of now is no answer to reuse
        (a wrong clock, or a crafted row), and must not shadow the real ones."""
        ...

    async def previous(self, key: str, not_after: datetime) -> Stored | None: ...

    async def put(self, key: str, creator: str, stored: Stored) -> None: ...

    async def latest(self, creator: str) -> Stored | None: ...

    async def creators(self, prefix: str, limit: int) -> list[str]:
        """Creator ids with a stored answer that start with `prefix`, the most recently fetched first: what a
        client's completion offers for an author id."""
        ...

    def close(self) -> None: ...

    def lead(self, key: str, hold: float) -> AbstractAsyncContextManager[bool]:
        """Whether this process should fetch `key` now: always, except where instances share a store (Redis),
        which lets one of them fetch while the others wait for its answer."""
        ...


@asynccontextmanager
async def _always(key: str, hold: float) -> AsyncGenerator[bool]:
    yield True


class NoStore:
    """`memory` and `off`: nothing outlives the process."""

    lead = staticmethod(_always)

    async def get(self, key: str, newer_than: datetime, not_after: datetime) -> Stored | None:
        return None

    async def previous(self, key: str, not_after: datetime) -> Stored | None:
        return None

    async def put(self, key: str, creator: str, stored: Stored) -> None:
        return None

    async def latest(self, creator: str) -> Stored | None:
        return None

    async def creators(self, prefix: str, limit: int) -> list[str]:
        return []

    def close(self) -> None:
        return None


class SqliteStore:
    """Answers in one SQLite file, shared by every server process of this user."""

    lead = staticmethod(_always)  # processes on one machine share answers, not calls in flight

    def __init__(self, path: Path, *, max_entries: int = MAX_ENTRIES, max_age: timedelta = MAX_AGE) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        _owner_only(path)
        self.path = path
        self._lock = threading.Lock()
        self._max_entries, self._max_age = max_entries, max_age
        self._written = 0
        # One connection per store, used from worker threads one at a time (the lock); the short busy timeout
        # lets another process's write finish instead of failing with "database is locked", and no longer.
        self._db = sqlite3.connect(path, timeout=OPEN_BUSY, check_same_thread=False, isolation_level=None)
        # Before the first table: a new file gives the pages of pruned rows back (incremental_vacuum below).
        self._db.execute("PRAGMA auto_vacuum = INCREMENTAL")
        self._db.execute("PRAGMA journal_mode = WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS snapshots (key TEXT NOT NULL, creator TEXT NOT NULL, fetched_at REAL NOT NULL, "
            "body TEXT NOT NULL, ids TEXT NOT NULL, PRIMARY KEY (key, fetched_at))"
        )
        self._db.execute("CREATE INDEX IF NOT EXISTS snapshots_by_creator ON snapshots (creator, fetched_at)")
        self._prune()
        self._compact_once()
        self._db.execute(f"PRAGMA busy_timeout = {int(BUSY * 1000)}")

    def _prune(self) -> None:
        """Rows past the age or the count removed, and their pages given back to the file system."""
        oldest = (datetime.now(UTC) - self._max_age).timestamp()
        try:
            with self._held():
                deleted = self._db.execute("DELETE FROM snapshots WHERE fetched_at < ?", (oldest,)).rowcount
                deleted += self._db.execute(
                    "DELETE FROM snapshots WHERE rowid NOT IN "
                    "(SELECT rowid FROM snapshots ORDER BY fetched_at DESC LIMIT ?)",
                    (self._max_entries,),
                ).rowcount
                if deleted > 0:
                    # As a script: sqlite3's execute steps this pragma once, which frees a single page.
                    self._db.executescript("PRAGMA incremental_vacuum;")
        except sqlite3.OperationalError:
            return  # the file is busy: the next prune will do, and the write that called it stands

    def _compact_once(self) -> None:
        """A file made without auto_vacuum (or shrunk by nobody) is compacted once, when much of it is free:
        VACUUM rewrites it, taking the auto_vacuum setting, so later prunes give their space back."""
        mode = self._db.execute("PRAGMA auto_vacuum").fetchone()[0]
        free = self._db.execute("PRAGMA freelist_count").fetchone()[0]
        if mode == 0 and free > FREE_PAGES_TO_RECLAIM:
            self._db.execute("VACUUM")

    def __len__(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0])

    async def get(self, key: str, newer_than: datetime, not_after: datetime) -> Stored | None:
        return await anyio.to_thread.run_sync(self._get, key, newer_than, not_after)

    async def previous(self, key: str, not_after: datetime) -> Stored | None:
        return await anyio.to_thread.run_sync(self._previous, key, not_after)

    async def put(self, key: str, creator: str, stored: Stored) -> None:
        await anyio.to_thread.run_sync(self._put, key, creator, stored)

    async def latest(self, creator: str) -> Stored | None:
        return await anyio.to_thread.run_sync(self._latest, creator)

    async def creators(self, prefix: str, limit: int) -> list[str]:
        return await anyio.to_thread.run_sync(self._creators, prefix, limit)

    def _creators(self, prefix: str, limit: int) -> list[str]:
        if not prefix.isdigit() and prefix:
            return []  # ids are digits: nothing else can complete (and no LIKE pattern from user text)
        with self._held():
            rows = self._db.execute(
                "SELECT creator FROM snapshots WHERE creator LIKE ? GROUP BY creator ORDER BY MAX(fetched_at) DESC "
                "LIMIT ?",
                (prefix + "%", limit),
            ).fetchall()
        return [str(row[0]) for row in rows]

    # Every read asks only for rows this server could have written (length ≤ MAX_ENTRY_BYTES): a larger one,
    # another program's or crafted, is never read into memory.
    def _get(self, key: str, newer_than: datetime, not_after: datetime) -> Stored | None:
        return self._one(
            "SELECT fetched_at, body, ids FROM snapshots WHERE key = ? AND fetched_at > ? AND fetched_at <= ? "
            "AND length(body) + length(ids) <= ? ORDER BY fetched_at DESC LIMIT 1",
            (key, newer_than.timestamp(), not_after.timestamp(), MAX_ENTRY_BYTES),
        )

    def _previous(self, key: str, not_after: datetime) -> Stored | None:
        return self._one(
            "SELECT fetched_at, body, ids FROM snapshots WHERE key = ? AND fetched_at <= ? "
            "AND length(body) + length(ids) <= ? ORDER BY fetched_at DESC LIMIT 1",
            (key, not_after.timestamp(), MAX_ENTRY_BYTES),
        )

    def _latest(self, creator: str) -> Stored | None:
        return self._one(
            "SELECT fetched_at, body, ids FROM snapshots WHERE creator = ? AND length(body) + length(ids) <= ? "
            "ORDER BY fetched_at DESC LIMIT 1",
            (creator, MAX_ENTRY_BYTES),
        )

    def _one(self, query: str, args: tuple[object, ...]) -> Stored | None:
        with self._held():
            row = self._db.execute(query, args).fetchone()
        return _stored(row)

    @contextmanager
    def _held(self) -> Generator[None]:
        """This store's connection, waited for BUSY seconds at most (sqlite3.OperationalError after: the caller
        goes on without the store for this once)."""
        if not self._lock.acquire(timeout=BUSY):
            raise sqlite3.OperationalError("the answer store is busy")
        try:
            yield
        finally:
            self._lock.release()

    def _put(self, key: str, creator: str, stored: Stored) -> None:
        body, ids = stored.body, stored.extra
        if len(body) + len(ids) > MAX_ENTRY_BYTES:
            return
        with self._held():
            self._db.execute(
                "INSERT OR REPLACE INTO snapshots (key, creator, fetched_at, body, ids) VALUES (?, ?, ?, ?, ?)",
                (key, creator, stored.fetched_at.timestamp(), body, ids),
            )
            self._db.execute(
                "DELETE FROM snapshots WHERE key = ? AND fetched_at NOT IN "
                "(SELECT fetched_at FROM snapshots WHERE key = ? ORDER BY fetched_at DESC LIMIT ?)",
                (key, key, SNAPSHOTS_PER_QUERY),
            )
        self._written += 1
        if self._written % PRUNE_EVERY == 0:
            self._prune()

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _owner_only(path: Path) -> None:
    """The file created readable and writable by its owner only (answers are the user's business); SQLite
    gives its -wal and -shm files the same mode. An existing file is tightened the same way."""
    try:
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        os.chmod(path, 0o600)
    except IsADirectoryError:
        raise
    except OSError:
        return  # not ours to change (or not a file at all): sqlite3 says so next, and the server goes on without


def _stored(row: tuple[object, object, object] | None) -> Stored | None:
    if row is None:
        return None
    at, body, extra = row
    if not isinstance(at, int | float) or not isinstance(body, str) or not isinstance(extra, str):
        return None  # another program's row: as good as absent
    return Stored(body, extra, datetime.fromtimestamp(at, UTC))


def open_store(kind: StoreKind, path: Path | None, language: Language = DEFAULT_LANGUAGE) -> Store:
    """The local stores; `redis` is `shared.Shared`, which `persistence.open_persistence` opens instead.

    A file that cannot be used (corrupt, truncated, another schema, a read-only or full disk, a directory at
    the path, a lock held past the busy timeout) costs the reuse, never the server: every server of the user
    shares that file, and one bad file must not take them all down. One warning names the file and the
    variable; the server answers without a store."""
    if kind != "sqlite":
        return NoStore()
    where = path or default_path()
    try:
        return SqliteStore(where)
    except (sqlite3.Error, OSError) as exc:
        logger.warning(messages.STORE_UNUSABLE(language, path=str(where), why=type(exc).__name__, var=STORE_VAR))
        return NoStore()
