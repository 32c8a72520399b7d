"""The code-generation results table for docs/benchmarks.md, computed from the JSONL files.

    python -m benchmarks.codegen_table
    python -m benchmarks.codegen_table --dir docs/benchmarks --dir docs/benchmarks/mbpp-record-at-9ef02a8

Why a script: the runs are long and span sessions, so the table in the docs is rebuilt
from the committed per-task lines rather than copied from a terminal. Two tables: every
(benchmark, mode, model) with how far it got, and, per benchmark and model, the modes
compared on the tasks all of them have finished (paired), since a partial run's pass@1 over
its own first tasks is not comparable to a complete one's. A third table counts, for each
pair of modes, the tasks only one of them solves, with the exact McNemar p-value: two modes
can tie on pass@1 while solving different tasks, and a 3-task difference on 164 is noise.
A fourth sets the agents' own tests against the benchmark's for the runs with the test
loop: the loop can only be as good as the tests QA writes, and a suite that fails correct
code sends the Engineer to "fix" it.
"""

from __future__ import annotations

import argparse
import itertools
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.results import ResultLog, summarize

BENCH_SIZES = {"humaneval": 164, "mbpp": 257}
MODE_ORDER = ("direct", "sop", "sop+feedback")
_STEM = re.compile(r"^codegen-(humaneval|mbpp)-(direct|sop-feedback|sop)-(.+)-s(\d+)(?:-k(\d+))?$")
"""A results file's name (``benchmarks.codegen.results_stem``); a run with k candidates ends
in ``-k<k>`` and shows as its own mode (``sop+feedback k6``). Subset runs (``-he40``) are
not matched: they are compared in their own sections, on their own tasks."""


@dataclass(frozen=True)
class Run:
    bench: str
    mode: str
    model: str
    seed: int
    rows: tuple[dict[str, Any], ...]


def find_runs(*folders: Path) -> list[Run]:
    """Every codegen JSONL in ``folders``, the oracle self-checks left out."""
    runs = []
    for path in sorted(path for folder in folders for path in folder.glob("codegen-*.jsonl")):
        match = _STEM.match(path.stem)
        if match is None or match[3] == "oracle":
            continue
        mode = match[2].replace("sop-feedback", "sop+feedback") + (f" k{match[5]}" if match[5] else "")
        runs.append(Run(match[1], mode, match[3], int(match[4]), tuple(ResultLog(path).rows())))
    return sorted(runs, key=lambda r: (r.bench, r.model, MODE_ORDER.index(base_mode(r.mode)), r.mode))


def base_mode(mode: str) -> str:
    """``sop+feedback k6`` -> ``sop+feedback``."""
    return mode.split(" ", 1)[0]


def _pass_cell(rows: list[dict[str, Any]], task_ids: list[str]) -> str:
    summary = summarize(rows, task_ids)
    if not summary["tasks_done"]:
        return "–"
    passed = sum(r["passed"] for r in rows if r["task_id"] in set(task_ids))
    return f"{summary['pass@1']:.3f} ({passed}/{summary['tasks_done']})"


def _commits(rows: tuple[dict[str, Any], ...]) -> str:
    """The commits a run's rows were made at: more than one means a resume after a code change."""
    commits = sorted({str(r["commit"]) for r in rows if r.get("commit")})
    unknown = " + unrecorded" if commits and any(not r.get("commit") for r in rows) else ""
    return ", ".join(commits) + unknown if commits else "unrecorded"


def overall_table(runs: list[Run]) -> list[dict[str, Any]]:
    table = []
    for run in runs:
        ids = sorted({r["task_id"] for r in run.rows})
        summary = summarize(run.rows, ids)
        total = BENCH_SIZES[run.bench]
        partial = "" if summary["tasks_done"] == total else " (partial)"
        table.append({
            "bench": run.bench, "mode": run.mode, "model": run.model,
            "tasks": f"{summary['tasks_done']}/{total}{partial}",
            "pass@1": _pass_cell(list(run.rows), ids),
            "prompt tok/task": summary.get("prompt_tokens_per_task"),
            "completion tok/task": summary.get("completion_tokens_per_task"),
            "calls/task": summary.get("model_calls_per_task"),
            "s/task": summary.get("seconds_per_task"),
            "errors": summary.get("errors"),
            "commits": _commits(run.rows),
        })  # fmt: skip
    return table


def by_bench_and_model(runs: list[Run]) -> dict[tuple[str, str], list[Run]]:
    """The runs grouped for comparison: only modes of one model on one benchmark compare."""
    groups: dict[tuple[str, str], list[Run]] = {}
    for run in runs:
        groups.setdefault((run.bench, run.model), []).append(run)
    return groups


def paired_table(runs: list[Run]) -> list[dict[str, Any]]:
    """Per (benchmark, model) with more than one mode: each mode on the tasks all modes finished."""
    table = []
    for (bench, model), group in by_bench_and_model(runs).items():
        if len(group) < 2:
            continue
        common = sorted(set.intersection(*({r["task_id"] for r in run.rows} for run in group)))
        row: dict[str, Any] = {"bench": bench, "model": model, "common tasks": len(common)}
        for run in group:
            row[run.mode] = _pass_cell(list(run.rows), common)
        table.append(row)
    return table


def mcnemar_exact(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar p-value: the discordant tasks as a fair coin's flips."""
    n = only_a + only_b
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(only_a, only_b) + 1)) / 2**n
    return min(1.0, 2 * tail)


def _first_samples(run: Run) -> list[dict[str, Any]]:
    """One row per task: paired comparisons need the same draw on both sides."""
    return [r for r in run.rows if int(r.get("sample", 0)) == 0]


def _first_sample_verdicts(run: Run) -> dict[str, bool]:
    return {r["task_id"]: bool(r["passed"]) for r in _first_samples(run)}


def disagreement_table(runs: list[Run]) -> list[dict[str, Any]]:
    """Per (benchmark, model) and pair of modes: which tasks only one of the two solves."""
    table = []
    for (bench, model), group in by_bench_and_model(runs).items():
        for first, second in itertools.combinations(group, 2):
            a, b = _first_sample_verdicts(first), _first_sample_verdicts(second)
            common = sorted(set(a) & set(b))
            only_a = sum(a[t] and not b[t] for t in common)
            only_b = sum(b[t] and not a[t] for t in common)
            table.append({
                "bench": bench, "model": model, "A vs B": f"{first.mode} vs {second.mode}",
                "common tasks": len(common), "both": sum(a[t] and b[t] for t in common),
                "only A": only_a, "only B": only_b, "neither": sum(not (a[t] or b[t]) for t in common),
                "McNemar p": f"{mcnemar_exact(only_a, only_b):.3g}",
            })  # fmt: skip
    return table


LOOP_VERDICTS = {"succeeded": "green", "failed_tests": "red"}
"""A run's end status as its own tests' last verdict; any other status stopped the loop."""


NOTHING_RAN = re.compile(r"^0 passed, 0 failed, [1-9]")
"""A last run that collected no test: the suite (or the code it imports) did not load."""


def own_tests_table(runs: list[Run]) -> list[dict[str, Any]]:
    """Per run with the test loop: the agents' last verdict on their own tests against the
    benchmark's hidden tests, task by task (first sample), and how often the last run of the
    suite collected nothing (rows record it from commit 28ad05b on)."""
    table = []
    for run in runs:
        if base_mode(run.mode) != "sop+feedback":
            continue
        rows = _first_samples(run)
        counts = {(own, hidden): 0 for own in ("green", "red", "stopped") for hidden in (True, False)}
        for row in rows:
            counts[(LOOP_VERDICTS.get(str(row.get("status")), "stopped"), bool(row["passed"]))] += 1
        agree = counts[("green", True)] + counts[("red", False)]
        recorded = [str(r["agent_tests_last_run"]) for r in rows if r.get("agent_tests_last_run")]
        table.append({
            "bench": run.bench, "model": run.model, "tasks": len(rows),
            "own green: hidden pass / fail": f"{counts[('green', True)]} / {counts[('green', False)]}",
            "own red: hidden pass / fail": f"{counts[('red', True)]} / {counts[('red', False)]}",
            "loop stopped: hidden pass / fail": f"{counts[('stopped', True)]} / {counts[('stopped', False)]}",
            "verdicts agree": f"{agree / len(rows):.0%}" if rows else "–",
            "suite never ran": f"{sum(bool(NOTHING_RAN.match(r)) for r in recorded)} of {len(recorded)}"
            if recorded else "–",
            "fix rounds/task": round(sum(int(r.get("fix_rounds") or 0) for r in rows) / len(rows), 2)
            if rows else "–",
        })  # fmt: skip
    return table


def markdown(rows: list[dict[str, Any]]) -> str:
    if not rows:
        return "(no runs)\n"
    columns = list(dict.fromkeys(key for row in rows for key in row))
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    lines += ["| " + " | ".join(str(row.get(c, "–")) for c in columns) + " |" for row in rows]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> str:
    p = argparse.ArgumentParser(prog="python -m benchmarks.codegen_table", description=__doc__.split("\n")[0])
    p.add_argument(
        "--dir", type=Path, action="append", help="a results folder (repeatable; default docs/benchmarks)"
    )
    args = p.parse_args(argv)
    runs = find_runs(*(args.dir or [report.RESULTS_DIR]))
    text = "### All runs\n\n" + markdown(overall_table(runs))
    text += "\n### Modes compared on the same tasks\n\n" + markdown(paired_table(runs))
    text += "\n### Tasks only one mode of a pair solves\n\n" + markdown(disagreement_table(runs))
    text += "\n### The agents' own tests against the benchmark's\n\n" + markdown(own_tests_table(runs))
    print(text)
    return text


if __name__ == "__main__":
    main()
