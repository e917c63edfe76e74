"""o200k token counts through the npm package gpt-tokenizer (installed by `npm ci` in benchmarks/).

No Python package ships the o200k vocabulary without downloading it at run time,
so the count runs in Node.js, which the project's machines have.
"""

from __future__ import annotations

import atexit
import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "count_tokens.mjs"


def tokenizer_available() -> bool:
    """Whether Node.js and the installed gpt-tokenizer package are both here."""
    return shutil.which("node") is not None and (HERE / "node_modules" / "gpt-tokenizer").is_dir()


_counter: subprocess.Popen[bytes] | None = None
"""The one Node.js process this Python process counts with (started at the first count, ended at exit)."""


def _started() -> subprocess.Popen[bytes]:
    global _counter  # one tokenizer per process, by design
    if _counter is None or _counter.poll() is not None:
        node = shutil.which("node")
        if node is None:
            raise RuntimeError("Node.js is needed to count o200k tokens")
        _counter = subprocess.Popen([node, str(SCRIPT)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=HERE)
        atexit.register(_stop, _counter)
    return _counter


def _stop(counter: subprocess.Popen[bytes]) -> None:
    """End of input ends the counter; a counter that does not end is killed, and reaped either way."""
    if counter.stdin is not None:
        counter.stdin.close()
    try:
        counter.wait(timeout=5)
    except subprocess.TimeoutExpired:
        counter.kill()
        counter.wait()


def count_tokens(texts: list[str]) -> list[int]:
    """The o200k token count of each text: one line to the counting process, one line back (JSON escapes
    every newline inside the texts)."""
    counter = _started()
    assert counter.stdin is not None and counter.stdout is not None
    counter.stdin.write(json.dumps(texts, ensure_ascii=False).encode("utf-8") + b"\n")
    counter.stdin.flush()
    answer = counter.stdout.readline()
    if not answer:
        raise RuntimeError(f"the token counter stopped (exit code {counter.wait()})")
    return [int(c) for c in json.loads(answer)]
