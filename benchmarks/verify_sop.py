"""Show, by running them, that this commit makes the same ``sop`` runs as the kept ones.

    python -m benchmarks.verify_sop --bench humaneval --model local --ids 0,3,6,9 --jobs 2

Why: ``sop+feedback`` continues the kept ``sop`` runs only when the SOP code has not
changed (``benchmarks/sop_branches.py``), and ``git diff`` is blind to *where* a change
acts: a fix to QA's parsing touches ``nodes/`` and ``state/`` yet cannot alter a run that
ends before QA. Local calls are greedy and start from a reset KV cache, so the same code
gives the same run; this command re-runs ``sop`` on some tasks at HEAD, in a temporary
folder, and compares each row with the kept one field by field. Only when every compared
task is identical does it record the pair of commits in ``docs/benchmarks/sop-equivalence.json``
(committed, with the tasks it rests on); a single difference records nothing and exits 1.
It is evidence on the tasks run, not a proof: choose tasks that reach every role's code.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from benchmarks import codegen, report, sop_branches
from benchmarks.results import ResultLog

COMPARED = ("solution", "files", "status", "calls", "prompt_tokens", "completion_tokens", "passed")
"""What must match: the code the run ended with, its verdict, and every call's token count."""


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.verify_sop", description=__doc__.split("\n")[0])
    codegen.add_results_selection(p, out_dir_help="where the kept rows are")
    p.add_argument("--ids", help="comma-separated task ids or their numbers")
    p.add_argument("--limit", type=int)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument(
        "--made-in",
        type=Path,
        help="compare the sop rows already made at this commit in this folder instead of running",
    )
    p.add_argument("--record", type=Path, help="default: docs/benchmarks/sop-equivalence.json")
    return p


def fresh_rows(args: argparse.Namespace, stem: str, head: str | None) -> list[dict[str, Any]]:
    """The ``sop`` rows made at HEAD: run now in a temporary folder, or read from ``--made-in``."""
    if args.made_in is not None:
        rows = ResultLog(args.made_in / f"{stem}.jsonl").rows()
        stale = sorted(
            {str(r.get("commit")) for r in rows if not sop_branches.same_sop_code(r.get("commit"), head)}
        )
        if stale:
            raise SystemExit(
                f"rows in {args.made_in} were made at {', '.join(stale)}, not at HEAD's SOP code"
            )
        return rows
    with tempfile.TemporaryDirectory(prefix="verify-sop-") as folder:
        selection = [
            *(["--ids", args.ids] if args.ids else []),
            *(["--limit", str(args.limit)] if args.limit else []),
        ]
        runs = str(Path(folder) / "runs")
        codegen.main([
            "--bench", args.bench, "--mode", "sop", "--model", args.model, "--seed", str(args.seed),
            "--jobs", str(args.jobs), "--out-dir", folder, "--runs-dir", runs, *selection,
        ])  # fmt: skip
        return ResultLog(Path(folder) / f"{stem}.jsonl").rows()


def compare(kept: list[dict[str, Any]], fresh: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One line per task made both ways: the kept row's commit and the fields that differ."""
    by_task = {(r["task_id"], r["sample"]): r for r in kept}
    table = []
    for row in fresh:
        old = by_task.get((row["task_id"], row["sample"]))
        if old is None:
            continue
        differs = [field for field in COMPARED if old.get(field) != row.get(field)]
        table.append({
            "task": row["task_id"], "sample": row["sample"], "kept commit": old.get("commit"),
            "same": not differs, "differs in": ", ".join(differs) or "–",
        })  # fmt: skip
    return table


def record(
    path: Path, table: list[dict[str, Any]], head: str, made_at: list[str], args: argparse.Namespace
) -> list[dict[str, Any]]:
    """Append one record per kept commit that differs from HEAD in SOP code; return them."""
    records = sop_branches.equivalence_records(path)
    added = []
    for commit in sorted({str(line["kept commit"]) for line in table}):
        if sop_branches.same_sop_code(commit, head):
            continue
        added.append({
            "from": commit, "to": head, "runs_made_at": made_at,
            "bench": args.bench, "model": args.model, "seed": args.seed,
            "tasks": [line["task"] for line in table if line["kept commit"] == commit],
            "compared": list(COMPARED), "date": datetime.now(UTC).isoformat(timespec="seconds"),
        })  # fmt: skip
    if added:
        report.write_json(path, {"records": records + added})
    return added


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    head = report.conditions()["git_commit"]
    if not head or not sop_branches.sop_code_committed():
        raise SystemExit("the SOP code must be committed: a record names the commit that made the runs")
    stem = codegen.results_stem(args.bench, "sop", args.model, args.seed)
    kept = ResultLog(args.out_dir / f"{stem}.jsonl").rows()
    fresh = fresh_rows(args, stem, head)
    table = compare(kept, fresh)
    report.print_table(f"sop runs at {head} against the kept ones", table)
    if not table:
        raise SystemExit("no task was made both ways: nothing was compared")
    if not all(line["same"] for line in table):
        report.console.print(
            "[red]the runs differ: nothing recorded; sop+feedback will run those tasks fresh"
        )
        return 1
    path = args.record or sop_branches.EQUIVALENCE_FILE
    made_at = sorted({str(row.get("commit")) for row in fresh})
    for added in record(path, table, head, made_at, args):
        report.console.print(
            f"recorded: {added['from']} -> {head} on {len(added['tasks'])} task(s) in {path}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
