"""How much prompt a model can take: its context window, the room kept for the answer, and
the characters of documents a role may send; ``clip`` shortens a section to its share.

Apart from ``nodes/llm.py`` (which calls the model and refuses a prompt that cannot fit)
because the roles and the CLI size their prompts with these without calling anything.
"""

from __future__ import annotations

from langchain_core.language_models import BaseChatModel

OUTPUT_RESERVE_TOKENS = 2048
"""Tokens kept free in the context window for the answer, unless the model caps its answers
(``max_tokens``, as the local model does), in which case that cap is reserved."""

CHARS_PER_TOKEN = 3
"""A conservative chars-per-token ratio for code and JSON, used to size prompt sections."""


def context_window(model: BaseChatModel) -> int | None:
    """The model's context size in tokens, when it says (the local model does)."""
    value = getattr(model, "context_window", None)
    return value if isinstance(value, int) else None


def output_reserve(model: BaseChatModel) -> int:
    """Tokens to keep free for the answer: the model's own cap, else a default."""
    cap = getattr(model, "max_tokens", None)
    return cap if isinstance(cap, int) and cap > 0 else OUTPUT_RESERVE_TOKENS


def prompt_char_budget(model: BaseChatModel, default: int = 60_000) -> int:
    """How many characters of input a role may put in one prompt for this model."""
    window = context_window(model)
    if window is None:
        return default
    # 60 %: the rest of the window holds the template, the system prompt and, when a
    # reviewer sends work back, the previous version (a quarter of this budget).
    return max(1_000, (window - output_reserve(model)) * CHARS_PER_TOKEN * 3 // 5)


def clip(text: str, max_chars: int, marker: str = "\n... [truncated {n} characters] ...\n") -> str:
    """Shorten ``text`` to ``max_chars`` keeping head and tail, with a visible marker."""
    if len(text) <= max_chars:
        return text
    keep = max(0, max_chars - 60)
    head, tail = keep * 2 // 3, keep // 3
    return text[:head] + marker.format(n=len(text) - head - tail) + text[len(text) - tail :]
