"""Errors a role can hit that stop the run cleanly (and resumably) instead of crashing it."""

from __future__ import annotations

from typing import ClassVar

from state.usage import FailureKind, RunFailure


class RunStopped(Exception):
    """Base: a condition that ends the run with a terminal status and a ``RunFailure``."""

    status = "failed_error"
    kind: ClassVar[FailureKind] = "error"

    def __init__(
        self,
        message: str,
        *,
        artifact: str | None = None,
        field: str | None = None,
        raw_output: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.artifact = artifact
        self.field = field
        self.raw_output = raw_output

    def to_failure(self, node: str) -> RunFailure:
        """The record kept in state; ``node`` is what a resume runs again."""
        return RunFailure(
            kind=self.kind,
            node=node,
            message=self.message,
            artifact=self.artifact,
            field=self.field,
            raw_output=self.raw_output,
        )


class InvalidArtifact(RunStopped):
    """The model's output still failed validation after every repair attempt."""

    kind = "invalid_output"


class BudgetExhausted(RunStopped):
    """The run's token or dollar budget is spent; checked before each model call."""

    status = "failed_budget"
    kind = "budget"


class ContextOverflow(RunStopped):
    """Even the trimmed prompt does not fit the model's context window."""

    kind = "context"
