"""The answer fits an assistant's context: o200k token budgets on both real captures, 5,000 works and ten
creators, in English and in Chinese (the same budgets for both)."""

from __future__ import annotations

import os
from functools import cache

import pytest

from xingtu_showcase_mcp.language import LANGUAGES, Language

from answer_size import BUDGETS, CAPTURE_2024, COMPARE_TEXT_BUDGET, many_works, measure_comparison
from answer_size import measure as measure_once
from tokens import tokenizer_available

needs_tokenizer = pytest.mark.skipif(
    not tokenizer_available() and not os.environ.get("CI"),
    reason="o200k counting needs Node.js and `npm ci --prefix benchmarks` (CI installs both)",
)


both_languages = pytest.mark.parametrize("language", LANGUAGES)


@cache
def _measured(raw: bytes | None, language: Language) -> dict[str, int]:
    return measure_once(raw, language)


def measure(raw: bytes | None, language: Language) -> dict[str, int]:
    """Each answer measured once per run: two tests read the 2024 capture's size."""
    return dict(_measured(raw, language))


@needs_tokenizer
@both_languages
def test_the_real_example_fits_its_budget(language: Language) -> None:
    sizes = measure(None, language)
    assert sizes["raw"] == 9634  # the reference's own count for the raw response: the counter is right
    text_budget, json_budget = BUDGETS["example"]
    assert sizes["text"] <= text_budget
    assert sizes["json"] <= json_budget


@needs_tokenizer
@both_languages
def test_the_2024_capture_fits_its_budget(language: Language) -> None:
    sizes = measure(CAPTURE_2024.read_bytes(), language)
    text_budget, json_budget = BUDGETS["capture-2024"]
    assert sizes["text"] <= text_budget
    assert sizes["json"] <= json_budget


@needs_tokenizer
@both_languages
def test_five_thousand_works_are_no_larger_than_the_2024_answer(language: Language) -> None:
    huge = measure(many_works(5000), language)
    capture = measure(CAPTURE_2024.read_bytes(), language)
    assert huge["text"] <= capture["text"]
    assert huge["json"] <= capture["json"]


@needs_tokenizer
@both_languages
def test_a_comparison_of_ten_creators_fits(language: Language) -> None:
    assert measure_comparison(10, language)["text"] <= COMPARE_TEXT_BUDGET
