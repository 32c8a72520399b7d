"""Recorded runs replayed with the direct call's answer as their direct candidate; no model call.

    python -m benchmarks.selection_replay ROWS --direct DIRECT_ROWS \\
        --substitute-direct docs/benchmarks/candidate-prompts-mbpp-local.jsonl --bench mbpp

Why: since 4853821 a function-level run gives its direct candidate the requirement's code
block alone (``nodes.candidates.given_code``), so that candidate's prompt is the benchmarks'
direct call word for word and, greedy, its answer is the direct call's answer (the 1.5B
reproduced the recorded direct answers' verdicts on 21 of 21 he40 tasks months of commits
apart, ``benchmarks.candidate_prompts``). Rows recorded before that hold a candidate 1
written from the wrapped requirement. Putting the recorded direct answer in its place, and
running it as ``select_code`` would (the graph's reply parsing and written-file pipeline,
the same trusted tests rebuilt from the requirement, QA's recorded suite, the probes, the
names check), says what the change ships on those tasks without paying for the SOP again.

What it cannot replay, counted in the summary rather than guessed: the candidate's one
re-ask when its syntax tree is rejected (the answer is kept as it is, and loses in
execution), and the fix rounds after selection when the replay ships another candidate than
the recorded run did (the replayed candidate is scored as chosen, unfixed).
``--check`` runs the recorded candidate 1 through the same steps instead: how often the
replay reproduces what the live run recorded is the replay's own error bar.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, cast

from benchmarks.datasets import Task, load
from benchmarks.scoring import SOLUTION_FILE, score, solution_module
from benchmarks.solvers import requirement_of, run_record
from nodes.code_checks import static_problem
from nodes.read_requirement import read_requirement
from nodes.sandbox_config import SandboxConfig
from nodes.select_code import run_candidate, selection_probes
from nodes.written_file import finished
from state.artifacts import CodeFile, code_from_reply
from state.candidates import Candidate, Origin
from state.schema import SopState
from state.settings import RunSettings

Row = dict[str, Any]
DIRECT_VARIANT = "bench-direct"
"""The ``benchmarks.candidate_prompts`` variant that is the benchmarks' direct call."""


def direct_answers(path: Path) -> dict[str, str]:
    """Task id -> the direct call's reply text, from ``candidate_prompts`` rows."""
    rows = [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
    return {r["task_id"]: r["answer"] for r in rows if r.get("variant") == DIRECT_VARIANT}


def run_state(task: Task, row: Row) -> SopState:
    """The state ``select_code`` saw, rebuilt: the requirement the benchmark gave the graph,
    what ``read_requirement`` reads from it, QA's suite as the row recorded it, the SOP's file."""
    sop = next((c.get("code") or "" for c in row["candidates"] if c["index"] == 0), "")
    state = {
        "requirement": requirement_of(task),
        "settings": RunSettings(scope="function"),
        "code": {SOLUTION_FILE: CodeFile(path=SOLUTION_FILE, content=sop)},
        "tests": {p: CodeFile(path=p, content=c) for p, c in (row.get("agent_tests") or {}).items()},
    }
    return cast(SopState, state | read_requirement(cast(SopState, state)))


def written(state: SopState, reply: str) -> tuple[str, str | None]:
    """The candidate file the graph makes of a reply, and what its static check says."""
    content, _ = finished(state, SOLUTION_FILE, code_from_reply(reply).content, {})
    return content, static_problem(content, SOLUTION_FILE, "function")


def replayed_candidate(task: Task, state: SopState, content: str, origin: Origin) -> Row:
    """Candidate 1 of the row, as the row records candidates, from a sandbox run of ``content``."""
    candidate = Candidate(index=1, origin=origin, path=SOLUTION_FILE, content=content)
    run = run_candidate(state, candidate, selection_probes(state), SandboxConfig())
    return (
        {"index": 1, "origin": origin, "seed": 1}
        | run_record(run)
        | {
            "hidden_passed": bool(content) and score(task, solution_module(task, content))[0],
            "code": content,
        }
    )


def substituted(rows: Iterable[Row], bench: str, answers: dict[str, str]) -> tuple[list[Row], dict[str, Any]]:
    """The rows with candidate 1 replaced by the direct answer (rows without one dropped),
    and what could not be replayed."""
    tasks = {t.task_id: t for t in load(bench)}
    out, missing, reasked = [], [], []
    for row in rows:
        reply = answers.get(row["task_id"])
        if reply is None:
            missing.append(row["task_id"])
            continue
        task = tasks[row["task_id"]]
        state = run_state(task, row)
        content, problem = written(state, reply)
        if problem is not None:
            reasked.append(row["task_id"])
        new = replayed_candidate(task, state, content, "direct")
        others = [c for c in row["candidates"] if c["index"] != 1]
        out.append(row | {"candidates": sorted([*others, new], key=lambda c: c["index"])})
    return out, {"without_a_direct_answer": missing, "would_have_been_re_asked": reasked}


def checked(rows: Iterable[Row], bench: str) -> dict[str, Any]:
    """The recorded candidate 1 run again through the replay: per field, on how many rows
    the replay agrees with what the live run recorded."""
    tasks = {t.task_id: t for t in load(bench)}
    fields = ("trusted_passed", "derived_passed", "crashed", "observed", "hidden_passed")
    agree = dict.fromkeys(fields, 0)
    differ: dict[str, list[str]] = {f: [] for f in fields}
    n = 0
    for row in rows:
        recorded = next((c for c in row["candidates"] if c["index"] == 1), None)
        if recorded is None:
            continue
        n += 1
        task = tasks[row["task_id"]]
        again = replayed_candidate(task, run_state(task, row), recorded.get("code") or "", recorded["origin"])
        for field in fields:
            same = (
                bool(recorded.get(field)) == bool(again[field])
                if field == "crashed"
                else (recorded.get(field) == again[field])
            )
            agree[field] += same
            if not same:
                differ[field].append(row["task_id"])
    return {"rows": n, "agree": agree, "differ": differ}
