"""Price lookup: longest family wins, local is free, unknown is 0 but detectable."""

from __future__ import annotations

import pytest

from nodes.models.pricing import cost_usd, price_of


def test_longest_family_wins() -> None:
    assert price_of("gpt-4o-mini-2024-07-18") == price_of("gpt-4o-mini")
    assert price_of("gpt-4o-mini") != price_of("gpt-4o")


def test_provider_prefix_is_ignored() -> None:
    assert price_of("openai:gpt-4.1-mini") == price_of("gpt-4.1-mini")


def test_cost_of_a_million_tokens_is_the_list_price() -> None:
    assert cost_usd("gpt-4o", 1_000_000, 1_000_000) == pytest.approx(12.5)
    assert cost_usd("claude-3-5-sonnet-20241022", 2_000, 1_000) == pytest.approx(0.021)


@pytest.mark.parametrize("spec", ["local", "local:0.5b", "local:/m/x.gguf", "ollama:qwen2.5"])
def test_local_models_are_free(spec: str) -> None:
    assert cost_usd(spec, 10_000, 10_000) == 0.0
    assert price_of(spec) is not None


def test_unknown_model_costs_zero_but_is_reported_unknown() -> None:
    assert price_of("mystery-model") is None
    assert cost_usd("mystery-model", 100, 100) == 0.0
