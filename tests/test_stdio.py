"""End to end: the console script spawned over stdio against the emulator, and the CLI.

A canary token is configured, debug logging is on, and the emulator even echoes
the token back in an error message: the canary must appear in no result, no
stderr byte and no log line.
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import re
import select
import shlex
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from mcp import Client, StdioServerParameters
from mcp.client.stdio import stdio_client

from xingtu_showcase_mcp import cli, messages
from xingtu_showcase_mcp.cli import _parser, main
from xingtu_showcase_mcp.config import VARIABLES
from xingtu_showcase_mcp.demo import DEMO_AUTHOR_ID, DEMO_SECOND_AUTHOR_ID
from xingtu_showcase_mcp.errors import entry

from conftest import FAST, compact, free_port, text_of
from emulator import Emulator, Reply
from readme_blocks import example_answer
from test_faults import RETRIES, SCENARIOS, TIMEOUT

SCRIPT = Path(sys.executable).with_name("xingtu-showcase-mcp")
AUTHOR = "6787286580932689933"


def server_env(emulator: Emulator, **extra: str) -> dict[str, str]:
    env = {
        "JUSTONEAPI_TOKEN": emulator.token,
        "JUSTONEAPI_BASE_URL": emulator.url,
        "JUSTONEAPI_TIMEOUT": "20",  # generous: the back-off after the 301 sleeps for real here
        "JUSTONEAPI_CACHE_TTL": "0",  # the tests count upstream requests
        "JUSTONEAPI_MAX_RETRIES": "1",
        "XINGTU_SHOWCASE_LOG_LEVEL": "DEBUG",
        "PYTHONIOENCODING": "utf-8",
    }
    env.update(extra)
    return env


@pytest.mark.anyio
async def test_stdio_server_answers_and_never_leaks_the_token(emulator: Emulator) -> None:
    canary = emulator.token
    emulator.plan(
        Reply.success(),
        Reply(200, b'{"code":0,"data":{"latest_item', "application/json"),
        Reply.envelope(301),  # collection failed: retried (Just One API documents it as retryable)
        Reply(502, b"<html>bad gateway</html>", "text/html"),  # may have been charged: not retried
        Reply.envelope(100, status=401, message=f"token {canary} is not active"),  # last: it stops the next minute
    )  # a too-slow upstream would wait for real here; test_faults.py proves it on a virtual clock
    params = StdioServerParameters(command=str(SCRIPT), env=server_env(emulator))
    results: list[Any] = []
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errlog:
        async with Client(stdio_client(params, errlog=errlog)) as client:
            tools = await client.list_tools()
            assert sorted(t.name for t in tools.tools) == [
                "compare_creators",
                "get_marketing_info",
                "get_showcase_items",
                "search_creators",
            ]
            for _ in range(4):
                results.append(await client.call_tool("get_showcase_items", {"oAuthorId": AUTHOR}))
            results.append(await client.call_tool("get_showcase_items", {"oAuthorId": "not-an-id"}))
        errlog.seek(0)
        stderr = errlog.read()

    ok, truncated, gateway, bad_token, invalid = results
    assert not ok.is_error and ok.structured_content is not None
    assert ok.structured_content["personal"]["stats"]["count"] == 15
    assert bad_token.is_error and "Invalid or inactive token" in text_of(bad_token)
    assert "*** is not active" in text_of(bad_token)
    assert truncated.is_error and "truncated" in text_of(truncated)
    assert gateway.is_error and "Gateway error" in text_of(gateway) and "2 attempts" in text_of(gateway)
    assert "may have charged it" in text_of(gateway)
    assert invalid.is_error and "ASCII digits" in text_of(invalid)
    assert len(emulator.requests) == 5  # the invalid id never reached the API

    for result in results:
        assert canary not in text_of(result)
        assert canary not in compact(result.structured_content or {})
    assert canary not in stderr
    # One line per upstream attempt, so a user can read what happened in the client's log.
    attempts = [line for line in stderr.splitlines() if "upstream for=" in line]
    assert len(attempts) == 5, stderr[-3000:]
    assert all(AUTHOR in line and "attempt=" in line and "status=" in line for line in attempts)


def without_fetch_time(text: str) -> str:
    return re.sub(r", fetched \d{4}-\d\d-\d\d \d\d:\d\d UTC", "", text)


_RUNS: dict[tuple[tuple[str, ...], tuple[tuple[str, str], ...]], subprocess.CompletedProcess[str]] = {}


def run_cli_once(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """`run_cli`, remembered: several tests read what the same command prints (a spawn costs a second)."""
    key = (args, tuple(sorted((env or {}).items())))
    if key not in _RUNS:
        _RUNS[key] = run_cli(*args, env=env)
    return _RUNS[key]


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    return subprocess.run(
        [str(SCRIPT), *args],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**base, "PYTHONIOENCODING": "utf-8", **(env or {})},
        timeout=60,
        check=False,
    )


@pytest.fixture(scope="module")
def demo_call() -> subprocess.CompletedProcess[str]:
    """`call --demo`, spawned once for the tests that read what it prints."""
    return run_cli_once("call", "--demo")


def test_call_demo_prints_the_answer_without_token_or_network(demo_call: subprocess.CompletedProcess[str]) -> None:
    done = demo_call
    assert done.returncode == 0, done.stderr
    assert "DEMO DATA" in done.stdout and "Personal: 12 works" in done.stdout
    assert done.stderr == ""


def test_call_demo_json_is_the_structured_content(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_in_process(monkeypatch, capsys, "call", "--demo", "--json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["demo"] is True and doc["personal"]["stats"]["count"] == 12
    assert "\\u" not in out


def test_call_against_the_emulator_and_python_dash_m(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    env = server_env(emulator, XINGTU_SHOWCASE_LOG_LEVEL="WARNING")
    code, out, err = run_in_process(monkeypatch, capsys, "call", AUTHOR, "--platform", "PICTURE_TEXT", **env)
    done = subprocess.CompletedProcess(["call"], code, out, err)
    assert done.returncode == 0, done.stderr
    assert f"showcase of {AUTHOR} (Douyin uid 62427282029), picture posts" in done.stdout  # PICTURE_TEXT in words
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    module = subprocess.run(
        [sys.executable, "-m", "xingtu_showcase_mcp", "call", AUTHOR],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env={**base, **env},
        timeout=60,
        check=False,
    )
    assert module.returncode == 0
    # The same answer but for the platform, and the fetch time (the two runs may straddle a minute).
    assert without_fetch_time(module.stdout) == without_fetch_time(done.stdout).replace("picture posts", "short videos")
    assert emulator.token not in done.stdout + done.stderr + module.stderr


def test_call_error_goes_to_stderr_with_exit_code_1(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.default = Reply.envelope(601)
    env = {"JUSTONEAPI_TOKEN": emulator.token, "JUSTONEAPI_BASE_URL": emulator.url}
    code, out, err = run_in_process(monkeypatch, capsys, "call", AUTHOR, **env)
    assert code == 1 and out == ""
    assert "Insufficient balance" in err


def cli_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str, answers: bool = False, **env: str
) -> tuple[int, str]:
    """The CLI's own `main`, in process: exit code and stderr (stdout stays empty unless it `answers`)."""
    code, out, err = run_in_process(monkeypatch, capsys, *argv, **env)
    assert bool(out) == answers
    return code, err


def run_in_process(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], *argv: str, **env: str
) -> tuple[int, str, str]:
    """The CLI's own `main`, in process, with only `env` of the project's variables: code, stdout, stderr.

    Spawning the console script costs a second of imports; the tests that need the script itself spawn it.
    """
    for name in [k for k in os.environ if k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    with pytest.raises(SystemExit) as stopped:
        main(list(argv))
    captured = capsys.readouterr()
    return int(stopped.value.code or 0), captured.out, captured.err


def test_bad_configuration_stops_with_a_clear_message(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, stderr = cli_in_process(monkeypatch, capsys, "call", "--demo", JUSTONEAPI_TIMEOUT="soon")
    assert code == 2
    assert "configuration error" in stderr and "JUSTONEAPI_TIMEOUT" in stderr
    assert "Traceback" not in stderr


def test_call_without_an_id_asks_for_one(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, stderr = cli_in_process(monkeypatch, capsys, "call")
    assert code == 2 and "--demo" in stderr


STDIO_REPRESENTATIVES = (
    "success",
    "code 400",
    "HTML 200 (login page)",
    "truncated JSON",
    "429 then success",
    "code 601",
)
"""One of each kind: an answer, two business codes, a gateway page, broken JSON and a retry, in this order
(601 refuses the account: it answers the next minute's calls itself, so it comes last). The whole matrix
runs in process (test_faults.py); over stdio these prove the console script behaves the same."""


@pytest.mark.anyio
async def test_fault_representatives_over_stdio_leak_no_byte_of_the_token(emulator: Emulator) -> None:
    scenarios = [next(s for s in SCENARIOS if s.name == name) for name in STDIO_REPRESENTATIVES]
    env = server_env(emulator, JUSTONEAPI_TIMEOUT=str(TIMEOUT), JUSTONEAPI_MAX_RETRIES=str(RETRIES))
    params = StdioServerParameters(command=str(SCRIPT), env=env)
    texts: list[str] = []
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errlog:
        async with Client(stdio_client(params, errlog=errlog)) as client:
            for scenario in scenarios:
                *first, last = scenario.replies
                emulator.plan(*first)
                emulator.default = last
                before = len(emulator.requests)
                result = await client.call_tool("get_showcase_items", {"oAuthorId": AUTHOR})
                assert result.is_error == (scenario.outcome != "ok"), scenario.name
                assert len(emulator.requests) - before == scenario.requests, scenario.name
                texts.append(text_of(result) + compact(result.structured_content or {}))
        errlog.seek(0)
        stderr = errlog.read()
    assert emulator.token not in "".join(texts)
    assert emulator.token not in stderr
    assert stderr.count("upstream for=") == len(emulator.requests)


def test_readme_example_is_what_call_demo_prints(demo_call: subprocess.CompletedProcess[str]) -> None:
    done = demo_call
    assert example_answer() == "```text\n" + without_fetch_time(done.stdout.rstrip("\n")) + "\n```"


@pytest.mark.parametrize(
    "argv",
    [
        ["--demo", "call"],
        ["call", "--demo"],
        ["--demo", "serve", "--transport", "http"],
        ["serve", "--demo", "--transport", "http"],
        ["--demo", "serve"],
    ],
)
def test_demo_means_the_same_in_any_position(argv: list[str]) -> None:
    assert _parser().parse_args(argv).demo is True


@pytest.mark.parametrize("argv", [["call", "1"], ["serve", "--transport", "http"], []])
def test_without_demo_it_is_off(argv: list[str]) -> None:
    assert _parser().parse_args(argv).demo is False


@pytest.mark.anyio
async def test_the_stdio_server_speaks_chinese_when_asked(emulator: Emulator) -> None:
    """Once end to end with XINGTU_SHOWCASE_LANGUAGE=zh: the answer, an error and the prompt, over stdio."""
    emulator.plan(Reply.success(), Reply.envelope(601))
    params = StdioServerParameters(command=str(SCRIPT), env=server_env(emulator, XINGTU_SHOWCASE_LANGUAGE="zh"))
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8") as errlog:
        async with Client(stdio_client(params, errlog=errlog)) as client:
            ok = await client.call_tool("get_showcase_items", {"oAuthorId": AUTHOR})
            balance = await client.call_tool("get_showcase_items", {"oAuthorId": AUTHOR})
            prompt = await client.get_prompt("evaluate_creator", {"author": AUTHOR})
    assert not ok.is_error and ok.structured_content is not None
    assert ok.structured_content["personal"]["stats"]["count"] == 15  # the figures do not change with the language
    assert text_of(ok).startswith(messages.HEADER.zh.split("{")[0])
    assert messages.SECTION_NAMES["personal"].zh in text_of(ok)
    assert balance.is_error and entry("601").meaning.zh in text_of(balance)
    assert messages.PROMPT_NO_BRIEF.zh in "".join(getattr(m.content, "text", "") for m in prompt.messages)
    assert emulator.token not in text_of(ok) + text_of(balance)


def test_cli_messages_follow_the_language(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, stderr = cli_in_process(monkeypatch, capsys, "call", XINGTU_SHOWCASE_LANGUAGE="zh")
    assert code == 2 and stderr.strip() == messages.CLI_NEEDS_AUTHOR.zh
    code, stderr = cli_in_process(
        monkeypatch, capsys, "call", "--demo", XINGTU_SHOWCASE_LANGUAGE="zh", JUSTONEAPI_TIMEOUT="soon"
    )
    assert code == 2 and "JUSTONEAPI_TIMEOUT" in stderr
    assert stderr.startswith(messages.CLI_CONFIG_ERROR.zh.split("{")[0])


def test_serve_in_a_terminal_says_what_it_waits_for_and_ctrl_c_stops_it_quietly() -> None:
    primary, secondary = pty.openpty()  # a terminal for stdin, as when someone runs it by hand
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    # Ctrl-C as in a terminal: a suite started in the background (`cmd &`) hands SIGINT on ignored, and Python
    # then never turns it into KeyboardInterrupt; the small launcher gives it back its default, then runs the server.
    launcher = (
        "import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execv(sys.argv[1], sys.argv[1:])"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", launcher, str(SCRIPT), "--demo"],
        stdin=secondary,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=base,
    )
    os.close(secondary)
    assert process.stderr is not None
    errors = process.stderr.fileno()
    try:
        stderr = b""
        waiting = time.monotonic() + 120  # until it says it waits, however loaded the machine (not a speed test)
        while time.monotonic() < waiting:  # it reads nothing from the terminal meanwhile
            ready, _, _ = select.select([errors], [], [], 0.05)
            if ready:
                stderr += os.read(errors, 65536)
            if b"Ctrl-C" in stderr:
                break
        process.send_signal(signal.SIGINT)
        out, rest = process.communicate(timeout=60)
    finally:
        os.close(primary)
    said = (stderr + rest).decode()
    assert messages.CLI_WAITING.en in said
    assert messages.CLI_DEMO_MODE.en in said
    assert "Traceback" not in said and "KeyboardInterrupt" not in said
    assert process.returncode == 130 and out == b""


def test_the_cli_speaks_to_a_terminal_user_and_warns_about_plain_http(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run_in_process(monkeypatch, capsys, "call", AUTHOR, JUSTONEAPI_BASE_URL="cn")
    assert code == 1 and out == ""
    assert "plain HTTP" in err and "JUSTONEAPI_BASE_URL" in err
    advice = entry("no_token").cli_advice
    assert advice is not None and advice.en in err
    assert "restart the client" not in err


def test_a_long_call_shows_progress_on_stderr(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.latency = 0.4
    monkeypatch.setattr(cli, "ASK_TIMING", FAST)  # progress every 50 ms instead of every 4 s
    env = {"JUSTONEAPI_TOKEN": emulator.token, "JUSTONEAPI_BASE_URL": emulator.url}
    code, stderr = cli_in_process(monkeypatch, capsys, "call", AUTHOR, answers=True, **env)
    assert code == 0
    waiting = [line for line in stderr.splitlines() if line.startswith("Waiting for Just One API")]
    assert len(waiting) >= 2  # the user sees the wait, not a silent terminal


def test_compare_from_the_command_line(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_in_process(monkeypatch, capsys, "compare", "--demo")
    assert code == 0, err
    rows = [line for line in out.splitlines() if line[:2] in ("1|", "2|")]
    assert [row.split("|")[1] for row in rows] == [DEMO_AUTHOR_ID, DEMO_SECOND_AUTHOR_ID]  # ranked by median plays


def test_every_option_is_described_and_enum_values_take_any_case() -> None:
    parser = _parser()
    commands = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for command in [parser, *commands.choices.values()]:
        for action in command._actions:
            assert action.help, f"{command.prog} {action.option_strings or action.dest} has no help"
    args = parser.parse_args(["call", "1", "--platform", "picture_text", "--flow-type", "include"])
    assert (args.platform, args.flow_type) == ("PICTURE_TEXT", "INCLUDE")


# ---------------------------------------------------------------- every command README shows


def readme_commands() -> list[str]:
    """Every command in README's sh blocks: continuation lines joined, comments dropped."""
    commands: list[str] = []
    readme = Path(__file__).resolve().parents[1] / "README.md"
    for block in re.findall(r"```sh\n(.*?)```", readme.read_text("utf-8"), flags=re.DOTALL):
        for line in block.replace("\\\n", " ").splitlines():
            command = " ".join(line.split("#", 1)[0].split())
            if command:
                commands.append(command)
    return commands


RUN_BY_CI = {"uv run pytest", "uv run python scripts/build_bundle.py"}
"""Run by .ci/run itself (and the bundle by tests/test_bundle.py too): a test cannot run the suite it is in."""


def _run(
    command: str, emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    """A README command as a user runs it: `uv run xingtu-showcase-mcp` is this environment's console script
    (spawned for `call --demo`, which other tests read too; the CLI's own `main` in process for the rest),
    `JUSTONEAPI_TOKEN=...` a real token, for which the emulator stands in for Just One API."""
    words = shlex.split(command)
    env: dict[str, str] = {}
    while "=" in words[0]:
        name, value = words.pop(0).split("=", 1)
        env[name] = value
    if env.get("JUSTONEAPI_TOKEN") == "...":
        env.update(JUSTONEAPI_TOKEN=emulator.token, JUSTONEAPI_BASE_URL=emulator.url)
    assert words[:3] == ["uv", "run", "xingtu-showcase-mcp"], command
    if words[3:] == ["call", "--demo"] and not env:
        done = run_cli_once(*words[3:])
        return done.returncode, done.stdout, done.stderr
    return run_in_process(monkeypatch, capsys, *words[3:], **env)


def _serve_until_healthy(options: list[str]) -> None:
    """Start README's serve command (on a free port, as README's port may be taken) until /health answers."""
    port = free_port()
    if "--port" in options:
        at = options.index("--port")
        options = options[:at] + options[at + 2 :]
    base = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    server = subprocess.Popen([str(SCRIPT), *options, "--port", str(port)], env=base,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        for _ in range(300):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1) as answer:
                    assert answer.read() == b"ok"
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError(f"serve {options} never answered /health")
    finally:
        server.terminate()
        server.wait(timeout=15)


def test_every_command_in_readme_is_run(
    emulator: Emulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    commands = readme_commands()
    assert len(commands) >= 10
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text("utf-8")
    for command in commands:
        words = shlex.split(command)
        if command in RUN_BY_CI:
            assert command in ci, command
        elif "serve" in words:
            options = words[words.index("serve") :]
            args = _parser().parse_args(options)
            assert args.transport == "http" and args.command == "serve", command
            names = {w.split("=", 1)[0] for w in words if "=" in w and w.split("=", 1)[0].isupper()}
            assert names <= {v.name for v in VARIABLES}, command
            if args.host == "127.0.0.1":
                _serve_until_healthy(options)
            # else: a deployment beyond loopback, which no test may bind; its options are checked above, and
            # test_http.py proves the bearer token it needs.
        else:
            code, out, err = _run(command, emulator, monkeypatch, capsys)
            assert code == 0, (command, err[-1000:])
            assert out.strip(), command
            if "JUSTONEAPI_TOKEN=..." in command:  # answered by the emulator: nothing left this machine
                assert AUTHOR in out, command


def test_a_reader_that_stops_early_gets_no_traceback() -> None:
    """`xingtu-showcase-mcp call --demo | head -1`: the pipe is closed before the answer is written."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    child = subprocess.Popen([str(SCRIPT), "call", "--demo"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    assert child.stdout is not None and child.stderr is not None
    child.stdout.close()  # like `head` after its line: every write from now on meets a closed pipe
    stderr = child.stderr.read().decode("utf-8", "replace")
    assert child.wait(timeout=60) == 0
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr
