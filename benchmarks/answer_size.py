"""Answer size in o200k tokens: the tools' text and structured JSON against the raw responses.

Runs the real tools through an in-memory MCP client against an httpx2 transport
that serves Just One API's published example, so the sizes are what an
assistant receives: one creator, one creator with 5,000 works, and a comparison
of ten creators. Prints each figure and its ratio to the raw JSON.

    npm ci --prefix benchmarks && uv run python benchmarks/answer_size.py
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import anyio
import httpx2
from mcp import Client
from mcp.types import TextContent

from xingtu_showcase_mcp import logs
from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.server import COMPARE_TOOL_NAME, TOOL_NAME, build_server

from tokens import count_tokens, tokenizer_available

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "fixtures" / "showcase-items.example-response.json"
AUTHOR = "6787286580932689933"
TEXT_BUDGET = 1000
JSON_BUDGET = 1200
COMPARE_BUDGET = 1500
COMPARED = 10


def _serve(bodies: dict[str, bytes]) -> httpx2.MockTransport:
    """Answers each author id with its body."""

    def answer(request: httpx2.Request) -> httpx2.Response:
        body = bodies[request.url.params["oAuthorId"]]
        return httpx2.Response(200, content=body, headers={"content-type": "application/json"})

    return httpx2.MockTransport(answer)


async def tool_answer(bodies: dict[str, bytes], tool: str, arguments: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """The text and structured content a tool returns with `bodies` as the API's answers."""
    settings = Settings(token="benchmark", base_url="http://127.0.0.1:9")
    async with Client(build_server(settings, transport=_serve(bodies))) as client:
        result = await client.call_tool(tool, arguments)
    assert not result.is_error and result.structured_content is not None
    text = "\n".join(b.text for b in result.content if isinstance(b, TextContent))
    return text, result.structured_content


def _sizes(raws: list[bytes], text: str, structured: dict[str, Any]) -> dict[str, int]:
    pretty = "\n".join(json.dumps(json.loads(raw), ensure_ascii=False, indent=2) for raw in raws)
    compact = json.dumps(structured, ensure_ascii=False, separators=(",", ":"))
    raw_tokens, text_tokens, json_tokens = count_tokens([pretty, text, compact])
    return {"raw": raw_tokens, "text": text_tokens, "json": json_tokens}


def measure(raw: bytes | None = None) -> dict[str, int]:
    """Token counts of the raw answer (pretty JSON), the tool's text and its compact structured JSON."""
    raw = EXAMPLE.read_bytes() if raw is None else raw
    text, structured = anyio.run(tool_answer, {AUTHOR: raw}, TOOL_NAME, {"oAuthorId": AUTHOR})
    return _sizes([raw], text, structured)


def measure_comparison(count: int = COMPARED) -> dict[str, int]:
    """The same for compare_creators over `count` creators (the example with plays scaled per creator)."""
    bodies: dict[str, bytes] = {}
    for n in range(count):
        doc = json.loads(EXAMPLE.read_bytes())
        for item in doc["data"]["latest_item_info"]:
            item["play"] = item["play"] * (n + 2) // 3
        bodies[str(int(AUTHOR) + n)] = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    text, structured = anyio.run(tool_answer, bodies, COMPARE_TOOL_NAME, {"oAuthorIds": list(bodies)})
    return _sizes(list(bodies.values()), text, structured)


def many_works(count: int) -> bytes:
    """The example with `count` personal works (cycling its 15), a day apart."""
    doc = json.loads(EXAMPLE.read_bytes())
    works = doc["data"]["latest_item_info"]
    doc["data"]["latest_item_info"] = [
        {**works[n % len(works)], "item_id": str(7 * 10**18 + n), "create_time": 1_600_000_000 + n * 86_400}
        for n in range(count)
    ]
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def main() -> int:
    if not tokenizer_available():
        print("Needs Node.js and gpt-tokenizer: run `npm ci --prefix benchmarks` first.", file=sys.stderr)
        return 2
    logs.configure("WARNING", [])
    sizes = measure()
    raw = sizes["raw"]
    print("Answer size on Just One API's example (15 personal + 1 commissioned works), o200k tokens")
    print(f"{'form':<28}{'tokens':>8}{'vs raw':>9}{'budget':>8}")
    print(f"{'raw response (pretty JSON)':<28}{raw:>8}{1:>9.3f}{'-':>8}")
    print(f"{'tool text':<28}{sizes['text']:>8}{sizes['text'] / raw:>9.3f}{TEXT_BUDGET:>8}")
    print(f"{'tool structured (compact)':<28}{sizes['json']:>8}{sizes['json'] / raw:>9.3f}{JSON_BUDGET:>8}")
    huge = measure(many_works(5000))
    print("\nThe same with 5,000 personal works (statistics over all, the newest listed)")
    print(f"{'raw response (pretty JSON)':<28}{huge['raw']:>8}{1:>9.3f}{'-':>8}")
    print(f"{'tool text':<28}{huge['text']:>8}{huge['text'] / huge['raw']:>9.4f}{TEXT_BUDGET:>8}")
    print(f"{'tool structured (compact)':<28}{huge['json']:>8}{huge['json'] / huge['raw']:>9.4f}{JSON_BUDGET:>8}")
    many = measure_comparison()
    print(f"\ncompare_creators over {COMPARED} creators (the example, plays scaled per creator)")
    print(f"{'raw responses (pretty JSON)':<28}{many['raw']:>8}{1:>9.3f}{'-':>8}")
    print(f"{'tool text':<28}{many['text']:>8}{many['text'] / many['raw']:>9.4f}{COMPARE_BUDGET:>8}")
    print(f"{'tool structured (compact)':<28}{many['json']:>8}{many['json'] / many['raw']:>9.4f}{COMPARE_BUDGET:>8}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
