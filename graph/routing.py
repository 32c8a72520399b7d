"""The routers: every conditional edge of the SOP graph, typed with ``Literal`` so the
drawn graph shows each possible edge.

The waterfall order is fixed; a switched-off role is skipped (the paper's ablation), a
review gate inserts ``human_review``, and any terminal status goes to ``finalize``, through
``keep_better_code`` when the test loop stops red after its fixes changed the code.
"""

from __future__ import annotations

from typing import Literal, cast

from langgraph.types import Send

from graph.errors import validate_requirement
from nodes.candidates import sends, wants_candidates
from nodes.code_checks import code_crashes
from nodes.engineer import parallel_round
from nodes.parallel_files import file_sends
from nodes.qa_engineer import qa_has_had_its_turn, suite_behind_selection
from state.artifacts import TestReport, changes_file
from state.changes import trusted_failure
from state.schema import TERMINAL_STATUSES, SopState
from state.settings import RunSettings

WATERFALL: tuple[str, ...] = (
    "product_manager",
    "architect",
    "project_manager",
    "engineer",
    "qa_engineer",
)


def next_stage(after: str | None, settings: RunSettings) -> str:
    """The first switched-on role after ``after`` (``None``: from the start), else ``finalize``."""
    start = 0 if after is None else WATERFALL.index(after) + 1
    for role in WATERFALL[start:]:
        if settings.has(role):
            return role
    return "finalize"


def _stopped(state: SopState) -> bool:
    return state.get("status") in TERMINAL_STATUSES


def _after_role(state: SopState, role: str) -> str:
    if _stopped(state):
        return "finalize"
    if state.get("pending_review") is not None:
        return "human_review"
    return next_stage(role, state["settings"])


def route_start(
    state: SopState,
) -> Literal["product_manager", "architect", "project_manager", "engineer"]:
    """Begin with the first switched-on role, once the requirement says something (the
    check ``SopRunner.start`` makes, repeated for callers of the bare compiled graph)."""
    validate_requirement(state.get("requirement"))
    return cast(
        Literal["product_manager", "architect", "project_manager", "engineer"],
        next_stage(None, state["settings"]),
    )


def route_after_product_manager(
    state: SopState,
) -> Literal["human_review", "architect", "project_manager", "engineer", "finalize"]:
    return cast(
        Literal["human_review", "architect", "project_manager", "engineer", "finalize"],
        _after_role(state, "product_manager"),
    )


def route_after_architect(
    state: SopState,
) -> Literal["human_review", "project_manager", "engineer", "finalize"]:
    return cast(
        Literal["human_review", "project_manager", "engineer", "finalize"],
        _after_role(state, "architect"),
    )


def route_after_project_manager(state: SopState) -> Literal["human_review", "engineer", "finalize"]:
    return cast(Literal["human_review", "engineer", "finalize"], _after_role(state, "project_manager"))


AfterCode = Literal["human_review", "qa_engineer", "select_code", "finalize"]


def needs_selection(state: SopState) -> bool:
    """Candidates were written and execution has not chosen among them yet."""
    return bool(state.get("candidates")) and state.get("selection") is None


def _after_code(state: SopState) -> AfterCode:
    """Once the code exists: the human gate, QA (derived tests first), selection, or the end."""
    destination = _after_role(state, "engineer")
    if destination == "finalize" and not _stopped(state) and needs_selection(state):
        return "select_code"
    return cast(AfterCode, destination)


def route_after_engineer(
    state: SopState,
) -> (
    Literal[
        "engineer", "write_file", "write_candidate", "human_review", "qa_engineer", "select_code", "finalize"
    ]
    | list[Send]
):
    """While files remain: the next file (serial) or the next wave, one ``write_file`` task
    per file (parallel; the tasks come back here); then the candidates (one ``Send`` each);
    then as ``_after_code``."""
    if not _stopped(state) and state.get("engineer_queue"):
        return file_sends(state) if parallel_round(state) else "engineer"
    if not _stopped(state) and wants_candidates(state):
        return sends(state)
    return _after_code(state)


def route_after_candidates(state: SopState) -> AfterCode:
    """All candidates written (LangGraph joins the ``Send`` tasks): on as after the code."""
    return _after_code(state)


def route_after_selection(state: SopState) -> Literal["qa_engineer", "run_tests", "finalize"]:
    """The chosen code faces the tests when QA is on (the loop may fix it); else the end.
    A run branched to add QA after its selection gets QA's tests first, and so does a suite
    written against the SOP's file that imports names the shipped candidate lacks (QA
    adapts it: a collection error there is the suite's, not a crash of the code)."""
    if _stopped(state) or not state["settings"].has("qa_engineer"):
        return "finalize"
    if qa_has_had_its_turn(state) and not suite_behind_selection(state):
        return "run_tests"
    return "qa_engineer"


def route_after_review(
    state: SopState,
) -> Literal[
    "product_manager", "architect", "project_manager", "engineer", "qa_engineer", "select_code", "finalize"
]:
    """Feedback sends the artifact back to its role; approve/edit moves on."""
    records = state.get("human_reviews") or []
    if not records:
        return "finalize"
    record = records[-1]
    destination = record.role if record.action == "feedback" else next_stage(record.role, state["settings"])
    if destination == "finalize" and needs_selection(state):
        destination = "select_code"
    return cast(
        Literal[
            "product_manager", "architect", "project_manager", "engineer", "qa_engineer", "select_code",
            "finalize",
        ],
        destination,
    )  # fmt: skip


LoopExit = Literal["keep_better_code", "finalize"]


def fixes_changed_code(state: SopState) -> bool:
    """True when a fix round rewrote some file the first test run saw."""
    before = state.get("code_before_fixes") or {}
    code = state.get("code") or {}
    return any(changes_file(code, f) for f in before.values())


def loop_exit(state: SopState) -> LoopExit:
    """Leaving the test loop without green: let the fixes face the code they replaced, if any."""
    return "keep_better_code" if fixes_changed_code(state) else "finalize"


def route_after_qa(state: SopState) -> Literal["run_tests", "select_code", "keep_better_code", "finalize"]:
    if _stopped(state):
        return loop_exit(state)
    return "select_code" if needs_selection(state) else "run_tests"


def failing(report: TestReport) -> set[str]:
    """The tests a run failed or could not run."""
    return {o.nodeid for o in report.outcomes if o.outcome in ("failed", "error")}


def trusted_signal(report: TestReport, state: SopState | None = None) -> bool:
    """A failure worth repairing: a trusted test (the requirement's own example, or in a
    change run an old test that passed before the change: a regression) failed, or
    the code crashed (a test could not run: import, syntax, collection; the program
    crashed on start; or a test failed on a NameError or another programming error raised
    in the project's own code, ``nodes.code_checks.code_crashes``). A derived test failing
    alone is not one: QA's expected values are wrong too often (docs/benchmarks.md) for a
    loop to bend code towards them."""
    if trusted_failure(state or {}, report):
        return True
    return bool(state is not None and code_crashes(report, state.get("code") or {}))


def same_failure_repeated(state: SopState) -> bool:
    """True when a fix did not help: the last two runs failed the same tests."""
    reports = state.get("test_reports") or []
    if len(reports) < 2 or not state.get("fix_plans"):
        return False
    return bool(failing(reports[-1])) and failing(reports[-1]) == failing(reports[-2])


def route_after_tests(
    state: SopState,
) -> Literal["finalize", "keep_better_code", "debug_fix", "qa_engineer"]:
    """Green -> finish; red under the cap -> fix (or let QA revise the tests once); red at
    the cap -> keep the better of the code before and after the fixes. A fix that was undone
    is asked for again, sampled (``nodes.debug_fix.fixes_undone_in_a_row``), within the cap."""
    settings = state["settings"]
    reports = state.get("test_reports") or []
    if reports and reports[-1].ok:
        return "finalize"
    if _stopped(state) or not reports or state.get("retries", 0) >= settings.max_retries:
        return loop_exit(state)
    revisions_left = state.get("test_revisions", 0) < settings.max_test_revisions
    if suite_behind_selection(state):  # the suite cannot import the shipped code: QA's to mend
        return "qa_engineer" if revisions_left else loop_exit(state)
    if settings.fix_on == "trusted" and not trusted_signal(reports[-1], state):
        return loop_exit(state)
    if reports[-1].reverted_fix:  # asked again, sampled: greedy, the same prompt gets the same fix
        return "debug_fix"
    if same_failure_repeated(state) and revisions_left:
        return "qa_engineer"
    return "debug_fix"


def route_after_fix(state: SopState) -> Literal["run_tests", "qa_engineer", "keep_better_code", "finalize"]:
    """The Engineer may say the tests are wrong: QA revises them (within its limit).

    A fix that changed no file leaves code and tests as the last run had them: running them
    again would repeat that report, and the next fix prompt would repeat this one, which a
    greedy model answers the same way, round after round up to the cap. So the loop skips
    straight to where those rounds lead: QA's revision, if the repeated failure would earn
    one (``route_after_tests``), else out of the loop. Same outcome, fewer calls.
    """
    if _stopped(state):
        return loop_exit(state)
    plans = state.get("fix_plans") or []
    settings = state["settings"]
    revisions_left = state.get("test_revisions", 0) < settings.max_test_revisions
    if plans and plans[-1].send_to == "QaEngineer" and revisions_left:
        return "qa_engineer"
    if plans and not plans[-1].files:
        reports = state.get("test_reports") or []
        retries_left = state.get("retries", 0) < settings.max_retries
        if retries_left and revisions_left and reports and failing(reports[-1]):
            return "qa_engineer"
        return loop_exit(state)
    return "run_tests"
