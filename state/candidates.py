"""Candidates of the code and the execution results that chose among them.

Why an artifact: selection by execution is only as good as the evidence it saw, and a
reviewer (or a replay of another rule, ``benchmarks.selection_replay``) needs that evidence
without running anything again: every candidate, where it came from, and which tests it
passed.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

Origin = Literal["sop", "direct", "sample"]
"""``sop``: the Engineer's greedy file, written from the design and reviewed; ``direct``:
greedy from the requirement alone (no design), so the SOP can never ship worse than a direct
answer that execution can tell apart; ``sample``: the requirement-alone prompt, sampled."""


class Candidate(BaseModel):
    """One version of the file under selection."""

    index: int = Field(ge=0)
    origin: Origin
    path: str
    content: str
    temperature: float = 0.0
    seed: int | None = None


class CandidateOrder(BaseModel):
    """What one ``write_candidate`` task is asked for (it travels in a checkpointed ``Send``)."""

    index: int = Field(ge=1)
    origin: Origin
    path: str
    temperature: float
    seed: int | None
    keeps: list[str] = Field(
        default_factory=list, description="Names the project's other files import from this one."
    )
    members: dict[str, list[str]] = Field(
        default_factory=dict,
        description="Name of ``keeps`` -> its members the other files use (``Game`` -> ``start``).",
    )
    named_by_requirement: bool = Field(
        default=False,
        description="The requirement names this file: its names come first, ``keeps`` are additions.",
    )


OWN_CODE_CRASH = "crashed in its own code: "
"""How ``CandidateRun.crashed`` begins for a version that imports, starts and has the
requirement's names, and raised a programming error in its own lines inside some tests."""


class CandidateRun(BaseModel):
    """How one candidate did on every test (trusted and derived) in the sandbox."""

    index: int
    crashed: str = Field(default="", description="Why it could not run at all (import, syntax, start).")
    trusted_passed: list[str] = Field(default_factory=list)
    trusted_failed: list[str] = Field(default_factory=list)
    derived_passed: list[str] = Field(default_factory=list)
    derived_failed: list[str] = Field(default_factory=list)
    observed: dict[str, str] = Field(
        default_factory=dict,
        description="Probe call -> what this candidate returned or raised (no expected value).",
    )


class Selection(BaseModel):
    """The result matrix and the decision, kept in state and in ``docs/run_report.md``."""

    path: str
    runs: list[CandidateRun]
    chosen: int
    rule: str = Field(description="Which step of the rule decided, in words.")
    suspect_tests: list[str] = Field(
        default_factory=list,
        description="Derived tests every candidate failed: reported, never fixed towards.",
    )
