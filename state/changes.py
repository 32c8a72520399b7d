"""A change to an existing project: what the project was before, and which old tests stand.

Why a record of its own: a change run (``sopgraph change``, ``sopgraph run --from``) starts
from code and tests that already exist. Its roles work on deltas (MetaGPT's incremental
actions), and two things must survive every step and a resume in another process: where
the project came from (the roles' prompts say so), and which of its old tests passed on
the old code. Those tests are as trustworthy as the requirement's own examples: they held
before, so a failure now is a regression the change caused, and it drives a fix
(``trusted_in_run``). QA may name old tests the change makes obsolete; those that fail on
the changed code are listed and replaced, never silently dropped, and a claim on a test
that still passes is refused (the test stays, trusted).

The old code itself is not copied here: every checkpoint holds the whole state, so only
the files the change rewrites keep their original (``SopState.files_before_change``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from pydantic import BaseModel, Field

from state.acceptance import AcceptanceSuite, is_trusted_test
from state.artifacts import TestReport

SourceKind = Literal["thread", "folder"]


class ChangeRequest(BaseModel):
    """Where a change run started and what it inherited."""

    number: int = Field(default=1, ge=1, description="1 for the first change of a project, then 2, ...")
    source_kind: SourceKind
    source: str = Field(description="The thread id or the folder the project came from.")
    source_status: str = Field(default="", description="The source run's terminal status ('' for a folder).")
    previous_requirement: str = Field(
        default="", description="What the project was built (or last changed) for."
    )
    readme: str = Field(default="", description="A folder's README, as context for the roles.")
    outline: str = Field(default="", description="The existing files' top-level names, for the prompts.")
    files_before: list[str] = Field(
        default_factory=list, description="Source and test paths before the change."
    )
    passed_before: list[str] = Field(
        default_factory=list, description="Old tests (pytest node ids) that passed on the old code."
    )
    obsolete: dict[str, str] = Field(
        default_factory=dict,
        description="Old tests QA named obsolete (node id -> why), removed and replaced.",
    )
    refused_obsolete: dict[str, str] = Field(
        default_factory=dict,
        description="Old tests QA named obsolete that still pass on the changed code: kept, and trusted.",
    )

    @property
    def trusted_old(self) -> set[str]:
        """Old tests that passed before and that the change does not make obsolete."""
        return set(self.passed_before) - set(self.obsolete)

    @property
    def test_file(self) -> str:
        """Where QA's tests for this change go: beside the old ones, never over them."""
        return f"tests/test_change_{self.number}.py"


def change_of(state: Mapping[str, Any]) -> ChangeRequest | None:
    """The run's change request; ``None`` in a run from a sentence (and in old checkpoints)."""
    change = state.get("change")
    return change if isinstance(change, ChangeRequest) else None


def trusted_in_run(state: Mapping[str, Any], nodeid: str) -> bool:
    """Is this test trusted here: a requirement example, or an old test that held before?"""
    if is_trusted_test(nodeid):
        return True
    change = change_of(state)
    return change is not None and nodeid in change.trusted_old


def trusted_failure(state: Mapping[str, Any], report: TestReport) -> bool:
    """Did this run fail where the code must be repaired: a trusted test failed, or the code
    crashed (a test could not run, or the program crashed on start)? The fix loop's signal
    (``graph.routing.trusted_signal``), and in a change run what lets a fix touch a file the
    plan did not name."""
    if report.start_error:
        return True
    return any(
        o.outcome == "error" or (o.outcome == "failed" and trusted_in_run(state, o.nodeid))
        for o in report.outcomes
    )


def merged_acceptance(old: AcceptanceSuite | None, new: AcceptanceSuite) -> AcceptanceSuite:
    """The old requirement's examples and names kept, the change's added.

    An old example whose call the change gives again is replaced by the new one (a changed
    rule: ``add(2, 3) -> 6`` now); every other old example still holds and stays trusted.
    """
    if old is None:
        return new
    new_calls = {example.call for example in new.examples}
    kept = [example for example in old.examples if example.call not in new_calls]
    names = new.names.model_copy(
        update={
            "modules": list(dict.fromkeys([*old.names.modules, *new.names.modules])),
            "functions": old.names.functions | new.names.functions,
            "classes": list(dict.fromkeys([*old.names.classes, *new.names.classes])),
        }
    )
    return AcceptanceSuite(examples=[*kept, *new.examples], names=names, probes=new.probes)
