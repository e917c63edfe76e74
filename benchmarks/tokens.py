"""o200k token counts through the npm package gpt-tokenizer (installed by `npm ci` in benchmarks/).

No Python package ships the o200k vocabulary without downloading it at run time,
so the count runs in Node.js, which the project's machines have.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "count_tokens.mjs"


def tokenizer_available() -> bool:
    """Whether Node.js and the installed gpt-tokenizer package are both here."""
    return shutil.which("node") is not None and (HERE / "node_modules" / "gpt-tokenizer").is_dir()


def count_tokens(texts: list[str]) -> list[int]:
    """The o200k token count of each text."""
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("Node.js is needed to count o200k tokens")
    done = subprocess.run(
        [node, str(SCRIPT)],
        input=json.dumps(texts, ensure_ascii=False).encode("utf-8"),
        capture_output=True,
        check=True,
        cwd=HERE,
        timeout=60,
    )
    counts = json.loads(done.stdout)
    return [int(c) for c in counts]
