"""The two languages a person can read the answers in, and the pair type every message is written as.

A message is a `Text`: its English and its Simplified Chinese side by side, with
the same `{placeholders}`. Code never writes a sentence for a person outside a
`Text`, so switching the language cannot miss one, and a test checks every pair
(both present, same placeholders). Numbers, dates and ids are formatted before
they are put in, the same way in both languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from string import Formatter
from types import MappingProxyType
from typing import Final, Literal, NamedTuple, get_args

Language = Literal["en", "zh"]
LANGUAGES: Final[tuple[Language, ...]] = get_args(Language)
DEFAULT_LANGUAGE: Final[Language] = "en"
LANGUAGE_NAMES: Final[Mapping[str, Language]] = MappingProxyType(
    {
        "en": "en",
        "english": "en",
        "zh": "zh",
        "zh-cn": "zh",
        "zh_cn": "zh",
        "zh-hans": "zh",
        "zh_hans": "zh",
        "zh-hans-cn": "zh",
        "cn": "zh",
        "chinese": "zh",
        "中文": "zh",
        "简体中文": "zh",
    }
)
"""What people type for a language (case does not matter): a setting is forgiven, never fatal."""


class Text(NamedTuple):
    """One message in both languages; call it with the language and the values of its placeholders."""

    en: str
    zh: str

    def __call__(self, language: Language, /, **values: object) -> str:
        return self.template(language).format(**values)

    def template(self, language: Language) -> str:
        """The message in `language` with its {placeholders} unfilled (for code that fills them elsewhere)."""
        return self.zh if language == "zh" else self.en

    def placeholders(self, language: Language) -> set[str]:
        return {name for _, name, _, _ in Formatter().parse(self.template(language)) if name is not None}


class Said(NamedTuple):
    """A message with its values, for code that does not know the reader's language: it is put into
    words where the language is known (an error raised deep in parsing, explained at the tool's edge).
    A value that is itself a `Text` or a `Said` is put into the same language."""

    text: Text
    values: Mapping[str, object] = MappingProxyType({})

    def __call__(self, language: Language) -> str:
        values = {k: v(language) if isinstance(v, Text | Said) else v for k, v in self.values.items()}
        return self.text(language, **values)
