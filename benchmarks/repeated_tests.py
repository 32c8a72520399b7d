"""What de-duplicating QA's test functions changes in recorded ``sop+feedback`` runs, with no model call.

    python -m benchmarks.repeated_tests --bench humaneval --model local:0.5b

Why this can be computed rather than re-run, for the final verdict: QA's final suite is the
row's ``agent_tests`` and the code it judged is the row's files (``keep_better.project_files``).
Each suite that defines a test name twice runs in the sandbox through the graph's own
``run_suite`` twice, as written (pytest sees each name's last copy) and as
``nodes/repeated_tests.distinct_tests`` publishes it; the table says where the verdict
changes. What it cannot say is what the loop would have done next with a different
verdict: that needs the runs again.

It only reads the rows file (a run may be appending to it).
"""

from __future__ import annotations

import argparse
from typing import Any

from benchmarks import codegen, report
from benchmarks.datasets import load
from benchmarks.keep_better import as_code, project_files
from benchmarks.results import finished_rows
from nodes.repeated_tests import distinct_tests
from nodes.run_tests import counts, run_suite
from nodes.sandbox_config import SandboxConfig
from state.artifacts import TestReport
from state.schema import SopState


def verdict(test_report: TestReport) -> str:
    return "green" if test_report.ok else "red"


def compare(row: dict[str, Any], files: dict[str, str], config: SandboxConfig) -> dict[str, Any] | None:
    """The row's final suite as written and de-duplicated, on its final code; None when the
    suite repeats no test name."""
    written = dict(row.get("agent_tests") or {})
    repaired, changes = {}, []
    for path, content in written.items():
        repaired[path], more = distinct_tests(content)
        changes += more
    if not changes:
        return None
    reports = []
    for suite in (written, repaired):
        state: SopState = {"tests": as_code(suite), "test_reports": []}
        reports.append(run_suite(as_code(files), state, config))
    as_written, distinct = reports
    return {
        "task_id": row["task_id"],
        "hidden tests": "pass" if row["passed"] else "fail",
        "as written": f"{verdict(as_written)}: {counts(as_written)}",
        "de-duplicated": f"{verdict(distinct)}: {counts(distinct)}",
        "changed": verdict(as_written) != verdict(distinct),
        "repeats": "; ".join(changes),
    }


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.repeated_tests", description=__doc__.split("\n")[0]
    )
    codegen.add_results_selection(p, out_dir_help="where the rows are")
    return p


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parser().parse_args(argv)
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
        if files is not None and (found := compare(row, files, config)) is not None:
            compared.append(found)
    report.print_table("final suites that repeat a test name", compared)
    summary = {
        "rows": len(rows),
        "suites repeating a test name": len(compared),
        "verdict changed": sum(c["changed"] for c in compared),
        "green as written": sum(c["as written"].startswith("green") for c in compared),
        "green de-duplicated": sum(c["de-duplicated"].startswith("green") for c in compared),
    }
    report.print_table(f"repeated test names in {stem}", [summary])
    payload = {"conditions": cond, "summary": summary, "suites": compared}
    report.write_json(args.out_dir / f"{stem}.repeated-tests.json", payload)
    return payload


if __name__ == "__main__":
    main()
