"""Answer size in o200k tokens: the tools' text and structured JSON against the raw responses.

Runs the real tools through an in-memory MCP client against an httpx2 transport
that serves Just One API's published example, so the sizes are what an
assistant receives: one creator, one creator with 5,000 works, and a comparison
of ten creators, in English and in Chinese (the same budgets hold for both).
Prints each figure and its ratio to the raw JSON.

    npm ci --prefix benchmarks && uv run python benchmarks/answer_size.py
    uv run python benchmarks/answer_size.py --readme   # README's paragraph of sizes, measured again
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import anyio
import httpx2
from mcp import Client
from mcp.types import TextContent

from xingtu_showcase_mcp import logs
from xingtu_showcase_mcp.config import Settings
from xingtu_showcase_mcp.language import LANGUAGES, Language
from xingtu_showcase_mcp.names import COMPARE_TOOL_NAME, TOOL_NAME
from xingtu_showcase_mcp.pipeline.clock import Clock
from xingtu_showcase_mcp.server import build_server

from tokens import count_tokens, tokenizer_available

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "tests" / "fixtures" / "showcase-items.example-response.json"
CAPTURE_2024 = ROOT / "tests" / "fixtures" / "showcase-items.capture-2024.json"
AUTHOR = "6787286580932689933"
FETCHED = {
    # The moment each case is measured at, so that a size does not change with the day it is measured.
    "example": datetime(2026, 12, 2, 1, 0, tzinfo=UTC),  # the fetch: newest personal work 284 days old
    "capture-2024": datetime(2024, 9, 25, 4, 0, tzinfo=UTC),  # three days after its newest work
}
BUDGETS = {
    # (text, structured) in o200k tokens: the promise README makes for each case.
    "example": (1100, 1400),
    # Structured: #18 asked for 1,800, which cannot hold with every work carried (its 30 rows alone take about
    # 1,440 and the brand evidence 600); this is the measured size with some room, not a goal.
    "capture-2024": (1400, 2700),
}
COMPARE_TEXT_BUDGET = 1200
SEARCH_CAPTURE_BUDGET = 600
"""search_creators' text for the real 2-author capture (#22)."""
SEARCH_PAGE_BUDGET = 2500
"""search_creators' text for a full page of 20 matches (#22)."""
TOOL_BUDGET = 1000
"""o200k tokens of one tool's definition in tools/list (description, input and output schema)."""
TOOL_BUDGETS = {"search_creators": 1900}
"""Tools past TOOL_BUDGET: the creator search's input schema is the endpoint's 28 parameters with their 80 enum
values and a title each, as #22 asks (1,820 tokens measured, 530 of them the three longest enums)."""


def tool_budget(name: str) -> int:
    return TOOL_LIST_BUDGET if name == "tools/list" else TOOL_BUDGETS.get(name, TOOL_BUDGET)


TOOL_LIST_BUDGET = 4500
"""The whole tools/list result: what a host that passes schemas to the model pays every turn."""
COMPARED = 10


def _serve(bodies: dict[str, bytes]) -> httpx2.MockTransport:
    """Answers each author id with its body."""

    def answer(request: httpx2.Request) -> httpx2.Response:
        body = bodies[request.url.params["oAuthorId"]]
        return httpx2.Response(200, content=body, headers={"content-type": "application/json"})

    return httpx2.MockTransport(answer)


async def tool_answer(
    bodies: dict[str, bytes],
    tool: str,
    arguments: dict[str, Any],
    language: Language = "en",
    at: datetime = FETCHED["example"],
) -> tuple[str, dict[str, Any]]:
    """The text and structured content a tool returns with `bodies` as the API's answers, fetched `at`."""
    settings = Settings(token="benchmark", base_url="http://127.0.0.1:9", language=language)
    clock = Clock(now=lambda: at)
    async with Client(build_server(settings, upstream=_serve(bodies), clock=clock)) as client:
        result = await client.call_tool(tool, arguments)
    assert not result.is_error and result.structured_content is not None
    text = "\n".join(b.text for b in result.content if isinstance(b, TextContent))
    return text, result.structured_content


def _sizes(raws: list[bytes], text: str, structured: dict[str, Any], with_raw: bool = True) -> dict[str, int]:
    compact = json.dumps(structured, ensure_ascii=False, separators=(",", ":"))
    if not with_raw:
        text_tokens, json_tokens = count_tokens([text, compact])
        return {"text": text_tokens, "json": json_tokens}
    pretty = "\n".join(json.dumps(json.loads(raw), ensure_ascii=False, indent=2) for raw in raws)
    raw_tokens, text_tokens, json_tokens = count_tokens([pretty, text, compact])
    return {"raw": raw_tokens, "text": text_tokens, "json": json_tokens}


def measure(
    raw: bytes | None = None, language: Language = "en", at: datetime = FETCHED["example"], with_raw: bool = True
) -> dict[str, int]:
    """Token counts of the raw answer (pretty JSON), the tool's text and its compact structured JSON.

    `with_raw=False` leaves the raw answer uncounted: 5,000 works of pretty JSON take the tokenizer seconds."""
    raw = EXAMPLE.read_bytes() if raw is None else raw
    text, structured = anyio.run(tool_answer, {AUTHOR: raw}, TOOL_NAME, {"oAuthorId": AUTHOR}, language, at)
    return _sizes([raw], text, structured, with_raw)


async def _tool_definitions() -> list[dict[str, Any]]:
    settings = Settings(token="benchmark", base_url="http://127.0.0.1:9")
    async with Client(build_server(settings, upstream=_serve({}))) as client:
        tools = (await client.list_tools()).tools
    return [t.model_dump(mode="json", by_alias=True, exclude_none=True) for t in tools]


def measure_tool_list() -> dict[str, int]:
    """Tokens of each tool's definition and of the whole list, as compact JSON (what goes on the wire)."""
    tools = anyio.run(_tool_definitions)
    texts = [json.dumps(t, ensure_ascii=False, separators=(",", ":")) for t in tools]
    counts = count_tokens([json.dumps(tools, ensure_ascii=False, separators=(",", ":")), *texts])
    return {"tools/list": counts[0], **{t["name"]: n for t, n in zip(tools, counts[1:], strict=True)}}


def measure_comparison(count: int = COMPARED, language: Language = "en") -> dict[str, int]:
    """The same for compare_creators over `count` creators (the example with plays scaled per creator)."""
    bodies: dict[str, bytes] = {}
    for n in range(count):
        doc = json.loads(EXAMPLE.read_bytes())
        for item in doc["data"]["latest_item_info"]:
            item["play"] = item["play"] * (n + 2) // 3
        bodies[str(int(AUTHOR) + n)] = json.dumps(doc, ensure_ascii=False).encode("utf-8")
    text, structured = anyio.run(tool_answer, bodies, COMPARE_TOOL_NAME, {"oAuthorIds": list(bodies)}, language)
    return _sizes(list(bodies.values()), text, structured)


def many_works(count: int) -> bytes:
    """The example with `count` personal works (cycling its 15), a day apart."""
    doc = json.loads(EXAMPLE.read_bytes())
    works = doc["data"]["latest_item_info"]
    doc["data"]["latest_item_info"] = [
        {**works[n % len(works)], "item_id": str(7 * 10**18 + n), "create_time": 1_262_304_000 + n * 86_400}
        for n in range(count)
    ]
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


Measure = Callable[[bytes, Language, str, bool], dict[str, int]]
"""(raw body, language, the FETCHED day's name, whether to count the raw body too) → sizes; the tests pass one
that measures each case once."""


def readme_sizes(measured: Measure | None = None) -> str:
    """README's paragraph of sizes, from measurements made now (`--readme` writes it between its markers)."""
    sized: Measure = measured or (lambda raw, language, day, with_raw: measure(raw, language, FETCHED[day], with_raw))
    figures: dict[Language, dict[str, dict[str, int]]] = {}
    for language in LANGUAGES:
        figures[language] = {
            "example": sized(EXAMPLE.read_bytes(), language, "example", True),
            "capture": sized(CAPTURE_2024.read_bytes(), language, "capture-2024", True),
            # The raw 5,000 works are the same in both languages, and counting them takes seconds: once.
            "many": sized(many_works(5000), language, "example", language == LANGUAGES[0]),
            "compare": measure_comparison(COMPARED, language),
        }
    en, zh = figures["en"], figures["zh"]
    return (
        f"On Just One API's real example (15 personal works, 1 commissioned) the text is {en['example']['text']:,} "
        f"o200k tokens and the compact structured JSON {en['example']['json']:,}, against {en['example']['raw']:,} "
        f"for the raw response; the 2024 capture (15 + 15 works) gives {en['capture']['text']:,} and "
        f"{en['capture']['json']:,} (its JSON carries all 30 works); 5,000 works "
        f"({en['many']['raw'] / 1e6:.1f} million raw tokens) {en['many']['text']:,} and {en['many']['json']:,}; "
        f"a comparison of ten creators {en['compare']['text']:,} tokens of text. In Chinese: "
        f"{zh['example']['text']:,}, {zh['capture']['text']:,}, {zh['many']['text']:,} and "
        f"{zh['compare']['text']:,} tokens of text, within the same budgets (`benchmarks/answer_size.py` measures "
        "both languages)."
    )


def write_readme() -> None:
    readme = ROOT / "README.md"
    start, end = "<!-- sizes:start -->\n", "\n<!-- sizes:end -->"
    text = readme.read_text("utf-8")
    before, rest = text.split(start, 1)
    readme.write_text(before + start + readme_sizes() + end + rest.split(end, 1)[1], "utf-8")


def _row(label: str, tokens: int, raw: int, budget: int | str) -> None:
    print(f"{label:<28}{tokens:>8}{tokens / raw:>9.4f}{budget:>8}")


def main() -> int:
    if not tokenizer_available():
        print("Needs Node.js and gpt-tokenizer: run `npm ci --prefix benchmarks` first.", file=sys.stderr)
        return 2
    logs.configure("WARNING", [])
    if "--readme" in sys.argv[1:]:
        write_readme()
        return 0
    print(f"## tools/list\n{'definition':<28}{'tokens':>8}{'budget':>8}")
    for name, tokens in measure_tool_list().items():
        print(f"{name:<28}{tokens:>8}{tool_budget(name):>8}")
    for language in LANGUAGES:
        print(f"\n## answers in {language}\n{'form':<28}{'tokens':>8}{'vs raw':>9}{'budget':>8}")
        cases = [
            ("Just One API's example (15 personal + 1 commissioned works)", EXAMPLE.read_bytes(), "example", "example"),
            ("The 2024 capture (15 + 15 works, brand tags)", CAPTURE_2024.read_bytes(), "capture-2024", "capture-2024"),
            ("The example with 5,000 personal works", many_works(5000), "capture-2024", "example"),
        ]
        for title, raw, budget, day in cases:
            sizes = measure(raw, language, FETCHED[day])
            text_budget, json_budget = BUDGETS[budget]
            print(f"\n{title}")
            _row("raw response (pretty JSON)", sizes["raw"], sizes["raw"], "-")
            _row("tool text", sizes["text"], sizes["raw"], text_budget)
            _row("tool structured (compact)", sizes["json"], sizes["raw"], json_budget)
        many = measure_comparison(COMPARED, language)
        print(f"\ncompare_creators over {COMPARED} creators (the example, plays scaled per creator)")
        _row("raw responses (pretty JSON)", many["raw"], many["raw"], "-")
        _row("tool text", many["text"], many["raw"], COMPARE_TEXT_BUDGET)
        _row("tool structured (compact)", many["json"], many["raw"], "-")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
