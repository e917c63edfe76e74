"""The `evaluate_creator` prompt: fetch a creator once, then assess from the evidence only.

Its arguments are bounded: a prompt is copied whole into the model's context,
so a pasted novel as a "brief" would crowd out the answer it asks for.
"""

from __future__ import annotations

from typing import Final

from . import messages
from .contract import AuthorIdError, parse_author_id
from .language import DEFAULT_LANGUAGE, Language

PROMPT_NAME: Final = "evaluate_creator"
AUTHOR_MAX_CHARS: Final = 300
BRIEF_MAX_CHARS: Final = 2_000


def evaluation_prompt(
    author: str,
    brief: str,
    tool_name: str,
    quotes_tool: str,
    language: Language = DEFAULT_LANGUAGE,
    *,
    search_tool: str,
    template: bool = False,
) -> str:
    """The prompt's text in `language`. `tool_name` fetches the showcase, `quotes_tool` the price; an author
    that is not an id is a name, which `search_tool` turns into one first (a user knows a nickname, not a
    19-digit id). A `template` author (the bundle manifest's `${arguments.author}`) is put in as it is."""
    find, shown_id = "", f'"{author}"'
    if not template:
        try:
            author = parse_author_id(author)
            shown_id = f'"{author}"'
        except AuthorIdError:
            author = " ".join(author.split())[:AUTHOR_MAX_CHARS]
            find = messages.PROMPT_FIND(language, name=author, search=search_tool)
            shown_id = messages.PROMPT_FOUND_ID(language)
    brief = brief.strip()
    if len(brief) > BRIEF_MAX_CHARS:
        brief = brief[:BRIEF_MAX_CHARS] + messages.BRIEF_CUT(language)
    fit = messages.PROMPT_FIT(language, brief=brief) if brief else messages.PROMPT_NO_BRIEF(language)
    return messages.PROMPT(language, find=find, author=author, id=shown_id, tool=tool_name, fit=fit, quotes=quotes_tool)
