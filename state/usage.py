"""Accounting records kept in state: what each role spent, and why a run stopped."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel


class Usage(BaseModel):
    """Tokens, model calls, seconds and dollars; adds up with ``+``."""

    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    seconds: float = 0.0
    cost_usd: float = 0.0

    @property
    def total_tokens(self) -> int:
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
            calls=self.calls + other.calls,
            seconds=round(self.seconds + other.seconds, 6),
            cost_usd=round(self.cost_usd + other.cost_usd, 8),
        )


def total_usage(per_role: dict[str, Usage]) -> Usage:
    """The run's totals: the sum over roles."""
    total = Usage()
    for usage in per_role.values():
        total = total + usage
    return total


FailureKind = Literal["invalid_output", "budget", "context", "error"]


class RunFailure(BaseModel):
    """Why a run stopped before its end, precise enough to act on."""

    kind: FailureKind
    node: str
    """The node to run again when the run is resumed."""
    message: str
    artifact: str | None = None
    field: str | None = None
    raw_output: str | None = None
