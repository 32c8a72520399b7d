"""The three ways a task is solved, on the same model: ``direct``, ``sop``, ``sop+feedback``.

* ``direct``: one model call with the task's prompt; the fenced code of the answer is the
  solution.
* ``sop``: the Architect designs, the Engineer writes (and reviews) ``solution.py``; no test
  loop. The requirement carries the task's prompt and names the file; the Product and
  Project Managers are left out because a one-function task has no product to plan and one
  file to order (the graph's own role ablation, ``RunSettings.roles``; nothing was added to
  the graph for the benchmark). The run's ``scope`` is ``"function"``: every role gets its
  function-level prompt, as the paper did for these benchmarks.
* ``sop+feedback``: the same plus the QA Engineer and the executable test-and-fix loop
  (``max_retries`` rounds). The loop runs the tests QA wrote, never the hidden ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from benchmarks.datasets import Task
from benchmarks.scoring import SOLUTION_FILE, extract_code, pick_solution, solution_module
from benchmarks.sop_branches import RUN_THREAD, SopSource, fresh_file
from checkpoints.savers import open_saver
from graph.api import RunOutcome, RunRequestError, SopRunner
from nodes.context import Context
from nodes.prompt_layout import ALONE_SYSTEM
from state.candidates import CandidateRun
from state.settings import Role, RunSettings
from state.usage import total_usage

MODES = ("direct", "sop", "sop+feedback")

SOP_ROLES: dict[str, tuple[Role, ...]] = {
    "sop": ("architect", "engineer"),
    "sop+feedback": ("architect", "engineer", "qa_engineer"),
}

DIRECT_SYSTEM = ALONE_SYSTEM  # the direct candidate of the graph answers under the same words
DIRECT_PROMPT = """\
Complete the following Python function. Answer with the whole function, with the imports it
needs, in one ```python code block.

```python
{prompt}```
"""

REQUIREMENT = """\
Write the Python function `{entry}` specified below in the single file `{file}`. Keep its exact
name and signature and make it pass the examples of its docstring; no input(), no printing.
```python
{prompt}```
"""


def requirement_of(task: Task) -> str:
    """The requirement the SOP modes give the graph for this task."""
    return REQUIREMENT.format(entry=task.entry_point, file=SOLUTION_FILE, prompt=task.prompt)


@dataclass
class Attempt:
    """What one solve produced and cost."""

    module: str | None
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    seconds: float = 0.0
    status: str = "done"
    details: dict[str, Any] = field(default_factory=dict)


def solve_direct(task: Task, model: BaseChatModel) -> Attempt:
    started = perf_counter()
    reply = model.invoke(
        [SystemMessage(DIRECT_SYSTEM), HumanMessage(DIRECT_PROMPT.format(prompt=task.prompt))]
    )
    usage: dict[str, Any] = dict(getattr(reply, "usage_metadata", None) or {})
    return Attempt(
        module=solution_module(task, extract_code(str(reply.content))),
        prompt_tokens=int(usage.get("input_tokens", 0)),
        completion_tokens=int(usage.get("output_tokens", 0)),
        calls=1,
        seconds=perf_counter() - started,
    )


def sop_settings(mode: str, spec: str, max_retries: int, candidates: int) -> RunSettings:
    """The settings every task of a function-level ``mode`` run shares."""
    return RunSettings(
        model=spec,
        roles=SOP_ROLES[mode],
        scope="function",
        max_retries=max_retries if mode == "sop+feedback" else 0,
        candidates=candidates,
    )


def solve_sop(
    task: Task,
    model: BaseChatModel,
    mode: str,
    spec: str,
    max_retries: int,
    *,
    keep: Path | None = None,
    source: SopSource | None = None,
    candidates: int = 1,
) -> Attempt:
    """One whole SOP run; the solution is picked from its files.

    ``keep``: a SQLite file to run in, kept for ``sop+feedback`` to continue. ``source``: a
    kept ``sop`` run of this task to continue instead of starting over (see
    ``benchmarks.sop_branches``); a source that cannot be continued is ignored.
    """
    settings = sop_settings(mode, spec, max_retries, candidates)
    requirement = requirement_of(task)
    started = perf_counter()
    store = f"sqlite:///{fresh_file(keep)}" if keep is not None else "memory"
    with open_saver(store) as saver:
        runner = SopRunner(saver, Context(model=model))
        outcome = continued(runner, source, settings) if source is not None else None
        carried = source.seconds if outcome is not None and source is not None else 0.0
        if outcome is None:
            outcome = runner.start(requirement, settings, thread_id=RUN_THREAD)
    seconds = perf_counter() - started + carried
    values = outcome.values
    spent = total_usage(values.get("usage") or {})
    files = {path: f.content for path, f in (values.get("code") or {}).items()}
    code = pick_solution(task, files)
    failure = values.get("failure")
    details: dict[str, Any] = (
        {
            "files": sorted(files),
            "code": files,
            "fix_rounds": values.get("retries", 0),
            "test_runs": len(values.get("test_reports") or []),
            "failure": failure.message[:300] if failure is not None else None,
        }
        | agent_tests(values)
        | candidate_record(values)
    )
    if source is not None:
        details |= {"continued_sop_run": bool(carried), "sop_seconds": carried}
    return Attempt(
        module=solution_module(task, code) if code is not None else None,
        prompt_tokens=spent.prompt_tokens,
        completion_tokens=spent.completion_tokens,
        calls=spent.calls,
        seconds=seconds,
        status=outcome.status,
        details=details,
    )


def candidate_record(values: dict[str, Any]) -> dict[str, Any]:
    """Every candidate, its origin and its test results in the run: for offline replays of
    other selection rules (``benchmarks.selection_replay``); hidden results are added by
    ``codegen.run_one``."""
    selection = values.get("selection")
    if selection is None:
        return {}
    shipped = {run.index: run for run in selection.runs}
    found = sorted((values.get("candidates") or {}).values(), key=lambda c: c.index)
    rows = [{"index": c.index, "origin": c.origin, "seed": c.seed, "content": c.content} for c in found]
    for row in rows:
        run = shipped.get(row["index"])
        if run is not None:
            row |= run_record(run)
    return {"selection_rule": selection.rule, "chosen": selection.chosen, "candidates": rows}


def run_record(run: CandidateRun) -> dict[str, Any]:
    """A candidate's column of the result matrix as a row records it."""
    return {
        "trusted_passed": len(run.trusted_passed),
        "trusted_total": len(run.trusted_passed) + len(run.trusted_failed),
        "derived_passed": run.derived_passed,
        "derived_failed": run.derived_failed,
        "crashed": run.crashed,
        "observed": run.observed,
    }


def agent_tests(values: dict[str, Any]) -> dict[str, Any]:
    """QA's own tests and how the last run of them went: why a loop ended red or green."""
    reports = values.get("test_reports") or []
    if not reports:
        return {}
    last = reports[-1]
    tests = {path: f.content for path, f in (values.get("tests") or {}).items()}
    outcome = f"{last.passed} passed, {last.failed} failed, {last.errors} errors"
    if last.limit_hit:
        outcome += f", limit hit: {last.limit_hit}"
    return {"agent_tests": tests, "agent_tests_last_run": outcome}


def continued(runner: SopRunner, source: SopSource, settings: RunSettings) -> RunOutcome | None:
    """The kept ``sop`` run carried on with ``settings``' roles, or ``None`` if it cannot be.

    It cannot when the kept run's settings differ in anything but the roles and the fix
    rounds (then its calls are not this mode's), or when the graph refuses the branch (the
    run stopped before the Engineer finished, or never reached ``finalize``).
    """
    with open_saver(f"sqlite:///{source.path}") as kept:
        origin = SopRunner(kept)
        try:
            before: RunSettings = origin.snapshot(RUN_THREAD).values["settings"]
            same_but_roles = {"roles": settings.roles, "max_retries": settings.max_retries}
            if before.model_copy(update=same_but_roles) != settings:
                return None
            return runner.branch(origin, RUN_THREAD, settings, thread_id=RUN_THREAD)
        except RunRequestError:
            return None


def solve(
    task: Task,
    model: BaseChatModel,
    mode: str,
    spec: str,
    max_retries: int = 3,
    *,
    keep: Path | None = None,
    source: SopSource | None = None,
    candidates: int = 1,
) -> Attempt:
    if mode == "direct":
        return solve_direct(task, model)
    if mode in SOP_ROLES:
        return solve_sop(
            task, model, mode, spec, max_retries, keep=keep, source=source, candidates=candidates
        )
    raise ValueError(f"unknown mode {mode!r}: one of {', '.join(MODES)}")
