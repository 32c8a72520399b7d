"""RunCode: the generated tests, run for real in the sandbox. No model call.

Subscribes to: ``code``, ``tests``, ``tasks`` (required packages). Publishes: one
``TestReport`` per attempt into ``test_reports``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping

from langgraph.runtime import Runtime

from nodes.code_checks import crashing_tests
from nodes.context import Context
from nodes.engineer import planned_files
from nodes.llm import Ledger
from nodes.role_node import Update, role_node
from nodes.sandbox import SandboxLimits, run_tests_sandboxed
from nodes.sandbox_config import SandboxConfig
from nodes.trusted_tests import trusted_test_file
from state.acceptance import TRUSTED_TESTS_PATH, AcceptanceSuite, is_trusted_test
from state.artifacts import CodeFile, FixPlan, Publication, TestReport
from state.changes import trusted_in_run
from state.schema import SopState

Trust = Callable[[str], bool]
"""Is this test node id trusted? (``state.changes.trusted_in_run`` bound to a run's state)"""

ENTRY_POINT = "main.py"
"""The Architect is asked for a ``main.py``; when it exists it is started once, stdin closed
(``nodes.sandbox.start_check``): its verdict goes into the report's notes, and a crash on
start makes the run red with the traceback in ``failing_output``."""


def suite_with_trusted(state: SopState, code: Mapping[str, CodeFile]) -> dict[str, CodeFile]:
    """QA's tests plus the requirement's examples as a trusted file built against ``code``
    (each example imports its function from the module of ``code`` that defines it)."""
    acceptance = state.get("acceptance") or AcceptanceSuite()
    tests = {p: f for p, f in (state.get("tests") or {}).items() if p != TRUSTED_TESTS_PATH}
    fallback = planned_files(state)[0].removesuffix(".py").replace("/", ".")
    trusted = trusted_test_file(acceptance.examples, code, fallback)
    return tests | ({TRUSTED_TESTS_PATH: trusted} if trusted is not None else {})


def run_suite(
    code: Mapping[str, CodeFile],
    state: SopState,
    config: SandboxConfig,
) -> TestReport:
    """Run QA's current tests on ``code`` (not necessarily the state's) in a fresh sandbox.

    ``keep_better_code`` runs the final suite on an earlier version of the code, so the
    code is a parameter; tests, packages and the attempt number come from the state.
    """
    files = {path: f.content for path, f in code.items()}
    tests = {path: f.content for path, f in suite_with_trusted(state, code).items()}
    tasks = state.get("tasks")
    limits = SandboxLimits(
        wall_seconds=config.timeout_s,
        test_seconds=config.test_timeout_s,
        address_space_bytes=config.memory_mb * 1024 * 1024,
        output_bytes=config.output_bytes,
    )
    return run_tests_sandboxed(
        files | tests,
        test_paths=sorted(tests),
        limits=limits,
        attempt=len(state.get("test_reports") or []),
        required_packages=tasks.required_packages if tasks else (),
        entry_point=ENTRY_POINT if ENTRY_POINT in files else None,
        stated_exceptions=stated_exceptions(state.get("requirement") or ""),
    )


def stated_exceptions(requirement: str) -> list[str]:
    """Exception classes the requirement names (``ValueError``, ``ParseError``): raised by
    the program's own code on start, they are its stated refusal, not a crash."""
    return list(dict.fromkeys(re.findall(r"\b[A-Z]\w*(?:Error|Exception)\b", requirement)))


def counts(report: TestReport) -> str:
    """``"6 passed, 2 failed, 0 errors"``: how a run is named in the pool's log."""
    return f"{report.passed} passed, {report.failed} failed, {report.errors} errors"


def fix_to_judge(state: SopState) -> FixPlan | None:
    """The last fix, when this run is the one that judges it (trusted-signal loops only)."""
    plans = state.get("fix_plans") or []
    if state["settings"].fix_on != "trusted" or not plans or not plans[-1].files:
        return None
    judged = plans[-1].judged_by_report
    return plans[-1] if judged is not None and judged == len(state.get("test_reports") or []) else None


def fix_earned_its_place(
    before: TestReport, after: TestReport, trusted: Trust = is_trusted_test, cured_crash: bool = False
) -> bool:
    """A fix stays only if it passes strictly more trusted tests and breaks none that passed
    (or it cures a crash without adding one: on start, or in the code's own lines,
    ``cured_crash``): the repair rule of MapCoder / AlphaCodium, on the requirement's
    own examples (and, in a change run, the old tests that held before), never on QA's
    derived tests."""
    passed_before, passed_after = trusted_passed(before, trusted), trusted_passed(after, trusted)
    if not passed_before <= passed_after:
        return False
    if passed_after > passed_before:
        return True
    cured_start = bool(before.start_error) and not after.start_error
    return (cured_start or cured_crash) and not (after.start_error and not before.start_error)


def cured_crash(fix: FixPlan, before: TestReport, after: TestReport, code: Mapping[str, CodeFile]) -> bool:
    """Did the fix cure crashes of the code's own (``crashing_tests``) without adding any:
    the tests that crashed after it are a strict subset of those that crashed before? A
    subset, not none: curing the first crash of a test often reaches the next broken line."""
    earlier = {**code, **{f.path: f for f in fix.replaced}}
    crashed_before = set(crashing_tests(before, earlier))
    return set(crashing_tests(after, code)) < crashed_before


def trusted_passed(report: TestReport, trusted: Trust = is_trusted_test) -> set[str]:
    return {o.nodeid for o in report.outcomes if o.outcome == "passed" and trusted(o.nodeid)}


def run_generated_tests(state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
    """Copy code and tests into a fresh sandbox, run pytest, publish the report; undo the
    last fix when this run shows it did not earn its place on the trusted tests."""
    report = run_suite(state.get("code") or {}, state, runtime.context.sandbox)
    update: Update = {}
    fix = fix_to_judge(state)
    earlier = state.get("test_reports") or []
    previous = earlier[-1] if earlier else None
    if (
        fix is not None
        and previous is not None
        and not fix_earned_its_place(
            previous,
            report,
            functools.partial(trusted_in_run, state),
            cured_crash(fix, previous, report, state.get("code") or {}),
        )
    ):
        update["code"] = {f.path: f for f in fix.replaced}
        undone = ", ".join(f.path for f in fix.files)
        report = previous.model_copy(
            update={
                "attempt": report.attempt,
                "reverted_fix": True,
                "notes": [*previous.notes, f"fix of {undone} undone: it did not pass more trusted tests "
                          f"without breaking one ({counts(report)} with it)"],
            }
        )  # fmt: skip
    verdict = "green" if report.ok else f"red ({report.limit_hit or 'failures'})"
    verdict += "; the fix was undone" if report.reverted_fix else ""
    return update | {
        "test_reports": [report],
        "messages": [
            Publication(
                role="qa_engineer",
                action="RunCode",
                artifact="test_report",
                summary=f"attempt {report.attempt}: {counts(report)}, {verdict}, {report.duration_s:.1f}s",
            )
        ],
    }


run_tests = role_node("run_tests", "qa_engineer", run_generated_tests)
