"""A hostile upstream: bodies that would cost gigabytes, and echoes of the token, against the real CLI.

Memory is measured in a subprocess: a small wrapper runs `xingtu-showcase-mcp call` (server and client
in one process, exactly as a user runs it) and reports its child's peak RSS. Limits are asserted with
generous margins: what matters is hundreds of megabytes against gigabytes, not a few megabytes.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import anyio
import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from xingtu_showcase_mcp.config import DEFAULT_MAX_RESPONSE_MB, ConfigError, load_settings
from xingtu_showcase_mcp.errors import entry
from xingtu_showcase_mcp.pipeline.redaction import Redactor, forms
from xingtu_showcase_mcp.pipeline.upstream import DETAIL_LIMIT

from conftest import call, connected, settings_for, text_of
from emulator import Emulator, Reply
from hostile import endless, gzip_bomb, huge, token_echo

SCRIPT = Path(sys.executable).with_name("xingtu-showcase-mcp")
AUTHOR = "6787286580932689933"
PEAK_LIMIT_MB = 250
MEASURED = (
    "import resource, subprocess, sys\n"
    "done = subprocess.run(sys.argv[1:], capture_output=True, text=True, encoding='utf-8')\n"
    "sys.stdout.write(done.stdout)\n"
    "sys.stderr.write(done.stderr)\n"
    "print(f'PEAK_KB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr)\n"
    "raise SystemExit(done.returncode)\n"
)


@cache
def bomb() -> Reply:
    """4.6 MB of gzip that inflates to 1 GiB (built once: compressing it takes a second)."""
    return gzip_bomb(1024)


def hostile_env(emulator: Emulator) -> dict[str, str]:
    """The server's settings against the emulator: no retry (a refused body is never asked for again)."""
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    return {
        **base,
        "JUSTONEAPI_TOKEN": emulator.token,
        "JUSTONEAPI_BASE_URL": emulator.url,
        "JUSTONEAPI_TIMEOUT": "30",
        "JUSTONEAPI_MAX_RETRIES": "0",
        "PYTHONIOENCODING": "utf-8",
    }


def call_measured(emulator: Emulator, *authors: str) -> tuple[int, str, float]:
    """Exit code, stderr and peak RSS in MB of one `compare` of `authors` against the emulator."""
    env = hostile_env(emulator)
    done = subprocess.run(
        [sys.executable, "-c", MEASURED, str(SCRIPT), "compare", *authors],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        timeout=120,
        check=False,
    )
    head, _, peak = done.stderr.rpartition("PEAK_KB=")
    return done.returncode, head, int(peak) / 1024


def test_bodies_past_the_cap_are_refused_unread_in_bounded_memory(emulator: Emulator) -> None:
    """A 200 MB body, an endless chunked one and a 1 GiB gzip bomb, for three creators compared at once in
    one process: each refused at the cap, the process's peak RSS far below what any of them would cost."""
    hostile = {"1000000000000000001": huge(200), "1000000000000000002": endless(), "1000000000000000003": bomb()}
    emulator.reply_for = hostile
    code, stderr, peak_mb = call_measured(emulator, *hostile)
    assert code == 1  # nobody could be compared, and each is explained
    assert stderr.count(entry("too_large").name.en) == 3 and f"{DEFAULT_MAX_RESPONSE_MB} MB" in stderr
    assert peak_mb < PEAK_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"
    assert len(emulator.requests) == 3  # refused, not retried: each would only be refused again


PASSING_THROUGH = (
    "import resource, subprocess, sys\n"
    "subprocess.run(sys.argv[1:])\n"
    "print(f'PEAK_KB={resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}', file=sys.stderr, flush=True)\n"
)


@pytest.mark.anyio
async def test_three_bombs_at_once_stay_bounded_and_each_creator_is_explained(emulator: Emulator) -> None:
    """compare_creators over stdio, three creators answered with a bomb each, fetched at the same time."""
    emulator.default = bomb()
    params = StdioServerParameters(
        command=sys.executable, args=["-c", PASSING_THROUGH, str(SCRIPT)], env=hostile_env(emulator)
    )
    ids = [AUTHOR, "1000000000000000001", "1000000000000000002"]
    stderr = ""
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errlog:
        async with Client(stdio_client(params, errlog=errlog)) as client:
            result = await client.call_tool("compare_creators", {"oAuthorIds": ids})
        for _ in range(200):  # the wrapper reports once the server has exited
            errlog.seek(0)
            if "PEAK_KB=" in (stderr := errlog.read()):
                break
            await anyio.sleep(0.05)
    assert result.is_error  # nobody could be compared: every reason is given
    assert text_of(result).count(entry("too_large").name.en) == 3
    assert len(emulator.requests) == 3
    peak_mb = int(stderr.rpartition("PEAK_KB=")[2].split()[0]) / 1024
    assert peak_mb < PEAK_LIMIT_MB, f"peak RSS {peak_mb:.0f} MB"


# ---------------------------------------------------------------- the token echoed back

AWKWARD_TOKEN = "k3y+w1th/slash=and+plus=="  # 25 characters, with every character URL-encoding changes


@pytest.fixture
def awkward(emulator: Emulator) -> Iterator[Emulator]:
    """The emulator expecting a token that URL-encoding changes."""
    usual = emulator.token
    emulator.token = AWKWARD_TOKEN
    try:
        yield emulator
    finally:
        emulator.token = usual


def leaks(text: str) -> list[str]:
    """Every piece of at least 8 characters of the token, in any form, found in `text`."""
    found: list[str] = []
    for form in forms(AWKWARD_TOKEN):
        found += [form[i : i + 8] for i in range(len(form) - 7) if form[i : i + 8] in text]
    return found


@pytest.mark.anyio
async def test_a_url_encoded_echo_past_the_cut_leaves_no_piece_of_the_token(awkward: Emulator) -> None:
    awkward.plan(token_echo(AWKWARD_TOKEN, "error-url-encoded"))
    async with connected(settings_for(awkward)) as client:
        result = await call(client, oAuthorId=AUTHOR)
    text = text_of(result)
    assert result.is_error and entry("100").name.en in text
    assert "***" in text  # the echo was there, and was taken out
    assert leaks(text) == []
    details = next(line for line in text.splitlines() if line.startswith("Details: "))
    assert len(details) <= len("Details: ") + DETAIL_LIMIT  # shortened, after the redaction


@pytest.mark.anyio
async def test_an_echo_inside_a_successful_answer_is_taken_out(awkward: Emulator) -> None:
    awkward.plan(token_echo(AWKWARD_TOKEN, "success-hashtag"))
    async with connected(settings_for(awkward)) as client:
        result = await call(client, oAuthorId=AUTHOR)
    assert not result.is_error
    everything = text_of(result) + json.dumps(result.structured_content, ensure_ascii=False)
    assert "***" in everything
    assert leaks(everything) == []


def test_every_form_of_a_secret_is_redacted_and_nothing_else() -> None:
    redact = Redactor([AWKWARD_TOKEN])
    for form in forms(AWKWARD_TOKEN):
        assert redact(f"before {form} after") == "before *** after", form
    assert redact("k3y plus slash and") == "k3y plus slash and"
    assert Redactor([None, ""])("anything") == "anything"


def test_a_case_changed_or_cut_echo_of_the_token_is_redacted_too() -> None:
    redact = Redactor([AWKWARD_TOKEN])
    for echo in (AWKWARD_TOKEN.lower(), AWKWARD_TOKEN.upper(), AWKWARD_TOKEN[:-1], AWKWARD_TOKEN[:-3]):
        assert redact(f"token={echo};") == "token=***;", echo
    assert redact("k3y+w1th") == "k3y+w1th"  # a short piece is not the token


def test_a_refused_redis_url_never_shows_its_password() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings({"XINGTU_SHOWCASE_STORE": "redis://:s3cret-pass-word@/0"})
    said = str(caught.value) + caught.value.said("en") + caught.value.said("zh")
    assert "s3cret-pass-word" not in said and "XINGTU_SHOWCASE_STORE" in said and "***" in said
