"""RunCode: the generated tests, run for real in the sandbox. No model call.

Subscribes to: ``code``, ``tests``, ``tasks`` (required packages). Publishes: one
``TestReport`` per attempt into ``test_reports``.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from nodes.context import Context
from nodes.llm import Ledger
from nodes.role_node import Update, role_node
from nodes.sandbox import SandboxLimits, run_tests_sandboxed
from state.artifacts import Publication
from state.schema import SopState

ENTRY_POINT = "main.py"
"""The Architect is asked for a ``main.py``; when it exists it is started once, stdin closed,
as a smoke check whose verdict goes into the report's notes."""


def run_generated_tests(state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
    """Copy code and tests into a fresh sandbox, run pytest, publish the report."""
    files = {path: f.content for path, f in (state.get("code") or {}).items()}
    tests = {path: f.content for path, f in (state.get("tests") or {}).items()}
    tasks = state.get("tasks")
    config = runtime.context.sandbox
    limits = SandboxLimits(
        wall_seconds=config.timeout_s,
        address_space_bytes=config.memory_mb * 1024 * 1024,
        output_bytes=config.output_bytes,
    )
    report = run_tests_sandboxed(
        files | tests,
        test_paths=sorted(tests),
        limits=limits,
        attempt=len(state.get("test_reports") or []),
        required_packages=tasks.required_packages if tasks else (),
        entry_point=ENTRY_POINT if ENTRY_POINT in files else None,
    )
    verdict = "green" if report.ok else f"red ({report.limit_hit or 'failures'})"
    return {
        "test_reports": [report],
        "messages": [
            Publication(
                role="qa_engineer",
                action="RunCode",
                artifact="test_report",
                summary=f"attempt {report.attempt}: {report.passed} passed, {report.failed} failed, "
                f"{report.errors} errors, {verdict}, {report.duration_s:.1f}s",
            )
        ],
    }


run_tests = role_node("run_tests", "qa_engineer", run_generated_tests)
