"""The answer fits an assistant's context: o200k token budgets on the real example."""

from __future__ import annotations

import os

import pytest

from answer_size import COMPARE_BUDGET, JSON_BUDGET, TEXT_BUDGET, many_works, measure, measure_comparison
from tokens import tokenizer_available

needs_tokenizer = pytest.mark.skipif(
    not tokenizer_available() and not os.environ.get("CI"),
    reason="o200k counting needs Node.js and `npm ci --prefix benchmarks` (CI installs both)",
)


@needs_tokenizer
def test_answer_fits_the_token_budget() -> None:
    sizes = measure()
    assert sizes["raw"] == 9634  # the reference's own count for the raw response: the counter is right
    assert sizes["text"] <= TEXT_BUDGET
    assert sizes["json"] <= JSON_BUDGET


@needs_tokenizer
def test_five_thousand_works_stay_near_the_normal_budget() -> None:
    sizes = measure(many_works(5000))
    margin = 1.1
    assert sizes["text"] <= TEXT_BUDGET * margin
    assert sizes["json"] <= JSON_BUDGET * margin


@needs_tokenizer
def test_a_comparison_of_ten_creators_fits() -> None:
    sizes = measure_comparison(10)
    assert sizes["text"] <= COMPARE_BUDGET
    assert sizes["json"] <= COMPARE_BUDGET
