"""The graph state: the message pool every SOP role publishes into and subscribes to.

Each artifact has a channel of its own, so a role's subscription is simply the list of
channel names it reads (see ``nodes.subscriptions``). LangGraph's channels are already a
publish-subscribe bus; the reducers below say how concurrent or repeated writes merge.
"""

from __future__ import annotations

import operator
from typing import Annotated, Literal, NotRequired

from pydantic import BaseModel
from typing_extensions import TypedDict

from state.acceptance import AcceptanceSuite
from state.artifacts import (
    PRD,
    CodeFile,
    CodeReview,
    FixPlan,
    Publication,
    QAReport,
    SystemDesign,
    TaskPlan,
    TestReport,
)
from state.candidates import Candidate, Selection
from state.changes import ChangeRequest
from state.reducers import (
    keep_first_files,
    latest,
    merge_candidates,
    merge_files,
    merge_usage,
    replace_settings,
    update_queue,
)
from state.review import ReviewRecord
from state.settings import RunSettings
from state.usage import RunFailure, Usage

Status = Literal["running", "awaiting_review", "succeeded", "failed_tests", "failed_budget", "failed_error"]
TERMINAL_STATUSES: frozenset[str] = frozenset({"succeeded", "failed_tests", "failed_budget", "failed_error"})


class PendingReview(BaseModel):
    """Which artifact waits for a human, and which role made it (the one to redo it)."""

    gate: Literal["prd", "design", "tasks", "code"]
    role: str


class InputState(TypedDict):
    """What a caller passes to start a run: the requirement and, optionally, the settings
    (a ``RunSettings`` or its JSON; omitted: the defaults). ``route_start`` refuses an empty
    requirement before any role runs."""

    requirement: str
    settings: NotRequired[Annotated[RunSettings, replace_settings]]


class SopState(TypedDict, total=False):
    """The full message pool. Every key is a LangGraph channel."""

    requirement: str
    """The one-sentence requirement the run was started with."""

    settings: Annotated[RunSettings, replace_settings]
    """Run settings that must survive a resume in another process (roles, gates, limits)."""

    acceptance: AcceptanceSuite
    """The requirement's examples (trusted tests) and binding names, read without a model."""

    prd: PRD
    """ProductManager -> Architect, ProjectManager, Engineer, QA."""

    design: SystemDesign
    """Architect -> ProjectManager, Engineer, QA."""

    tasks: TaskPlan
    """ProjectManager -> Engineer, QA."""

    code: Annotated[dict[str, CodeFile], merge_files]
    """Source files by path. Merged key by key so parallel writers never clobber each other."""

    code_before_fixes: Annotated[dict[str, CodeFile], keep_first_files]
    """Each file a fix round rewrote, as the first test run saw it, so a loop that ends red
    can fall back to it (``keep_better_code``). Only rewritten files are kept: every
    checkpoint holds the whole state, and a full copy of the code here made every later
    checkpoint one code base larger (``benchmarks.growth``: 288 KB -> 395 KB per step)."""

    tests: Annotated[dict[str, CodeFile], merge_files]
    """QA's test files by path, merged like ``code``; ``tests/test_acceptance.py`` holds the
    trusted tests (the requirement's examples), written by ``select_code``, never by a model."""

    candidates: Annotated[dict[str, Candidate], merge_candidates]
    """Further versions of the file under selection, by index, from concurrent writers."""

    selection: Selection
    """Every candidate's test results and which one ships, and why."""

    reviews: Annotated[list[CodeReview], operator.add]
    """Every code review verdict, in order."""

    test_reports: Annotated[list[TestReport], operator.add]
    """Every run of the tests: one per attempt, never overwritten."""

    fix_plans: Annotated[list[FixPlan], operator.add]
    """Every fix the Engineer proposed after a failing run."""

    qa_report: QAReport
    """QA's closing verdict."""

    engineer_queue: Annotated[list[str] | None, update_queue]
    """Files the Engineer still has to write this round; ``None`` = not planned yet. A
    parallel writer reports its file done by writing the path alone (``update_queue``)."""

    human_reviews: Annotated[list[ReviewRecord], operator.add]
    """Every human review decision, in order (the last one routes the run on)."""

    retries: int
    """Fix rounds used so far; the test loop stops at ``settings.max_retries``."""

    test_revisions: int
    """Times QA rewrote its tests because the same failure came back after a fix."""

    suite_failures: Annotated[list[str], operator.add]
    """Each time QA's answer stayed invalid after every repair, why (one line). The run goes
    on without it, with the suite QA had before (none on a first write): the requirement's
    examples, the start check and execution still judge the code, and a first suite that
    never came must not stop selection among candidates already written (the ``ini`` project
    in docs/benchmarks.md stopped ``failed_error`` with six versions on disk)."""

    feedback: dict[str, str]
    """Reviewer feedback by role name, consumed (cleared) when that role redoes its work."""

    pending_review: PendingReview | None
    """Set by a role whose artifact passes a review gate; cleared by the review node."""

    messages: Annotated[list[Publication], operator.add]
    """The pool's log: every publication, appended, never rewritten."""

    usage: Annotated[dict[str, Usage], merge_usage]
    """Tokens, calls, seconds and cost per role; summed across writes."""

    status: Annotated[Status, latest]
    """``running`` until a terminal status; ``awaiting_review`` while interrupted."""

    failure: Annotated[RunFailure | None, latest]
    """Why the run stopped early (which role, artifact, field; raw model output)."""

    change: ChangeRequest | None
    """Set in a change run only (``sopgraph change``, ``run --from``): where the project came
    from and which old tests passed on the old code (``state/changes.py``). Absent in runs
    from a sentence and in checkpoints written before changes existed: ``None``."""

    files_before_change: Annotated[dict[str, CodeFile], keep_first_files]
    """In a change run, each file the change rewrote (code or test), as it was before the
    change: the diffs of the run report. Only rewritten files are kept, as in
    ``code_before_fixes``; a file not here is byte-identical to the old project's."""


class OutputState(TypedDict, total=False):
    """What ``invoke`` returns to a caller: the artifacts and the verdict, not the plumbing."""

    prd: PRD
    design: SystemDesign
    tasks: TaskPlan
    code: dict[str, CodeFile]
    tests: dict[str, CodeFile]
    selection: Selection
    test_reports: list[TestReport]
    qa_report: QAReport
    status: Status
    failure: RunFailure | None
    usage: dict[str, Usage]
    messages: list[Publication]


def artifact_channels() -> list[str]:
    """Channel names that hold artifacts (for listing, showing and exporting)."""
    return [
        "acceptance", "prd", "design", "tasks", "code", "tests", "selection", "test_reports", "fix_plans",
        "qa_report",
    ]  # fmt: skip


__all__ = [
    "TERMINAL_STATUSES",
    "InputState",
    "OutputState",
    "PendingReview",
    "SopState",
    "Status",
    "artifact_channels",
]
