"""Keep the better code: a test loop that ends red keeps its fixes only if they earned it.

Subscribes to: ``code``, ``code_before_fixes``, ``tests``, ``tasks``. Publishes: the
winner's ``TestReport`` (so ``test_reports[-1]`` always describes the code that ships) and,
when the fixes lose, ``code`` set back to what it was before them. No model call.

Why: QA's tests come from the same small model as the code, and they are wrong often. On the
1.5B model (HumanEval, first 80 tasks of ``sop+feedback`` at 547955b) every task the loop
lost against plain ``sop`` ended red, and in 8 of those 9 the Engineer had bent correct code
towards a wrong test without making the suite pass. So when the loop stops without green,
both versions run the final suite again, side by side, and the fixes stay only if they do
strictly better (``standing``: green beats red, a program that starts beats one that
crashes on start, then more tests passed, then a run that finished over one a limit stopped,
then fewer errors, then fewer failures). A tie keeps the
code from before the fixes, which followed the design and passed code review.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Literal

from langgraph.runtime import Runtime

from nodes.context import Context
from nodes.llm import Ledger
from nodes.role_node import Update, role_node
from nodes.run_tests import Trust, counts, run_suite
from nodes.sandbox_config import SandboxConfig
from state.acceptance import is_trusted_test
from state.artifacts import CodeFile, Publication, TestReport
from state.changes import trusted_in_run
from state.schema import SopState

Choice = Literal["before_fixes", "fixed"]


def standing(
    report: TestReport, trusted: Trust = is_trusted_test
) -> tuple[int, bool, bool, int, bool, int, int]:
    """How well a run went, comparable with ``>``: green first; then a program that starts (a
    crash on start means nothing works for a user, whatever the tests say); then passes; then
    a run that finished beats one a limit stopped, fewer errors (a test that could not even
    run, e.g. an import that fails at collection) beat fewer failures, which at least ran.

    Errors rank below failures because one collection error hides every test in its file:
    counted together, code that cannot be imported (1 error) would beat code that runs and
    fails two asserts (HumanEval/50 on the 1.5B, where a fix replaced the function with an
    import from the test file).
    """
    started = not report.start_error
    return (
        trusted_standing(report, trusted),
        report.ok,
        started,
        report.passed,
        report.limit_hit is None,
        -report.errors,
        -report.failed,
    )


def trusted_standing(report: TestReport, trusted: Trust = is_trusted_test) -> int:
    """Trusted tests passed minus failed: the requirement's own examples (and in a change
    run the old tests that held before it) outrank all else."""
    return sum((1 if o.outcome == "passed" else -1) for o in report.outcomes if trusted(o.nodeid))


def better_code(before_fixes: TestReport, fixed: TestReport, trusted: Trust = is_trusted_test) -> Choice:
    """Which version ships: the fixed code only if it does strictly better on the same suite."""
    return "fixed" if standing(fixed, trusted) > standing(before_fixes, trusted) else "before_fixes"


def run_both(
    before: Mapping[str, CodeFile], code: Mapping[str, CodeFile], state: SopState, config: SandboxConfig
) -> dict[Choice, TestReport]:
    """The state's suite on the project as it was before the fixes and as it is now.

    The fixed code is run again rather than trusting the last report: a run can stop (budget,
    an invalid fix or test revision) after the code or the tests last changed.
    """
    return {
        "before_fixes": run_suite({**code, **before}, state, config),
        "fixed": run_suite(code, state, config),
    }


def keep_better(state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
    """Run the final suite on both versions; ship the winner, publish its report."""
    before = state.get("code_before_fixes") or {}
    code = state.get("code") or {}
    reports = run_both(before, code, state, runtime.context.sandbox)
    choice = better_code(reports["before_fixes"], reports["fixed"], functools.partial(trusted_in_run, state))
    before_run, fixed_run = counts(reports["before_fixes"]), counts(reports["fixed"])
    said = f"final suite: code before the fixes {before_run}; fixed code {fixed_run}"
    kept = "kept the code from before the fixes" if choice == "before_fixes" else "kept the fixes"
    report = reports[choice].model_copy(update={"notes": [*reports[choice].notes, f"{kept} ({said})"]})
    update: Update = {
        "test_reports": [report],
        "messages": [
            Publication(
                role="qa_engineer", action="KeepBetterCode", artifact="code", summary=f"{kept}: {said}"
            )
        ],
    }
    if choice == "before_fixes":
        update["code"] = {path: f for path, f in before.items() if code.get(path) != f}
    return update


keep_better_code = role_node("keep_better_code", "qa_engineer", keep_better)
