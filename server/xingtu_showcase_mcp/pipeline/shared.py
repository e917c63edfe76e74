# pyright: basic
# The redis client's asyncio API is only partly typed (its replies are "bytes | str | Any"); this module checks
# the shapes it reads itself, so it is checked in basic mode rather than strict.
"""Many instances, one Redis: the answer store, identical calls, the concurrency limit and rate-limit pauses,
shared.

A team that outgrows one machine runs N stateless instances behind a load balancer. With
`XINGTU_SHOWCASE_STORE=redis://…` they share, through Redis (the usual engine for this, through the
well-kept `redis` client's asyncio API):

- the answers and their history (`get`, `put`, …: the same contract as the SQLite store);
- one upstream request per identical call in flight anywhere (`lead`: a lock with an expiry, so a crashed
  leader cannot block the others for longer than a call may take);
- `JUSTONEAPI_MAX_CONCURRENCY` over all instances (`lease`: leases in a sorted set, each with an expiry, so
  an instance that dies mid-call frees its slot when the lease runs out);
- a rate-limit pause seen by one instance pauses all (`pause_until` / `pause`).

Only instances with the same Just One API token share anything: every key lives under a namespace that is a
keyed hash of the token (`namespace`), so another customer's instances on the same Redis neither see these
answers nor are paused by this quota's rate limit, and the token itself is never written.

Redis lost mid-run costs the sharing, never a call: each operation that fails falls back to what the
instance knows by itself, one warning is logged, and the next operation that succeeds logs the recovery.
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from typing import Final

import anyio
import redis.asyncio as aioredis
from redis.exceptions import RedisError

from ..values import number
from .endpoint import Stored
from .store import MAX_AGE, MAX_ENTRY_BYTES, SNAPSHOTS_PER_QUERY

logger = logging.getLogger("xingtu_showcase_mcp.pipeline.shared")

PREFIX: Final = "xingtu-showcase:"
POLL: Final = 0.05
"""How often a waiting instance looks again (a lock, a lease): short next to any upstream call."""
NAMESPACE_KEY: Final = b"xingtu-showcase-mcp/redis-namespace/1"
"""The key of the namespace hash: a token's namespace here matches no hash of it made for anything else."""
REDIS_TIMEOUT: Final = 0.5
"""Seconds one Redis operation may take (a round trip is a millisecond on a LAN): a slow Redis is treated as
lost, named as Redis, and costs a call half a second per operation, not the API's time budget."""
WARN_EVERY: Final = 60.0
"""Seconds between two warnings that Redis failed."""
LOCK_TTL: Final = 3.0
"""Seconds a lock on identical calls lives unless its holder renews it: how long a killed holder blocks."""
CREATORS_KEPT: Final = 1000
"""The most recently fetched creators remembered for completion (a sorted set bounded to this many)."""

# Delete the lock only if it is still ours, in one step: a get-then-delete could delete the lock another
# instance took after ours expired.
_RELEASE = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
"""

# Extend the lock's life only if it is still ours, in one step, for the same reason.
_EXTEND = """
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
"""

# Take a lease if fewer than the limit are held, dropping expired ones first; atomic in Redis.
_LEASE = """
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', ARGV[1])
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[2]) then
  redis.call('ZADD', KEYS[1], ARGV[3], ARGV[4])
  return 1
end
return 0
"""


def namespace(token: str | None) -> str:
    """Where one token's keys live: 16 hex digits of a keyed BLAKE2b hash of it (never the token)."""
    return hashlib.blake2b((token or "").encode("utf-8"), key=NAMESPACE_KEY, digest_size=8).hexdigest()


class Shared:
    """One Redis connection for a server: the store and the coordination, with fallbacks when it is lost."""

    def __init__(self, url: str, token: str | None, *, lock_ttl: float = LOCK_TTL) -> None:
        self._keys = f"{PREFIX}{namespace(token)}:"
        self._lock_ttl = lock_ttl
        self._redis: aioredis.Redis = aioredis.Redis.from_url(
            url, socket_timeout=REDIS_TIMEOUT, socket_connect_timeout=REDIS_TIMEOUT
        )
        self._lease = self._redis.register_script(_LEASE)
        self._release = self._redis.register_script(_RELEASE)
        self._extend = self._redis.register_script(_EXTEND)
        self._lost = False
        self._warned_at = -WARN_EVERY
        self._warned = False
        self.instance = uuid.uuid4().hex

    def _failed(self, what: str) -> None:
        """One warning when Redis stops answering, and at most one a minute however often it fails: a full or
        flapping Redis must not write a line per call."""
        if self._lost:
            return
        self._lost = True
        now = anyio.current_time()
        if now - self._warned_at >= WARN_EVERY:
            self._warned_at, self._warned = now, True
            logger.warning(
                "Redis is unreachable or failing (%s, no answer within %g s): this instance goes on by itself "
                "until it answers again; the API is not at fault",
                what,
                REDIS_TIMEOUT,
            )

    def _ok(self) -> None:
        if self._lost:
            self._lost = False
            if self._warned:  # said only after a warning that was said
                self._warned = False
                logger.warning("Redis is back: answers, limits and pauses are shared again")

    # ------------------------------------------------------------ the store
    async def get(self, key: str, newer_than: datetime, not_after: datetime) -> Stored | None:
        return await self._newest(key, str(not_after.timestamp()), f"({newer_than.timestamp()}")

    async def previous(self, key: str, not_after: datetime) -> Stored | None:
        return await self._newest(key, str(not_after.timestamp()), "-inf")

    async def latest(self, creator: str) -> Stored | None:
        try:
            keys = await self._redis.zrevrange(self._keys + "creator:" + creator, 0, 0)
        except (RedisError, OSError):
            self._failed("read")
            return None
        self._ok()
        return await self._newest(_text(keys[0]), "+inf", "-inf") if keys else None

    async def creators(self, prefix: str, limit: int) -> list[str]:
        """From the most recently fetched creators (a bounded set): those whose id starts with `prefix`."""
        try:
            recent = await self._redis.zrevrange(self._keys + "creators", 0, CREATORS_KEPT - 1)
        except (RedisError, OSError):
            self._failed("read")
            return []
        self._ok()
        return [c for c in map(_text, recent) if c.startswith(prefix)][:limit]

    async def _newest(self, key: str, high: str, low: str) -> Stored | None:
        try:
            found = await self._redis.zrevrangebyscore(
                self._keys + "snap:" + key, high, low, start=0, num=1, withscores=True
            )
        except (RedisError, OSError):
            self._failed("read")
            return None
        self._ok()
        if not found:
            return None
        member, score = found[0]
        text = _text(member)
        if len(text) > 2 * MAX_ENTRY_BYTES:  # no answer this server writes is near it: another's, or crafted
            return None
        try:
            doc = json.loads(text)
            body, extra = doc["body"], doc["extra"]
        except (ValueError, KeyError, TypeError):
            return None
        if not isinstance(body, str) or not isinstance(extra, str):
            return None
        return Stored(body, extra, datetime.fromtimestamp(float(score), UTC))

    async def put(self, key: str, creator: str, stored: Stored) -> None:
        at = stored.fetched_at.timestamp()
        member = json.dumps({"at": at, "body": stored.body, "extra": stored.extra})  # one member per snapshot
        ttl = int(MAX_AGE.total_seconds())
        try:
            async with self._redis.pipeline(transaction=True) as pipe:
                pipe.zadd(self._keys + "snap:" + key, {member: at})
                pipe.zremrangebyrank(self._keys + "snap:" + key, 0, -(SNAPSHOTS_PER_QUERY + 1))
                pipe.expire(self._keys + "snap:" + key, ttl)
                pipe.zadd(self._keys + "creator:" + creator, {key: at})
                pipe.expire(self._keys + "creator:" + creator, ttl)
                pipe.zadd(self._keys + "creators", {creator: at})
                pipe.zremrangebyrank(self._keys + "creators", 0, -(CREATORS_KEPT + 1))
                await pipe.execute()
        except (RedisError, OSError):
            self._failed("write")
            return
        self._ok()

    def close(self) -> None:
        return None  # the connection pool closes with the process; nothing to flush

    # ------------------------------------------------------------ identical calls on every instance
    @asynccontextmanager
    async def lead(self, key: str, hold: float) -> AsyncGenerator[bool]:
        """True when this instance should fetch `key` (it holds the lock); False when another instance was
        fetching it and has finished (the answer is then in the store).

        The lock lives `lock_ttl` seconds and its holder renews it while the call runs, so the lock of an
        instance that was killed is gone within seconds, not at the end of a call's budget. A waiter waits at
        most `hold` (the call's budget): a lock that never goes away (one set without expiry by something
        else) delays a call, never stops it."""
        name = self._keys + "lock:" + key
        token = uuid.uuid4().hex
        waited = False
        give_up = anyio.current_time() + hold
        while True:
            try:
                won = await self._redis.set(name, token, nx=True, px=max(1, int(self._lock_ttl * 1000)))
            except (RedisError, OSError):
                self._failed("lock")
                won = True  # no Redis: lead by ourselves
                token = ""
            else:
                self._ok()
            if won:
                break
            if anyio.current_time() >= give_up:
                won, token = True, ""  # waited a whole budget: fetch by ourselves
                break
            waited = True
            await anyio.sleep(POLL)
            try:
                if not await self._redis.exists(name):
                    break
            except (RedisError, OSError):
                self._failed("lock")
                break
        if waited and not won:
            yield False
            return
        try:
            async with anyio.create_task_group() as renewing:
                if token:
                    renewing.start_soon(self._renew, name, token)
                try:
                    yield True
                finally:
                    renewing.cancel_scope.cancel()
                    if token:
                        # Shielded: a cancelled call (a client that gave up) must still free the lock, or every
                        # other instance asking for this creator waits for it to expire.
                        with anyio.CancelScope(shield=True):
                            try:
                                await self._release(keys=[name], args=[token])
                            except (RedisError, OSError):
                                self._failed("unlock")
        except BaseExceptionGroup as group:
            # The task group wraps the call's own error (a ShowcaseError the caller explains): hand it on as
            # it was raised. The renewer never raises, so the group holds that one error.
            if len(group.exceptions) == 1:
                raise group.exceptions[0] from None
            raise

    async def _renew(self, name: str, token: str) -> None:
        """Keep our lock alive while the call runs: every third of its life, only while it is still ours."""
        while True:
            await anyio.sleep(self._lock_ttl / 3)
            try:
                if not await self._extend(keys=[name], args=[token, max(1, int(self._lock_ttl * 1000))]):
                    return  # no longer ours (it expired and another took it): nothing to keep
            except (RedisError, OSError):
                self._failed("lock")
                return

    # ------------------------------------------------------------ the concurrency limit over all instances
    @asynccontextmanager
    async def lease(self, limit: int, hold: float) -> AsyncGenerator[None]:
        """A slot among `limit` over all instances, held for at most `hold` seconds (then it expires). Waited
        for at most `hold` too: leases that never expire (written by something else) cannot stop a call, and
        the instance's own limit still holds."""
        name = self._keys + "leases"
        member = f"{self.instance}:{uuid.uuid4().hex}"
        held = False
        give_up = anyio.current_time() + hold
        while anyio.current_time() < give_up:
            now = datetime.now(UTC).timestamp()
            try:
                held = bool(await self._lease(keys=[name], args=[now, limit, now + hold, member]))
            except (RedisError, OSError):
                self._failed("lease")
                break  # no Redis: the instance's own limit still holds
            self._ok()
            if held:
                break
            await anyio.sleep(POLL)
        try:
            yield
        finally:
            if held:
                try:
                    await self._redis.zrem(name, member)
                except (RedisError, OSError):
                    self._failed("lease")

    # ------------------------------------------------------------ a rate limit pauses every instance
    async def pause_until(self, longest: float) -> float:
        """Until when (epoch seconds) every instance pauses, as set by any; 0 without a pause or Redis."""
        try:
            value = await self._redis.get(self._keys + "pause")
        except (RedisError, OSError):
            self._failed("pause")
            return 0.0
        self._ok()
        return trusted_pause(value, datetime.now(UTC).timestamp(), longest)

    async def pause(self, until: float) -> None:
        seconds = until - datetime.now(UTC).timestamp()
        if seconds <= 0:
            return
        try:
            current = await self._redis.get(self._keys + "pause")
            if not current or float(current) < until:
                await self._redis.set(self._keys + "pause", str(until), px=int(seconds * 1000) + 1)
        except (RedisError, OSError):
            self._failed("pause")

    # ------------------------------------------------------------ an account-wide refusal stops every instance
    async def refusal(self, now: float, within: float) -> tuple[str, float] | None:
        """The catalogue key and time (epoch seconds) of an account-wide refusal any instance met in the last
        `within` seconds, or None; the caller checks that the key is one it knows."""
        try:
            value = await self._redis.get(self._keys + "refusal")
        except (RedisError, OSError):
            self._failed("refusal")
            return None
        self._ok()
        return trusted_refusal(value, now, within)

    async def refuse(self, key: str, at: float, lasting: float) -> None:
        try:
            await self._redis.set(self._keys + "refusal", f"{key} {at}", px=max(1, int(lasting * 1000)))
        except (RedisError, OSError):
            self._failed("refusal")


def trusted_refusal(value: object, now: float, within: float) -> tuple[str, float] | None:
    """ "<key> <time>" read from Redis, believed only when the key is short and plain and the time recent."""
    text = _text(value) if isinstance(value, bytes | str) else ""
    key, _, at = text.partition(" ")
    when = number(at)
    if not (0 < len(key) <= 32 and key.replace("_", "").isalnum()) or when is None:
        return None
    return (key, when) if now - within <= when <= now + 1 else None


def trusted_pause(value: object, now: float, longest: float) -> float:
    """A pause read from Redis, trusted only when it is a time within `longest` seconds of now (the longest
    pause an instance sets: the Retry-After cap): another writer, or an attacker on that Redis, could store
    garbage, 1e18 or inf, which would stop every call."""
    until = number(_text(value)) if isinstance(value, bytes | str) else None
    if until is None or until <= now or until > now + longest:
        return 0.0
    return until


def _text(value: object) -> str:
    """A Redis reply as text; bytes that are not UTF-8 (anyone may write there) become replacement marks."""
    return value.decode(errors="replace") if isinstance(value, bytes) else str(value)
