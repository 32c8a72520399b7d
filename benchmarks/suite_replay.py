"""What a repair of QA's test files changes in recorded ``sop+feedback`` runs, with no model
call: the shared part of ``benchmarks.repeated_tests`` and ``benchmarks.own_copies``.

Why this can be computed rather than re-run, for the final verdict: QA's final suite is the
row's ``agent_tests`` and the code it judged is the row's files (``keep_better.project_files``).
Each final suite the repair changes runs in the sandbox through the graph's own
``run_suite`` twice, as written and as the repair publishes it; the table says where the
verdict changes and whether it agrees with the benchmark's hidden tests. What it cannot say
is what the loop would have done next with a different verdict: that needs the runs again.

It only reads the rows file (a run may be appending to it).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from benchmarks import codegen, report
from benchmarks.datasets import load
from benchmarks.keep_better import as_code, project_files
from benchmarks.results import finished_rows
from nodes.run_tests import counts, run_suite
from nodes.sandbox_config import SandboxConfig
from state.artifacts import CodeFile, TestReport
from state.schema import SopState

Repair = Callable[[str, Mapping[str, CodeFile]], tuple[str, list[str]]]
"""A test file's content and the project's code -> the repaired content, what changed."""


@dataclass(frozen=True)
class SuiteRepair:
    """One repair, and the words its tables and JSON use for it."""

    repair: Repair
    changed_suites: str  # "suites repeating a test name"
    repaired: str  # "de-duplicated"
    changes: str  # "repeats"
    file_suffix: str  # "repeated-tests"


def verdict(test_report: TestReport) -> str:
    return "green" if test_report.ok else "red"


def compare(
    row: dict[str, Any], files: dict[str, str], config: SandboxConfig, how: SuiteRepair
) -> dict[str, Any] | None:
    """The row's final suite as written and repaired, on its final code; None when the
    repair changes nothing."""
    code = as_code(files)
    written = dict(row.get("agent_tests") or {})
    repaired, changes = {}, []
    for path, content in written.items():
        repaired[path], more = how.repair(content, code)
        changes += more
    if not changes:
        return None
    reports = []
    for suite in (written, repaired):
        state: SopState = {"tests": as_code(suite), "test_reports": []}
        reports.append(run_suite(code, state, config))
    as_written, after = reports
    return {
        "task_id": row["task_id"],
        "hidden tests": "pass" if row["passed"] else "fail",
        "as written": f"{verdict(as_written)}: {counts(as_written)}",
        how.repaired: f"{verdict(after)}: {counts(after)}",
        "changed": verdict(as_written) != verdict(after),
        how.changes: "; ".join(changes),
    }


def agrees(compared: dict[str, Any], column: str) -> bool:
    """The suite's verdict in ``column`` is the hidden tests' (green with pass, red with fail)."""
    return compared[column].startswith("green") == (compared["hidden tests"] == "pass")


def parser(prog: str, description: str) -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=prog, description=description)
    codegen.add_results_selection(p, out_dir_help="where the rows are")
    return p


def replay(args: argparse.Namespace, how: SuiteRepair) -> dict[str, Any]:
    """Compare every finished row's final suite, print the tables, write the JSON."""
    stem = codegen.results_stem(args.bench, "sop+feedback", args.model, args.seed)
    rows = [r for r in finished_rows(args.out_dir / f"{stem}.jsonl") if int(r.get("sample", 0)) == 0]
    if not rows:
        raise SystemExit(f"no rows in {args.out_dir / stem}.jsonl: run the sop+feedback benchmark first")
    tasks = {task.task_id: task for task in load(args.bench)}
    config = SandboxConfig()
    cond = report.conditions(bench=args.bench, model=args.model, seed=args.seed, rows=stem, sandbox=config)
    report.print_conditions(cond)
    compared = []
    for row in rows:
        files = project_files(row, tasks[row["task_id"]])
        if files is not None and (found := compare(row, files, config, how)) is not None:
            compared.append(found)
    report.print_table(f"final {how.changed_suites}", compared)
    summary = {
        "rows": len(rows),
        how.changed_suites: len(compared),
        "verdict changed": sum(c["changed"] for c in compared),
        "green as written": sum(c["as written"].startswith("green") for c in compared),
        f"green {how.repaired}": sum(c[how.repaired].startswith("green") for c in compared),
        "agree with hidden tests as written": sum(agrees(c, "as written") for c in compared),
        f"agree with hidden tests {how.repaired}": sum(agrees(c, how.repaired) for c in compared),
    }
    report.print_table(f"{how.changed_suites} in {stem}", [summary])
    payload = {"conditions": cond, "summary": summary, "suites": compared}
    report.write_json(args.out_dir / f"{stem}.{how.file_suffix}.json", payload)
    return payload
