"""An independent client in CI: the MCP Inspector CLI against the stdio server and the emulator.

Our own tests use the Python SDK's client; a server can agree with its own SDK
and still trip other clients. The Inspector (pinned in .ci/package.json) lists
the tools with --strict schema-portability checks and calls every tool; any
unexpected exit code or output fails CI.

    npm install --prefix .ci --no-save && uv run python .ci/inspector_check.py
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from emulator import Emulator, Reply  # noqa: E402 - the tests' emulator, found through the path above

INSPECTOR = ROOT / ".ci" / "node_modules" / ".bin" / "mcp-inspector"
SERVER = Path(sys.executable).with_name("xingtu-showcase-mcp")
AUTHOR = "6787286580932689933"
OTHER = "1000000000000000001"
# A JSON string on purpose: the Inspector turns a bare 19-digit value into a JSON number, which loses digits.
CALL_ONE = ("--method", "tools/call", "--tool-name", "get_showcase_items", "--tool-arg", f'oAuthorId="{AUTHOR}"')


def inspector(emulator: Emulator, *args: str) -> tuple[int, Any, str]:
    """Run one Inspector CLI call against a freshly spawned stdio server; (exit code, JSON output, stderr)."""
    env = [
        "-e",
        f"JUSTONEAPI_TOKEN={emulator.token}",
        "-e",
        f"JUSTONEAPI_BASE_URL={emulator.url}",
        "-e",
        "JUSTONEAPI_CACHE_TTL=0",
        "-e",
        "XINGTU_SHOWCASE_LOG_LEVEL=WARNING",
        "-e",
        "XINGTU_SHOWCASE_STORE=memory",
    ]
    done = subprocess.run(
        [str(INSPECTOR), "--cli", *env, *args, "--", str(SERVER)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    try:
        output = json.loads(done.stdout)
    except ValueError:
        output = done.stdout
    expect(emulator.token not in done.stdout + done.stderr, f"no token in the output of {' '.join(args[:4])}")
    return done.returncode, output, done.stderr


def expect(condition: bool, what: str, detail: object = "") -> None:
    if not condition:
        print(f"FAIL: {what}\n{detail}", file=sys.stderr)
        raise SystemExit(1)
    print(f"ok: {what}")


def main() -> None:
    emulator = Emulator(token="inspector-canary-token")
    emulator.start()
    try:
        code, out, err = inspector(emulator, "--method", "tools/list", "--strict")
        expect(code == 0, "tools/list --strict finds no portability error", err)
        names = sorted(t["name"] for t in out["tools"])
        expect(
            names == ["compare_creators", "get_marketing_info", "get_showcase_items", "search_creators"],
            "the four tools listed",
            names,
        )

        code, out, err = inspector(emulator, *CALL_ONE)
        expect(code == 0 and not out.get("isError"), "get_showcase_items answers", (code, err))
        expect(out["structuredContent"]["personal"]["stats"]["count"] == 15, "with the example's 15 works", out)
        expect(f"showcase of {AUTHOR}" in out["content"][0]["text"], "and a text answer", out)

        code, out, err = inspector(
            emulator,
            "--method",
            "tools/call",
            "--tool-name",
            "compare_creators",
            "--tool-arg",
            f'oAuthorIds=["{AUTHOR}","{OTHER}"]',
        )
        expect(code == 0 and not out.get("isError"), "compare_creators answers", (code, err))
        expect(len(out["structuredContent"]["rows"]) == 2, "with one row per creator", out)

        code, out, err = inspector(
            emulator,
            "--method",
            "tools/call",
            "--tool-name",
            "get_marketing_info",
            "--tool-arg",
            f'oAuthorId="{AUTHOR}"',
        )
        expect(code == 0 and not out.get("isError"), "get_marketing_info answers", (code, err))
        expect(any(q["orderable"] for q in out["structuredContent"]["quotes"]), "with orderable quotes", out)

        code, out, err = inspector(
            emulator, "--method", "tools/call", "--tool-name", "search_creators", "--tool-arg", 'keyword="健身"'
        )
        expect(code == 0 and not out.get("isError"), "search_creators answers", (code, err))
        expect(len(out["structuredContent"]["matches"]) == 2, "with the capture's two matches", out)

        emulator.default = Reply.envelope(601, message="balance too low")
        code, out, err = inspector(emulator, *CALL_ONE)
        expect(code != 0, "an API error makes the Inspector exit non-zero", (code, out))
        expect("Insufficient balance" in json.dumps(out, ensure_ascii=False) + err, "with its explanation", out)

        code, out, err = inspector(emulator, "--method", "prompts/list")
        expect(code == 0 and [p["name"] for p in out["prompts"]] == ["evaluate_creator"], "the prompt is listed", out)

        code, out, err = inspector(emulator, "--method", "resources/read", "--uri", "xingtu-showcase://errors")
        expect(code == 0 and "Insufficient balance" in json.dumps(out, ensure_ascii=False), "the error table", err)
    finally:
        emulator.stop()


if __name__ == "__main__":
    main()
