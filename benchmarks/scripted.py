"""The scripted run both engine graphs execute: same model answers, same test verdicts.

The engine benchmark measures the engine, not pytest: its test runner is a stand-in that
is red until ``fix_rounds`` fix plans exist, then green, so both graphs take the same path
(waterfall, one file per Engineer step, QA, ``fix_rounds`` fix/test rounds, finalize)
without a subprocess. The real sandbox is timed on its own (``sandbox_seconds``).
"""

from __future__ import annotations

import statistics
from time import perf_counter
from typing import Any

from langgraph.graph.state import CompiledStateGraph
from langgraph.runtime import Runtime

from benchmarks import scenarios
from benchmarks.fakes import ScriptedChatModel
from graph.builder import build_graph
from nodes.context import Context
from nodes.llm import Ledger
from nodes.role_node import Update, role_node
from nodes.sandbox import run_tests_sandboxed
from state.artifacts import Publication, TestReport
from state.schema import SopState


def stand_in_report(attempt: int, fixes_so_far: int, fix_rounds: int) -> TestReport:
    """Red (one failing test) while fewer than ``fix_rounds`` fixes were made, then green."""
    green = fixes_so_far >= fix_rounds
    return TestReport(
        attempt=attempt,
        command=["pytest", "tests"],
        exit_status=0 if green else 1,
        passed=2 if green else 1,
        failed=0 if green else 1,
        failing_output="" if green else "tests/test_calc.py::test_add_integers: assert -1 == 5",
    )


def model_for(fix_rounds: int) -> ScriptedChatModel:
    """A zero-latency model answering the calculator scenario with ``fix_rounds`` red rounds."""
    return ScriptedChatModel(
        script=scenarios.script(buggy_first=fix_rounds > 0, fix_rounds=max(fix_rounds, 1))
    )


def sop_graph(checkpointer: Any, fix_rounds: int) -> CompiledStateGraph[Any, Any, Any, Any]:
    """sopgraph's own graph, with only ``run_tests`` swapped for the stand-in runner."""

    def stand_in(state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
        report = stand_in_report(
            len(state.get("test_reports") or []), len(state.get("fix_plans") or []), fix_rounds
        )
        return {
            "test_reports": [report],
            "messages": [
                Publication(role="qa_engineer", action="RunCode", artifact="test_report", summary="stand-in")
            ],
        }

    builder = build_graph()
    del builder.nodes["run_tests"]
    builder.add_node("run_tests", role_node("run_tests", "qa_engineer", stand_in))
    return builder.compile(checkpointer=checkpointer)


def sandbox_seconds(repeats: int = 3) -> float:
    """Median wall time of one real sandboxed pytest run of the calculator project."""
    files = {
        "calc.py": scenarios.GOOD_CALC,
        "main.py": scenarios.MAIN,
        "tests/test_calc.py": scenarios.TESTS,
    }
    times = []
    for attempt in range(repeats):
        started = perf_counter()
        report = run_tests_sandboxed(files, test_paths=["tests/test_calc.py"], attempt=attempt)
        times.append(perf_counter() - started)
        if not report.ok:
            raise RuntimeError(f"the sandbox failed the known-good calculator: {report.failing_output}")
    return statistics.median(times)
