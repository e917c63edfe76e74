"""The `evaluate_creator` prompt: fetch a creator once, then assess from the evidence only.

Its arguments are bounded: a prompt is copied whole into the model's context,
so a pasted novel as a "brief" would crowd out the answer it asks for.
"""

from __future__ import annotations

from typing import Final

from .contract import AuthorIdError, parse_author_id

PROMPT_NAME: Final = "evaluate_creator"
AUTHOR_MAX_CHARS: Final = 300
BRIEF_MAX_CHARS: Final = 2_000


def evaluation_prompt(author: str, brief: str, tool_name: str) -> str:
    """The prompt's text; a bad author id is passed on for the tool to explain."""
    try:
        author = parse_author_id(author)
    except AuthorIdError:
        author = " ".join(author.split())[:AUTHOR_MAX_CHARS]
    brief = brief.strip()
    if len(brief) > BRIEF_MAX_CHARS:
        brief = brief[:BRIEF_MAX_CHARS] + " [brief cut here]"
    fit = (
        f"Campaign brief:\n{brief}\n\nJudge the fit for this brief."
        if brief
        else "No campaign brief was given: judge general suitability for brand deals."
    )
    return (
        f"Evaluate Douyin creator {author} for an influencer campaign. Call {tool_name} once with oAuthorId "
        f'"{author}" (each call spends Just One API quota), then write a short assessment from its answer only.\n\n'
        f"{fit}\n\n"
        "Structure it as:\n"
        "1. Strengths: what the numbers show (median plays, engagement, hit rate, posting cadence, recency).\n"
        "2. Risks: viral skew (max/median), small or old samples, works excluded as implausible, weak "
        "commissioned performance, irregular posting, and brand signals: tags of other brands in commissioned "
        "works, especially competitors of the campaign's brand (possible exclusivity conflicts; they are tags, "
        "not confirmed sponsors).\n"
        "3. Fit for the brief: topics and formats against the campaign.\n"
        "4. What to check next: what this data cannot tell (audience demographics, prices, brand safety, "
        "whether a tagged brand was a paid sponsor).\n\n"
        "Cite figures with their sample size and age. When the answer gives no commissioned-vs-personal ratio of "
        "its own, say why instead of estimating one. Label Xingtu's own figures as Xingtu's: they cover works and "
        "a period of Xingtu's choosing, so never check them against the listed works. Do not read more into "
        "Xingtu's standing (compare_author) than the answer states. Do not invent numbers; if the tool fails, "
        "explain the error and what to do instead."
    )
