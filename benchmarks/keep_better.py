"""What ``keep_better_code`` makes of recorded ``sop+feedback`` runs, with no model call.

    python -m benchmarks.keep_better --bench humaneval --model local

Why this can be computed rather than re-run: ``keep_better_code``
(``nodes/keep_better_code.py``) acts only after the test loop has stopped and calls no
model, so a loop makes the same calls with it as without it; a run recorded before it
existed holds everything it needs. The code the loop started from is the ``sop`` row's (a
continued run starts from exactly that code), the code it ended with is the row's: the files
the run wrote (the row's ``code``, or for older rows the file its scored module was made
from, ``scoring.code_of_module``). QA's final suite is the row's ``agent_tests``. Both
versions run that suite in the sandbox through the node's own ``run_suite`` and are judged
by its ``better_code``; the chosen version's verdict on the benchmark's hidden tests is the
one already recorded for it. Runs that went green, never changed the code, or did not
continue a kept ``sop`` run are left as they are.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from typing import Any

from benchmarks import codegen, report
from benchmarks.codegen_table import mcnemar_exact
from benchmarks.datasets import Task, load
from benchmarks.results import ResultLog, summarize
from benchmarks.scoring import SOLUTION_FILE, code_of_module
from nodes.keep_better_code import Choice, better_code, run_both
from nodes.run_tests import counts
from nodes.sandbox_config import SandboxConfig
from state.artifacts import CodeFile
from state.schema import SopState


@dataclass(frozen=True)
class Decision:
    """One recorded run that stopped red after changing the code, and what the node keeps."""

    task_id: str
    status: str
    before_fixes: str
    fixed: str
    kept: Choice
    hidden_before_fixes: bool
    hidden_fixed: bool

    @property
    def hidden_kept(self) -> bool:
        return self.hidden_before_fixes if self.kept == "before_fixes" else self.hidden_fixed


def project_files(row: dict[str, Any], task: Task) -> dict[str, str] | None:
    """The files a run ended with: recorded as ``code`` (rows from commit-recorded code on),
    else the one file the scored module was made from."""
    if row.get("code"):
        return dict(row["code"])
    if row.get("solution") is None:
        return None
    return {SOLUTION_FILE: code_of_module(task, row["solution"])}


def applies(row: dict[str, Any], sop_row: dict[str, Any] | None, task: Task) -> bool:
    """The node runs only when the loop stopped without green after changing the code."""
    if sop_row is None or row.get("status") == "succeeded" or not row.get("continued_sop_run"):
        return False
    before, fixed = project_files(sop_row, task), project_files(row, task)
    return bool(row.get("agent_tests")) and before is not None and fixed is not None and before != fixed


def as_code(files: dict[str, str] | None) -> dict[str, CodeFile]:
    """A row's ``{path: text}`` files as the graph's ``code``/``tests`` channel values."""
    return {path: CodeFile(path=path, content=text) for path, text in (files or {}).items()}


def decide(row: dict[str, Any], sop_row: dict[str, Any], task: Task, config: SandboxConfig) -> Decision:
    """Run the final suite on both versions, as the node would, and record its choice."""
    state: SopState = {"tests": as_code(row["agent_tests"]), "test_reports": []}
    reports = run_both(
        as_code(project_files(sop_row, task)), as_code(project_files(row, task)), state, config
    )
    before, fixed = reports["before_fixes"], reports["fixed"]
    return Decision(
        task_id=row["task_id"],
        status=str(row.get("status")),
        before_fixes=counts(before),
        fixed=counts(fixed),
        kept=better_code(before, fixed),
        hidden_before_fixes=bool(sop_row["passed"]),
        hidden_fixed=bool(row["passed"]),
    )


def with_decisions(rows: list[dict[str, Any]], decisions: dict[str, Decision]) -> list[dict[str, Any]]:
    """The rows as ``keep_better_code`` would have left them (first samples decided)."""
    return [
        row | {"passed": decisions[row["task_id"]].hidden_kept}
        if row["task_id"] in decisions and int(row.get("sample", 0)) == 0
        else row
        for row in rows
    ]


def against(rows: list[dict[str, Any]], sop: dict[str, dict[str, Any]]) -> str:
    """``won / lost`` against ``sop`` on the same tasks, with the exact McNemar p."""
    firsts = [r for r in rows if int(r.get("sample", 0)) == 0 and r["task_id"] in sop]
    won = sum(bool(r["passed"]) and not sop[r["task_id"]]["passed"] for r in firsts)
    lost = sum(not r["passed"] and bool(sop[r["task_id"]]["passed"]) for r in firsts)
    return f"{won} / {lost} (p {mcnemar_exact(won, lost):.3g})"


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.keep_better", description=__doc__.split("\n")[0])
    codegen.add_results_selection(p, out_dir_help="where the rows are")
    p.add_argument(
        "--test-timeout",
        type=float,
        help="per-test bound the rows' loop ran with (default none: rows made before the bound)",
    )
    return p


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parser().parse_args(argv)
    stem = codegen.results_stem(args.bench, "sop+feedback", args.model, args.seed)
    rows = ResultLog(args.out_dir / f"{stem}.jsonl").rows()
    sop_stem = codegen.results_stem(args.bench, "sop", args.model, args.seed)
    sop = {
        r["task_id"]: r for r in ResultLog(args.out_dir / f"{sop_stem}.jsonl").rows() if not r.get("sample")
    }
    if not rows:
        raise SystemExit(f"no rows in {args.out_dir / stem}.jsonl: run the sop+feedback benchmark first")
    tasks = {task.task_id: task for task in load(args.bench)}
    config = SandboxConfig(test_timeout_s=args.test_timeout)
    cond = report.conditions(bench=args.bench, model=args.model, seed=args.seed, rows=stem, sandbox=config)
    report.print_conditions(cond)
    decided = [
        decide(row, sop[row["task_id"]], tasks[row["task_id"]], config)
        for row in rows
        if int(row.get("sample", 0)) == 0 and applies(row, sop.get(row["task_id"]), tasks[row["task_id"]])
    ]
    decisions = {d.task_id: d for d in decided}
    report.print_table("runs that stopped red after changing the code", [vars(d) for d in decided])
    task_ids = sorted({r["task_id"] for r in rows})
    kept_rows = with_decisions(rows, decisions)
    summary = {
        "tasks": len(task_ids),
        "stopped red after changing the code": len(decided),
        "kept the code from before the fixes": sum(d.kept == "before_fixes" for d in decided),
        "pass@1 as recorded": summarize(rows, task_ids)["pass@1"],
        "pass@1 with keep_better_code": summarize(kept_rows, task_ids)["pass@1"],
        "sop on the same tasks": summarize(list(sop.values()), task_ids).get("pass@1"),
        "won / lost vs sop, as recorded": against(rows, sop),
        "won / lost vs sop, with keep_better_code": against(kept_rows, sop),
    }
    report.print_table(f"keep_better_code on {stem}", [summary])
    payload = {"conditions": cond, "summary": summary, "decisions": [vars(d) for d in decided]}
    report.write_json(args.out_dir / f"{stem}.keep-better.json", payload)
    return payload


if __name__ == "__main__":
    main()
