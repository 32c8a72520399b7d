"""Selection by execution, replayed on recorded candidates with no model call.

    python -m benchmarks.selection_replay docs/benchmarks/codegen-humaneval-sop-local-s0-k4-he40.jsonl \
        --direct docs/benchmarks/codegen-humaneval-direct-local-s0.jsonl

Every ``sop`` row made with candidates holds each candidate's origin, its results on the
run's own tests (trusted and derived) and its verdict on the benchmark's hidden tests
(``benchmarks.codegen.run_one``). So the ceiling (pass@k: some candidate passes), each
single candidate's score, the shipped score, and what another rule would have shipped can be
computed from the rows alone. A rule cannot beat pass@k; ``recovered`` says how much of the
gap between the greedy SOP answer and pass@k the shipped choice closes.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from benchmarks import report
from benchmarks.codegen_table import mcnemar_exact
from nodes.select_code import PREFERENCE
from nodes.selection import choose
from state.candidates import CandidateRun

Row = dict[str, Any]
Rule = Callable[[Row], int]


def rows_with_candidates(path: Path) -> list[Row]:
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return [row for row in rows if row.get("candidates")]


def candidate_runs(row: Row) -> list[CandidateRun]:
    """The rows' candidates as the selection rule sees them (names stand in for node ids)."""
    runs = []
    for c in row["candidates"]:
        passed = int(c.get("trusted_passed", 0))
        failed = int(c.get("trusted_total", 0)) - passed
        runs.append(
            CandidateRun(
                index=c["index"],
                crashed=c.get("crashed") or "",
                trusted_passed=[f"t{i}" for i in range(passed)],
                trusted_failed=[f"f{i}" for i in range(failed)],
                derived_passed=list(c.get("derived_passed") or []),
                derived_failed=list(c.get("derived_failed") or []),
                observed=dict(c.get("observed") or {}),
            )
        )
    return runs


def hidden(row: Row, index: int) -> bool:
    return any(c["index"] == index and c.get("hidden_passed") for c in row["candidates"])


def by_preference(origins: Sequence[str], *, agreement: bool = True, derived: bool = True) -> Rule:
    """The shipped rule with candidates ranked by origin in this order at the final tie;
    ``agreement=False`` leaves out the step that compares probe outputs, ``derived=False``
    the one that groups candidates by QA's tests (only ``sop+feedback`` rows have them: QA
    writes its suite after reading the SOP's own file, so its tests may lean towards it)."""

    def rule(row: Row) -> int:
        order = [c["index"] for origin in origins for c in row["candidates"] if c["origin"] == origin]
        runs = candidate_runs(row)
        if not agreement:
            runs = [run.model_copy(update={"observed": {}}) for run in runs]
        if not derived:
            runs = [run.model_copy(update={"derived_passed": [], "derived_failed": []}) for run in runs]
        return choose(runs, order)[0]

    return rule


def fixed(index: int) -> Rule:
    return lambda row: index


RULES: dict[str, Rule] = {
    "sop greedy alone (candidate 0)": fixed(0),
    "direct greedy alone (candidate 1)": fixed(1),
    "rule, ties to direct (select_code.PREFERENCE)": by_preference(PREFERENCE),
    "rule, ties to sop": by_preference(("sop", "direct", "sample")),
    "rule without probe agreement, ties to direct": by_preference(
        ("direct", "sop", "sample"), agreement=False
    ),
    "rule without probe agreement, ties to sop": by_preference(("sop", "direct", "sample"), agreement=False),
    "rule without QA's tests, ties to direct": by_preference(PREFERENCE, derived=False),
}


def pass_at(rows: list[Row], k: int) -> float:
    """Some of the first ``k`` candidates (by index) passes the hidden tests."""
    return sum(any(hidden(r, i) for i in range(k)) for r in rows) / len(rows)


def replay(rows: list[Row], direct: dict[str, bool]) -> dict[str, Any]:
    """Scores of each rule, the pass@k ceiling, the gap recovered, and McNemar vs direct."""
    n = len(rows)
    greedy = sum(hidden(r, 0) for r in rows) / n
    k = max(len(r["candidates"]) for r in rows)
    ceiling = pass_at(rows, k)
    table = []
    for name, rule in RULES.items():
        solved = {r["task_id"]: hidden(r, rule(r)) for r in rows}
        score = sum(solved.values()) / n
        versus = [t for t in solved if t in direct]
        only_rule = sum(solved[t] and not direct[t] for t in versus)
        only_direct = sum(direct[t] and not solved[t] for t in versus)
        table.append(
            {
                "rule": name,
                "pass@1": round(score, 3),
                "recovered": round((score - greedy) / (ceiling - greedy), 2) if ceiling > greedy else None,
                "vs direct (won/lost)": f"{only_rule}/{only_direct}",
                "McNemar p": round(mcnemar_exact(only_rule, only_direct), 3),
            }
        )
    shipped = sum(bool(r["passed"]) for r in rows) / n
    return {
        "tasks": n,
        "direct_on_these_tasks": round(sum(direct.get(r["task_id"], False) for r in rows) / n, 3),
        "shipped_pass@1": round(shipped, 3),
        "pass@k": {str(i): round(pass_at(rows, i), 3) for i in range(1, k + 1)},
        "rules": table,
    }


def retested(rows: list[Row], bench: str) -> list[Row]:
    """The rows with every candidate's trusted results and probe outputs made again by
    today's extractor (``nodes.read_requirement``) in the sandbox: how the current rule
    would choose among the recorded candidates, still with no model call."""
    from benchmarks.datasets import load
    from benchmarks.solvers import requirement_of
    from nodes.read_requirement import read_requirement
    from nodes.run_tests import suite_with_trusted
    from nodes.sandbox import run_tests_sandboxed
    from nodes.sandbox_config import SandboxConfig
    from nodes.select_code import observe
    from state.acceptance import TRUSTED_TESTS_PATH, is_trusted_test
    from state.artifacts import CodeFile
    from state.settings import RunSettings

    tasks = {t.task_id: t for t in load(bench)}
    out = []
    for row in rows:
        task = tasks[row["task_id"]]
        state: Any = {"requirement": requirement_of(task), "settings": RunSettings(scope="function")}
        state |= read_requirement(state)
        candidates = []
        for c in row["candidates"]:
            code = {"solution.py": CodeFile(path="solution.py", content=c.get("code") or "")}
            observed = observe(code, state["acceptance"].probes, "solution.py", SandboxConfig())
            c = c | {"observed": observed}
            trusted = suite_with_trusted(state, code).get(TRUSTED_TESTS_PATH)
            if trusted is None:
                candidates.append(c | {"trusted_passed": 0, "trusted_total": 0})
                continue
            files = {"solution.py": c.get("code") or "", TRUSTED_TESTS_PATH: trusted.content}
            report = run_tests_sandboxed(files, test_paths=[TRUSTED_TESTS_PATH])
            outcomes = [o for o in report.outcomes if is_trusted_test(o.nodeid)]
            passed = sum(o.outcome == "passed" for o in outcomes)
            candidates.append(c | {"trusted_passed": passed, "trusted_total": len(outcomes)})
        out.append(row | {"candidates": candidates})
    return out


def kept_beside(source: Path, suffix: str, rows: list[Row]) -> None:
    """Rows made with the sandbox, written beside ``source`` so they replay again without it."""
    source.with_suffix(suffix).write_text("".join(json.dumps(row) + "\n" for row in rows))


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.selection_replay", description=__doc__.splitlines()[0]
    )
    p.add_argument("rows", type=Path, help="a sop results JSONL made with --candidates > 1")
    p.add_argument("--direct", type=Path, required=True, help="the direct results JSONL of the same model")
    p.add_argument(
        "--retest", choices=("humaneval", "mbpp"), help="re-run trusted tests with today's extractor"
    )
    p.add_argument(
        "--first",
        type=int,
        metavar="K",
        help="keep only candidates 0..K-1: a run with more candidates replays fewer",
    )
    p.add_argument(
        "--substitute-direct",
        type=Path,
        metavar="ANSWERS",
        help="candidate_prompts rows: replay with their direct answers as candidate 1 "
        "(benchmarks.direct_substitute; needs --bench)",
    )
    p.add_argument(
        "--check",
        action="store_true",
        help="with --bench: rerun the recorded candidate 1 through the substitution's steps "
        "and report how often they reproduce the row",
    )
    p.add_argument("--bench", choices=("humaneval", "mbpp"), help="the rows' benchmark")
    args = p.parse_args(argv)
    if (args.substitute_direct or args.check) and not args.bench:
        p.error("--substitute-direct and --check need --bench")
    given = (args.rows, args.direct, args.substitute_direct)
    missing = [str(path) for path in given if path and not path.is_file()]
    if missing:
        p.error(f"no such file: {', '.join(missing)}")
    rows = rows_with_candidates(args.rows)
    if args.first:
        rows = [
            row | {"candidates": [c for c in row["candidates"] if c["index"] < args.first]} for row in rows
        ]
    if args.retest:
        rows = retested(rows, args.retest)
        kept_beside(args.rows, ".retested.jsonl", rows)
    if args.check:
        from benchmarks.direct_substitute import checked

        found = checked(rows, args.bench)
        report.console.print(found)
        report.write_json(args.rows.with_suffix(".substitute-check.json"), found)
        return found
    unreplayed: dict[str, Any] = {}
    if args.substitute_direct:
        from benchmarks.direct_substitute import direct_answers, substituted

        rows, unreplayed = substituted(rows, args.bench, direct_answers(args.substitute_direct))
        kept_beside(args.rows, ".direct-substituted.jsonl", rows)
    if not rows:
        raise SystemExit(f"{args.rows}: no rows with candidates")
    direct_rows = [json.loads(line) for line in args.direct.read_text().splitlines() if line.strip()]
    result = replay(rows, {r["task_id"]: bool(r["passed"]) for r in direct_rows})
    report.print_table(f"selection replay: {args.rows.name}", result["rules"])
    report.console.print({k: v for k, v in result.items() if k != "rules"})
    kind = ".selection-retested.json" if args.retest else ".selection.json"
    if args.substitute_direct:
        kind = ".selection-direct-substituted.json"
        report.console.print({k: len(v) for k, v in unreplayed.items()})
    suffix = (f".k{args.first}" if args.first else "") + kind
    report.write_json(
        args.rows.with_suffix(suffix), result | {"retested": bool(args.retest), "not_replayed": unreplayed}
    )
    return result


if __name__ == "__main__":
    main()
