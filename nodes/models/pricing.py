"""What a model call costs, so runs can be budgeted in dollars as well as tokens.

Prices are list prices in USD per one million tokens (prompt, completion) as published
by the providers; they change rarely and a stale price only skews a report, never a
run's result. Embedded models cost nothing. An unknown model is priced at 0 rather than
failing: a budget in dollars then simply never triggers, which ``price_of`` lets a
caller detect and warn about.
"""

from __future__ import annotations

from typing import NamedTuple


class Price(NamedTuple):
    """USD per 1M tokens."""

    prompt: float
    completion: float


PRICES: dict[str, Price] = {
    "gpt-4o": Price(2.50, 10.00),
    "gpt-4o-mini": Price(0.15, 0.60),
    "gpt-4.1": Price(2.00, 8.00),
    "gpt-4.1-mini": Price(0.40, 1.60),
    "gpt-4.1-nano": Price(0.10, 0.40),
    "gpt-3.5-turbo": Price(0.50, 1.50),
    "o3-mini": Price(1.10, 4.40),
    "o4-mini": Price(1.10, 4.40),
    "claude-3-5-sonnet": Price(3.00, 15.00),
    "claude-3-7-sonnet": Price(3.00, 15.00),
    "claude-sonnet-4": Price(3.00, 15.00),
    "claude-3-5-haiku": Price(0.80, 4.00),
    "claude-3-haiku": Price(0.25, 1.25),
    "deepseek-chat": Price(0.27, 1.10),
}
"""Keyed by model family; dated snapshots (``gpt-4o-2024-08-06``) match by prefix."""

FREE = Price(0.0, 0.0)


def price_of(model_name: str) -> Price | None:
    """The price of a model name or spec (``openai:gpt-4o-mini``), None when unknown.

    The longest matching family wins, so ``gpt-4o-mini-2024-07-18`` is not priced as
    ``gpt-4o``. Embedded (``local``), Ollama and GGUF models are free.
    """
    name = model_name.strip().lower()
    provider, _, rest = name.partition(":")
    if provider in ("local", "ollama") or name.endswith(".gguf"):
        return FREE
    if rest:
        name = rest
    matches = [family for family in PRICES if name.startswith(family)]
    return PRICES[max(matches, key=len)] if matches else None


def cost_usd(model_name: str, prompt_tokens: int, completion_tokens: int) -> float:
    """Dollars spent by one or many calls; 0.0 for free and for unknown models."""
    price = price_of(model_name) or FREE
    return (prompt_tokens * price.prompt + completion_tokens * price.completion) / 1_000_000
