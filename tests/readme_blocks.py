"""README's tables, generated from the package's own data; a test keeps README in step.

Run `uv run python tests/readme_blocks.py` after changing the error catalogue,
the configuration variables, the parameter docs or a
threshold in `glossary`: it rewrites the blocks
between the `<!-- name:start -->` and `<!-- name:end -->` markers in README.md.
"""

from __future__ import annotations

import re
from pathlib import Path

from xingtu_showcase_mcp import glossary as g
from xingtu_showcase_mcp.config import VARIABLES
from xingtu_showcase_mcp.contract import (
    DEFAULT_FLOW_TYPE,
    DEFAULT_ONLY_ASSIGN,
    DEFAULT_PLATFORM,
    FLOW_TYPES,
    PARAMETER_DOCS,
    PLATFORMS,
    ShowcaseQuery,
)
from xingtu_showcase_mcp.demo import DEMO_AUTHOR_ID, demo_response
from xingtu_showcase_mcp.errors import markdown_cell, render_markdown
from xingtu_showcase_mcp.render import render_text
from xingtu_showcase_mcp.showcase.summary import summarise

README = Path(__file__).resolve().parents[1] / "README.md"


def config_table() -> str:
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{v.name}` | {markdown_cell(v.default)} | {markdown_cell(v.meaning)} |" for v in VARIABLES]
    return "\n".join(rows)


def parameter_table() -> str:
    shapes = {
        "oAuthorId": ("string, required", "-"),
        "platform": (" \\| ".join(PLATFORMS), DEFAULT_PLATFORM),
        "onlyAssign": ("boolean", "true" if DEFAULT_ONLY_ASSIGN else "false"),
        "flowType": (" \\| ".join(FLOW_TYPES), DEFAULT_FLOW_TYPE),
    }
    rows = ["| parameter | values | default | description |", "| --- | --- | --- | --- |"]
    for name, doc in PARAMETER_DOCS.items():
        values, default = shapes[name]
        rows.append(f"| `{name}` | {values} | {default} | {markdown_cell(doc)} |")
    return "\n".join(rows)


def figure_table() -> str:
    """The showcase answer's figures, every threshold read from `glossary` (where the answer reads it)."""
    half = "half" if g.MOSTLY_EXCLUDED_BELOW == 0.5 else f"{g.MOSTLY_EXCLUDED_BELOW:.0%}"
    quality = (
        "**Quality flags** (`quality.flags`, and each comparison row's `flags`): `stale` when the newest\n"
        f"personal work is more than {g.STALE_AFTER_DAYS} Beijing days before `as_of`, `future_dated` when a work is "
        "dated\nafter `as_of` (it is listed and marked, and kept out of every figure), `mostly_excluded` when under\n"
        f'{half} the works count. Each comes with a note. Values sent but unreadable (a count of "1.2万", a\n'
        'rate above 1) are counted in `quality.unreadable_values`, never read as "not sent".'
    )
    figures = [
        ("plays min / median / max", "the spread of plays", "over counted works"),
        ("skew", "one viral post dominating?", "max plays / median plays"),
        (
            "engagement",
            "interactions per play, weighted by plays",
            f"({' + '.join(g.ENGAGEMENT_TERMS)}) summed / plays summed, counted works",
        ),
        ("engagement median", "the typical work's engagement", "median of each counted work's rate"),
        (
            "hot, hot share",
            "works Xingtu flags as viral (爆量); the share is ours, not Xingtu's 90-day 爆量视频百分比",
            "hot / listed works, any age",
        ),
        ("per week", "posting cadence", "(works - 1) / weeks from the oldest to the newest"),
        (
            "days old",
            "how current the sample is",
            "Beijing calendar days from the newest work to `as_of` (the collection day: `recordTime`, else the "
            "fetch time)",
        ),
        (
            "topics",
            "what the creator posts about",
            f"personal works only: up to {g.TOPICS} `#hashtags` by the number of works carrying them (the text "
            f"shows {g.TEXT_TOPICS}); tags used once only fill up to {g.TOPICS_WITH_SINGLETONS}; a brand tagged only "
            "here cannot be told from a topic",
        ),
        (f"length median, under {g.SHORT_SECONDS} s", "format", "over works with a length"),
        (
            "commissioned vs personal (ours)",
            "do brand deals perform?",
            f"commissioned median plays and engagement over personal, **only** with at least {g.RATIO_MIN_WORKS} "
            f"counted works on each side and a commissioned work under {g.RATIO_MAX_AGE_DAYS} days old; otherwise "
            "the answer says why there is none",
        ),
        (
            "brand signals",
            "sponsors and possible exclusivity conflicts",
            "every `#tag` and `@mention` of the commissioned works, as rows `signal, works, newest, in_personal, "
            "variants`: those also in personal works first (the strongest tie to a brand), then the newest; a name "
            f"that contains a shorter one is grouped under it; the text shows {g.TEXT_BRAND_SIGNALS}, then `+n more`; "
            "tags, not confirmed sponsors",
        ),
    ]
    rows = ["| figure | what it is | formula |", "| --- | --- | --- |"]
    rows += [f"| {name} | {what} | {formula} |" for name, what, formula in figures]
    return quality + "\n\n" + "\n".join(rows)


def error_table() -> str:
    return render_markdown().split("\n\n", 2)[2].strip()


def example_answer() -> str:
    """What `call --demo` prints (the demo data carries its own recordTime, so it never changes)."""
    doc = demo_response()
    summary = summarise(doc["data"], ShowcaseQuery(DEMO_AUTHOR_ID), record_time=doc["recordTime"], demo=True)
    return "```text\n" + render_text(summary) + "\n```"


def blocks() -> dict[str, str]:
    return {
        "config": config_table(),
        "parameters": parameter_table(),
        "figures": figure_table(),
        "errors": error_table(),
        "example": example_answer(),
    }


def _pattern(name: str) -> re.Pattern[str]:
    return re.compile(rf"(<!-- {name}:start -->\n)(.*?)(\n<!-- {name}:end -->)", re.S)


def current(text: str, name: str) -> str | None:
    match = _pattern(name).search(text)
    return match.group(2) if match else None


def rewrite() -> None:
    text = README.read_text("utf-8")
    for name, block in blocks().items():
        text = _pattern(name).sub(lambda m, b=block: m.group(1) + b + m.group(3), text)
    README.write_text(text, "utf-8")


if __name__ == "__main__":
    rewrite()
