"""The answer fits an assistant's context: o200k token budgets on both real captures, 5,000 works and ten creators."""

from __future__ import annotations

import os

import pytest

from answer_size import BUDGETS, CAPTURE_2024, COMPARE_TEXT_BUDGET, many_works, measure, measure_comparison
from tokens import tokenizer_available

needs_tokenizer = pytest.mark.skipif(
    not tokenizer_available() and not os.environ.get("CI"),
    reason="o200k counting needs Node.js and `npm ci --prefix benchmarks` (CI installs both)",
)


@needs_tokenizer
def test_the_real_example_fits_its_budget() -> None:
    sizes = measure()
    assert sizes["raw"] == 9634  # the reference's own count for the raw response: the counter is right
    text_budget, json_budget = BUDGETS["example"]
    assert sizes["text"] <= text_budget
    assert sizes["json"] <= json_budget


@needs_tokenizer
def test_the_2024_capture_fits_its_budget() -> None:
    sizes = measure(CAPTURE_2024.read_bytes())
    text_budget, json_budget = BUDGETS["capture-2024"]
    assert sizes["text"] <= text_budget
    assert sizes["json"] <= json_budget


@needs_tokenizer
def test_five_thousand_works_are_no_larger_than_the_2024_answer() -> None:
    huge = measure(many_works(5000))
    capture = measure(CAPTURE_2024.read_bytes())
    assert huge["text"] <= capture["text"]
    assert huge["json"] <= capture["json"]


@needs_tokenizer
def test_a_comparison_of_ten_creators_fits() -> None:
    assert measure_comparison(10)["text"] <= COMPARE_TEXT_BUDGET
