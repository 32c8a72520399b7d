"""Human review: the answer a reviewer gives at a gate, and the record kept of it."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, model_validator


class ReviewDecision(BaseModel):
    """What ``Command(resume=...)`` carries back into an interrupted run.

    ``approve`` keeps the artifact; ``edit`` replaces it with ``artifact`` (validated
    against the artifact's own model); ``feedback`` sends it back to its role with ``text``.
    """

    action: Literal["approve", "edit", "feedback"]
    artifact: dict[str, Any] | None = None
    text: str | None = None

    @model_validator(mode="after")
    def _payload_matches_action(self) -> ReviewDecision:
        if self.action == "edit" and not self.artifact:
            raise ValueError("an 'edit' review needs the edited artifact")
        if self.action == "feedback" and not (self.text or "").strip():
            raise ValueError("a 'feedback' review needs non-empty feedback text")
        return self


class ReviewRecord(BaseModel):
    """One decision a human made, kept in state for the history and the router."""

    gate: Literal["prd", "design", "tasks", "code"]
    role: str
    action: Literal["approve", "edit", "feedback"]
    text: str = Field(default="")
