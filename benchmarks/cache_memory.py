"""What the cache can cost: 512 entries of 5,000-work answers, against keeping the raw payloads.

The cache keeps each creator's answer (a `ShowcaseSummary`); it used to keep the parsed payload. Both are
measured with tracemalloc in this one run: the answers for all 512 entries, the payloads for a few
(each costs about 13 MB) and multiplied out, which the output says.

    uv run python benchmarks/cache_memory.py
"""

from __future__ import annotations

import json
import sys
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from xingtu_showcase_mcp.config import CACHE_ENTRIES  # noqa: E402
from xingtu_showcase_mcp.contract import ShowcaseQuery  # noqa: E402
from xingtu_showcase_mcp.pipeline.cache import AnswerCache, Fetched  # noqa: E402
from xingtu_showcase_mcp.pipeline.digest import Options, digest_now  # noqa: E402
from xingtu_showcase_mcp.showcase import ENDPOINT as SHOWCASE  # noqa: E402

from emulator import many_items  # noqa: E402

WORKS = 5000
RAW_SAMPLE = 8
LIMIT_MB = 100
WHEN = datetime(2026, 11, 30, tzinfo=UTC)


def _mb(size: int) -> float:
    return size / 1024 / 1024


def answers_mb(body: bytes) -> float:
    """Memory held by a full cache of distinct answers (each its own copy, as distinct creators are)."""
    answer = digest_now(SHOWCASE, 200, "application/json", body, ShowcaseQuery("7000000000000000000"), WHEN, Options())
    cache = AnswerCache(ttl=600, max_entries=CACHE_ENTRIES)
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for n in range(CACHE_ENTRIES):
        author = str(7 * 10**18 + n)
        copy = answer.model_copy(update={"author_id": author}, deep=True)
        cache.put(cache.store_key(SHOWCASE, ShowcaseQuery(author)), Fetched(copy, fetched_at=WHEN))
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(cache) == CACHE_ENTRIES
    return _mb(held)


def payloads_mb(body: bytes) -> float:
    """Memory per raw payload (the parsed `data`), as the cache kept it before."""
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    kept: list[Any] = [json.loads(body)["data"] for _ in range(RAW_SAMPLE)]
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    assert len(kept) == RAW_SAMPLE
    return _mb(held) / RAW_SAMPLE


def main() -> int:
    body = json.dumps(many_items(WORKS), ensure_ascii=False).encode("utf-8")
    ours = answers_mb(body)
    per_payload = payloads_mb(body)
    raw = per_payload * CACHE_ENTRIES
    print(f"cache of {CACHE_ENTRIES} entries, {WORKS:,} works each ({_mb(len(body)):.1f} MB body)")
    print(
        f"  answers (kept now):      {ours:8.1f} MB  ({ours / CACHE_ENTRIES * 1024:.1f} KB per entry), "
        f"limit {LIMIT_MB} MB"
    )
    print(
        f"  payloads (kept before):  {raw:8.1f} MB  ({per_payload:.1f} MB per entry, measured on {RAW_SAMPLE}, "
        f"times {CACHE_ENTRIES})"
    )
    print(f"  ratio: {ours / raw:.4f}")
    return 0 if ours < LIMIT_MB else 1


if __name__ == "__main__":
    raise SystemExit(main())
