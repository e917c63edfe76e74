"""Answers that outlive the process: a local SQLite store, shared by processes, bounded, never holding a
token or a payload, and read back without spending quota."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from mcp.types import TextResourceContents

from xingtu_showcase_mcp.config import ConfigError, load_settings
from xingtu_showcase_mcp.contract import ShowcaseQuery
from xingtu_showcase_mcp.names import COMPARE_TOOL_NAME
from xingtu_showcase_mcp.pipeline.endpoint import Stored
from xingtu_showcase_mcp.pipeline.store import PRUNE_EVERY, SNAPSHOTS_PER_QUERY, SqliteStore
from xingtu_showcase_mcp.showcase import ENDPOINT as SHOWCASE
from xingtu_showcase_mcp.showcase.summary import summarise

from conftest import VirtualClock, call, connected, settings_for, text_of
from emulator import Emulator, Reply, example_response

AUTHOR = "6787286580932689933"
SCRIPT = Path(sys.executable).with_name("xingtu-showcase-mcp")


def _answer(author: str = AUTHOR) -> Stored:
    summary = summarise(example_response()["data"], ShowcaseQuery(author))
    return SHOWCASE.stored(summary, datetime.now(UTC))


@pytest.mark.anyio
async def test_a_new_server_reuses_what_an_earlier_one_paid_for(emulator: Emulator, tmp_path: Path) -> None:
    settings = settings_for(emulator, store="sqlite", store_path=tmp_path / "answers.sqlite3", cache_ttl=600)
    async with connected(settings) as client:
        first = await call(client, oAuthorId=AUTHOR)
    async with connected(settings) as client:  # a restart: nothing in memory
        again = await call(client, oAuthorId=AUTHOR)
    assert not first.is_error and not again.is_error
    assert len(emulator.requests) == 1
    assert first.structured_content is not None and again.structured_content is not None
    assert again.structured_content["from_cache"] is True
    assert again.structured_content["fetched_at"] == first.structured_content["fetched_at"]  # says when
    assert "(reused)" in text_of(again)


@pytest.mark.anyio
async def test_other_parameters_a_spent_ttl_or_off_mean_a_new_request(emulator: Emulator, tmp_path: Path) -> None:
    path = tmp_path / "answers.sqlite3"
    async with connected(settings_for(emulator, store="sqlite", store_path=path, cache_ttl=600)) as client:
        await call(client, oAuthorId=AUTHOR)
        await call(client, oAuthorId=AUTHOR, platform="PICTURE_TEXT")
    async with connected(settings_for(emulator, store="sqlite", store_path=path, cache_ttl=0)) as client:
        await call(client, oAuthorId=AUTHOR)
    async with connected(settings_for(emulator, store="off", cache_ttl=600)) as client:
        await call(client, oAuthorId=AUTHOR)
        await call(client, oAuthorId=AUTHOR)  # off: not even kept in memory
    assert len(emulator.requests) == 5


def test_a_fresh_process_answers_without_a_request(emulator: Emulator, tmp_path: Path) -> None:
    env = {
        **os.environ,
        "JUSTONEAPI_TOKEN": emulator.token,
        "JUSTONEAPI_BASE_URL": emulator.url,
        "XINGTU_SHOWCASE_STORE": f"sqlite:///{tmp_path / 'shared.sqlite3'}",
        "PYTHONIOENCODING": "utf-8",
    }
    runs = [
        subprocess.run(
            [str(SCRIPT), "call", AUTHOR],
            env=env,
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=60,
            check=False,
        )
        for _ in range(2)
    ]
    assert [r.returncode for r in runs] == [0, 0], runs[1].stderr
    assert len(emulator.requests) == 1
    assert "(reused)" in runs[1].stdout and "(reused)" not in runs[0].stdout


def test_the_default_store_is_a_file_in_the_users_cache_directory() -> None:
    settings = load_settings({})
    assert settings.store == "sqlite" and settings.store_path is None
    with pytest.raises(ConfigError) as caught:
        load_settings({"XINGTU_SHOWCASE_STORE": "redis"})
    assert "XINGTU_SHOWCASE_STORE" in str(caught.value) and "sqlite" in str(caught.value)


@pytest.mark.anyio
async def test_demo_never_touches_the_store(tmp_path: Path) -> None:
    path = tmp_path / "answers.sqlite3"
    settings = settings_for(Emulator(), store="sqlite", store_path=path)
    async with connected(settings, demo=True) as client:
        await call(client, oAuthorId="7100000000000000042")
    assert not path.exists()


@pytest.mark.anyio
async def test_the_creator_resource_reads_the_stored_answer_without_quota(emulator: Emulator, tmp_path: Path) -> None:
    settings = settings_for(emulator, store="sqlite", store_path=tmp_path / "answers.sqlite3", cache_ttl=600)
    uri = f"xingtu-showcase://creator/{AUTHOR}"
    async with connected(settings) as client:
        before = await client.read_resource(uri)
        await call(client, oAuthorId=AUTHOR)
        after = await client.read_resource(uri)
    texts = [c.text for r in (before, after) for c in r.contents if isinstance(c, TextResourceContents)]
    assert texts[0].startswith(f"No answer is stored for {AUTHOR}")
    assert texts[1].startswith(f"Stored answer for {AUTHOR}, fetched ") and "spent no quota" in texts[1]
    assert "Personal: 15 works" in texts[1]
    assert len(emulator.requests) == 1  # the call; reading the resource twice asked for nothing


def test_the_file_is_bounded_and_holds_no_token_and_no_payload(tmp_path: Path) -> None:
    path = tmp_path / "answers.sqlite3"
    store = SqliteStore(path)
    for n in range(8):
        store._put(f"key{n}", str(n), _answer())
    old = replace(_answer(), fetched_at=datetime.now(UTC) - timedelta(days=40))
    store._put("old", "old", old)
    store.close()
    reopened = SqliteStore(path, max_entries=5)  # pruned on start: by age, then to the newest 5
    assert len(reopened) == 5
    assert reopened._get("old", datetime.now(UTC) - timedelta(days=400), datetime.now(UTC)) is None
    reopened.close()
    raw = path.read_bytes() + b"".join(p.read_bytes() for p in tmp_path.glob("answers.sqlite3-*"))
    assert b"latest_item_info" not in raw and b"item_id" not in raw  # answers, not payloads


def test_two_processes_share_the_file_at_once(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    SqliteStore(path).close()
    worker = textwrap.dedent(
        f"""
        import sys
        from datetime import UTC, datetime, timedelta
        sys.path.insert(0, {str(Path(__file__).parent)!r})
        from test_store import _answer
        from xingtu_showcase_mcp.showcase import ENDPOINT as SHOWCASE
        from xingtu_showcase_mcp.pipeline.store import SqliteStore
        import sqlite3
        store = SqliteStore(__import__("pathlib").Path({str(path)!r}))
        me = sys.argv[1]
        written = 0
        for n in range(80):
            try:
                store._put(f"{{me}}-{{n % 20}}", me, _answer())
                written += 1
            except sqlite3.OperationalError as exc:  # the other held the file past the short busy timeout:
                assert "locked" in str(exc)           # the write is skipped, as a server skips it
            other = "b" if me == "a" else "a"
            now = datetime.now(UTC)
            found = store._get(f"{{other}}-{{n % 20}}", now - timedelta(hours=1), now + timedelta(hours=1))
            assert found is None or SHOWCASE.loaded(found).author_id == "{AUTHOR}"
        print(written)
        """
    )
    procs = [
        subprocess.Popen([sys.executable, "-c", worker, who], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for who in ("a", "b")
    ]
    outcomes = [p.communicate(timeout=120) for p in procs]
    for proc, (_, err) in zip(procs, outcomes, strict=True):
        assert proc.returncode == 0, err[-2000:]
    written = sum(int(out) for out, _ in outcomes)
    store = SqliteStore(path)
    # Every write that went through is there (each query is written 4 times, under the cap of 8 kept):
    # nothing lost, nothing corrupt. How many went through depends on the machine's load, not on this.
    assert SNAPSHOTS_PER_QUERY >= 80 // 20 and written > 0
    assert len(store) == written
    store.close()


def _two_more_works() -> dict[str, object]:
    """The example a week later: two new personal works, newest first, with plays of their own."""
    doc = example_response()
    works = doc["data"]["latest_item_info"]
    newest = max(int(w["create_time"]) for w in works)
    fresh = []
    for n, plays in enumerate((9_000_000, 11_000_000), start=1):
        work = dict(works[0])
        work.update(item_id=f"74{n:017d}", create_time=newest + n * 86_400, create_timestamp=newest + n * 86_400,
                    play=plays)  # fmt: skip
        fresh.append(work)
    doc["data"]["latest_item_info"] = fresh + works
    return doc


@pytest.mark.anyio
async def test_a_later_look_says_what_changed(emulator: Emulator, tmp_path: Path, clock: VirtualClock) -> None:
    settings = settings_for(emulator, store="sqlite", store_path=tmp_path / "answers.sqlite3", cache_ttl=600)
    async with connected(settings, clock=clock) as client:
        first = await call(client, oAuthorId=AUTHOR)
    clock.advance(8 * 86_400)  # a week and a day later: past the TTL
    emulator.default = Reply.json(_two_more_works())
    async with connected(settings, clock=clock) as client:
        later = await call(client, oAuthorId=AUTHOR)
        compared = await client.call_tool(COMPARE_TOOL_NAME, {"oAuthorIds": [AUTHOR, "1000000000000000001"]})
    assert len(emulator.requests) == 3  # the first look, the later one, and the other creator
    assert first.structured_content is not None and "changes" not in first.structured_content
    assert later.structured_content is not None
    changes = later.structured_content["changes"]
    assert changes["days"] == 8
    assert changes["personal"]["new_works"] == 2 and changes["commissioned"]["new_works"] == 0
    assert changes["new_work_ids"] == ["7400000000000000002", "7400000000000000001"]  # newest first
    before = first.structured_content["personal"]["stats"]
    after = later.structured_content["personal"]["stats"]
    assert changes["personal"]["plays_median"] == [before["plays_median"], after["plays_median"]]
    assert changes["personal"]["engagement"] == [before["engagement"], after["engagement"]]
    assert before["plays_median"] != after["plays_median"]  # two works of 9M and 11M moved it
    assert "Since the last look" in text_of(later) and "new works 2 personal, 0 commissioned" in text_of(later)
    assert compared.structured_content is not None
    assert compared.structured_content["changes"][AUTHOR]["personal"]["new_works"] == 2
    assert f"{AUTHOR}: Since the last look" in text_of(compared)


def _a_week_on() -> dict[str, object]:
    """The example a week later: its oldest personal work gone, one new, every other's plays up 10%."""
    doc = example_response()
    works = sorted(doc["data"]["latest_item_info"], key=lambda w: -int(w["create_time"]))
    kept = [dict(w, play=w["play"] * 11 // 10) for w in works[:-1]]
    fresh = dict(works[0], item_id="7400000000000000009", create_time=int(works[0]["create_time"]) + 86_400)
    doc["data"]["latest_item_info"] = [fresh, *kept]
    return doc


@pytest.mark.anyio
@pytest.mark.parametrize("language", ["en", "zh"])
async def test_what_changed_names_the_work_that_left_and_grows_apart_even_with_no_reuse(
    emulator: Emulator, tmp_path: Path, clock: VirtualClock, language: str
) -> None:
    example = example_response()
    oldest = min(example["data"]["latest_item_info"], key=lambda w: int(w["create_time"]))
    before_plays = {w["item_id"]: w["play"] for w in example["data"]["latest_item_info"]}
    # JUSTONEAPI_CACHE_TTL=0: nothing is reused, but the history is still kept.
    settings = settings_for(emulator, store="sqlite", store_path=tmp_path / "a.sqlite3", cache_ttl=0, language=language)
    async with connected(settings, clock=clock) as client:
        first = await call(client, oAuthorId=AUTHOR)
        clock.advance(7 * 86_400)
        emulator.default = Reply.json(_a_week_on())
        later = await call(client, oAuthorId=AUTHOR)
    assert first.structured_content is not None and later.structured_content is not None
    changes = later.structured_content["changes"]
    personal = changes["personal"]
    assert personal["new_works"] == 1 and personal["left_works"] == 1 and personal["seen_both"] == 14
    assert changes["left"][0]["id"] == oldest["item_id"]
    # By hand: each of the 14 works seen both times grew by 10% (integer division loses under a play each).
    common = [i for i in before_plays if i != oldest["item_id"]]
    expected = sum(before_plays[i] * 11 // 10 for i in common) / sum(before_plays[i] for i in common) - 1
    assert personal["plays_growth"] == round(expected, 4)
    text = text_of(later)
    left_title = next(r[-2] for r in first.structured_content["personal"]["works"] if r[-1] == oldest["item_id"])
    assert f"「{left_title}」" in text
    assert f"+{expected * 100:.2f}%" in text
    assert ("移出列表" if language == "zh" else "left the window") in text


@pytest.mark.anyio
async def test_author_ids_complete_from_answers_already_fetched_and_results_link_them(
    emulator: Emulator, tmp_path: Path
) -> None:
    from mcp.types import PromptReference, ResourceLink, ResourceTemplateReference

    from xingtu_showcase_mcp.answers import CREATOR_URI
    from xingtu_showcase_mcp.prompt import PROMPT_NAME

    settings = settings_for(emulator, store="sqlite", store_path=tmp_path / "c.sqlite3")
    others = ["6787286580932689900", "1000000000000000001"]
    async with connected(settings) as client:
        result = await call(client, oAuthorId=AUTHOR)
        for other in others:
            await call(client, oAuthorId=other)
        template = ResourceTemplateReference(type="ref/resource", uri=CREATOR_URI)
        by_prefix = await client.complete(template, {"name": "oAuthorId", "value": "67872"})
        everyone = await client.complete(
            PromptReference(type="ref/prompt", name=PROMPT_NAME), {"name": "author", "value": ""}
        )
        words = await client.complete(template, {"name": "oAuthorId", "value": "%"})
        [link] = [c for c in result.content if isinstance(c, ResourceLink)]
        stored = await client.read_resource(link.uri)
    assert sorted(by_prefix.completion.values) == sorted([AUTHOR, others[0]])  # by hand: the two 67872… ids
    assert everyone.completion.values == [others[1], others[0], AUTHOR]  # the most recently fetched first
    assert words.completion.values == []  # not digits: nothing, and no LIKE pattern from the user
    assert str(link.uri) == f"xingtu-showcase://creator/{AUTHOR}"
    assert "Stored answer for" in "".join(getattr(c, "text", "") for c in stored.contents)
    assert len(emulator.requests) == 3  # completing and reading the link spent nothing


@pytest.mark.anyio
@pytest.mark.parametrize("ids", ['"not an object"', "[1, 2]", '{"personal": 5}', '{"personal": [1]}'])
async def test_a_stored_row_with_bad_ids_is_as_good_as_absent_and_never_fails_a_call(
    emulator: Emulator, tmp_path: Path, ids: str
) -> None:
    import sqlite3

    path = tmp_path / "bad.sqlite3"
    settings = settings_for(emulator, store="sqlite", store_path=path, cache_ttl=0)
    async with connected(settings) as client:
        assert not (await call(client, oAuthorId=AUTHOR)).is_error
    with sqlite3.connect(path) as db:
        db.execute("UPDATE snapshots SET ids = ?", (ids,))
    async with connected(settings) as client:
        results = [await call(client, oAuthorId=AUTHOR) for _ in range(3)]
    assert all(not r.is_error for r in results)
    assert len(emulator.requests) == 4  # each call once, and the good answers are stored after the bad row


def _corrupt(path: Path) -> None:
    path.write_bytes(b"this is not a database" * 100)


def _truncated(path: Path) -> None:
    SqliteStore(path).close()
    path.write_bytes(path.read_bytes()[:100])


def _other_schema(path: Path) -> None:
    import sqlite3

    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE snapshots (something TEXT)")


def _a_directory(path: Path) -> None:
    path.mkdir()


def _under_a_file(path: Path) -> Path:
    """A location no one can create, whoever runs the tests (root ignores read-only directories): under a
    file, where no directory can be made, as on a read-only or full disk."""
    blocker = path.parent / "a-file"
    blocker.write_text("not a directory")
    return blocker / "cache" / "answers.sqlite3"


@pytest.mark.anyio
@pytest.mark.parametrize("spoil", [_corrupt, _truncated, _other_schema, _a_directory, _under_a_file])
async def test_a_bad_store_file_costs_the_reuse_never_the_answer(
    emulator: Emulator, tmp_path: Path, spoil: Any, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "answers.sqlite3"
    path = spoil(path) or path
    settings = settings_for(emulator, store="sqlite", store_path=path)
    with caplog.at_level("WARNING"):
        async with connected(settings) as client:
            result = await call(client, oAuthorId=AUTHOR)
    assert not result.is_error
    [warning] = [r.getMessage() for r in caplog.records if "answer store" in r.getMessage()]
    assert str(path) in warning and "XINGTU_SHOWCASE_STORE" in warning and "Traceback" not in warning


@pytest.mark.anyio
async def test_a_row_dated_a_year_ahead_is_not_reused_nor_shadows_the_real_one(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "ahead.sqlite3")
    now = datetime.now(UTC)
    answer = summarise(example_response()["data"], ShowcaseQuery(AUTHOR), fetched_at=now).with_work_ids({})
    await store.put("k", AUTHOR, SHOWCASE.stored(answer, now - timedelta(minutes=1)))
    await store.put("k", AUTHOR, SHOWCASE.stored(answer, now + timedelta(days=365)))  # a wrong clock, or a crafted row
    found = await store.get("k", newer_than=now - timedelta(minutes=10), not_after=now + timedelta(minutes=1))
    assert found is not None and abs((found.fetched_at - (now - timedelta(minutes=1))).total_seconds()) < 1
    store.close()


# ---------------------------------------------------------------- the file as a trust boundary (#20)


def test_the_file_and_its_journal_are_its_owners_only(tmp_path: Path) -> None:
    fresh = tmp_path / "fresh" / "answers.sqlite3"
    store = SqliteStore(fresh)
    store._put("k", AUTHOR, _answer())
    modes = {p.name: p.stat().st_mode & 0o777 for p in fresh.parent.iterdir()}
    store.close()
    assert modes and all(mode == 0o600 for mode in modes.values()), modes  # the file, -wal and -shm
    assert fresh.parent.stat().st_mode & 0o777 == 0o700
    loose = tmp_path / "loose.sqlite3"
    SqliteStore(loose).close()
    loose.chmod(0o644)  # made by an older version, or by hand
    SqliteStore(loose).close()
    assert loose.stat().st_mode & 0o777 == 0o600


def test_the_bounds_hold_while_a_server_runs_not_only_at_start(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "running.sqlite3", max_entries=50)
    for n in range(2 * PRUNE_EVERY):
        store._put(f"key{n}", str(n), _answer())  # one running server, never restarted
    assert len(store) == 50
    store.close()


def _file_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def test_the_file_gives_back_the_space_of_pruned_answers(tmp_path: Path) -> None:
    path = tmp_path / "big.sqlite3"
    store = SqliteStore(path)
    for n in range(600):
        store._put(f"key{n}", str(n), _answer())
    store.close()
    full = _file_bytes(path)
    SqliteStore(path, max_entries=10).close()  # pruned to 10 at start
    assert _file_bytes(path) < full / 10


def test_a_file_made_without_space_reclaim_is_compacted_once(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "old.sqlite3"
    with sqlite3.connect(path) as db:  # the schema as an earlier version made it: no auto_vacuum
        db.execute(
            "CREATE TABLE snapshots (key TEXT NOT NULL, creator TEXT NOT NULL, fetched_at REAL NOT NULL, "
            "body TEXT NOT NULL, ids TEXT NOT NULL, PRIMARY KEY (key, fetched_at))"
        )
        now = datetime.now(UTC).timestamp()
        db.executemany(
            "INSERT INTO snapshots VALUES (?, ?, ?, ?, '{}')",
            [(f"k{n}", "1", now - n, "x" * 8000) for n in range(3000)],
        )
        db.execute("DELETE FROM snapshots WHERE fetched_at < ?", (now - 100,))  # freed pages stay in the file
    holey = path.stat().st_size
    SqliteStore(path).close()
    assert path.stat().st_size < holey / 10
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA auto_vacuum").fetchone()[0] == 2  # incremental from now on
        assert db.execute("SELECT COUNT(*) FROM snapshots").fetchone()[0] == 101


def test_a_row_larger_than_any_answer_is_never_read(tmp_path: Path) -> None:
    import sqlite3

    path = tmp_path / "crafted.sqlite3"
    store = SqliteStore(path)
    now = datetime.now(UTC)
    good = replace(_answer(), fetched_at=now - timedelta(minutes=5))
    store._put("k", AUTHOR, good)
    with sqlite3.connect(path) as db:  # newer, and 2 MB of body: far past MAX_ENTRY_BYTES
        db.execute("INSERT INTO snapshots VALUES ('k', ?, ?, ?, '{}')", (AUTHOR, now.timestamp(), "x" * 2_000_000))
    found = store._get("k", now - timedelta(hours=1), now + timedelta(minutes=1))
    assert found is not None and abs((found.fetched_at - good.fetched_at).total_seconds()) < 1
    latest = store._latest(AUTHOR)
    assert latest is not None and abs((latest.fetched_at - good.fetched_at).total_seconds()) < 1
    store.close()


def test_a_call_waits_a_fraction_of_a_second_for_the_file_at_most(tmp_path: Path) -> None:
    store = SqliteStore(tmp_path / "busy.sqlite3")
    assert store._db.execute("PRAGMA busy_timeout").fetchone()[0] <= 250  # milliseconds, not the 10 s it was
    store.close()


@pytest.mark.anyio
async def test_a_write_lock_held_by_another_process_costs_the_store_never_the_answer(
    emulator: Emulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    import sqlite3

    path = tmp_path / "locked.sqlite3"
    SqliteStore(path).close()
    settings = settings_for(emulator, store="sqlite", store_path=path)
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        with caplog.at_level("WARNING"):
            async with connected(settings) as client:
                holder.execute("BEGIN EXCLUSIVE")  # another process writes, and does not let go
                results = [await call(client, oAuthorId=str(7 * 10**18 + n)) for n in range(4)]
                holder.execute("ROLLBACK")
    finally:
        holder.close()
    assert all(not r.is_error for r in results)
    assert len(emulator.requests) == 4
    records = [r for r in caplog.records if "answer store" in r.getMessage()]
    assert len(records) == 1  # one warning, not one per call
    assert "OperationalError" in records[0].getMessage() and records[0].exc_info is None  # no traceback


def test_a_full_disk_fails_the_write_with_sqlites_own_error(tmp_path: Path) -> None:
    """What the cache turns into one warning (see above): the write raises, it does not hang or corrupt."""
    import sqlite3

    store = SqliteStore(tmp_path / "full.sqlite3")
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # SQLITE_FULL, as a full disk gives
    with pytest.raises(sqlite3.OperationalError, match="full"):
        store._put("k", AUTHOR, _answer())
    assert len(store) == 0
    store.close()
