"""The live progress of a run on the terminal, for ``run``, ``resume``, ``branch`` and
``change``: each publication as it lands, the running cost after each model role, and what
each node starts doing (which role, which file) with the speed measured so far and what one
answer takes at it.

It is its own module because every command that drives the graph shows the same display
(``graph/cli_run.py``, ``graph/cli_change.py``): the commands only pass ``progress(...)`` as
the run's ``on_update``, and what is shown, and how, is read and changed here alone.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, cast

from rich.markup import escape

from graph.api import OnUpdate, SopRunner
from graph.cli_common import err, out
from nodes.engineer import parallel_round
from state.reducers import update_queue
from state.render import cost_line
from state.schema import SopState
from state.settings import RunSettings
from state.usage import total_usage

AT_WORK = {
    "product_manager": "writing the PRD",
    "architect": "writing the system design",
    "project_manager": "planning the tasks",
    "engineer": "writing {file}",
    "write_file": "writing {file}",
    "write_candidate": "writing a candidate from the requirement alone",
    "qa_engineer": "writing tests",
    "run_tests": "running the tests in the sandbox",
    "select_code": "running every candidate's tests",
    "debug_fix": "fixing the code",
    "keep_better_code": "comparing the code before and after the fixes",
}
TYPICAL_ANSWER_TOKENS = 400
"""For the time estimate: a document or a file of a small project is 200-600 tokens
(README's measured run: 4,355 completion tokens in 13 calls)."""


def _started(spent: dict[str, Any], queue: list[str]) -> Callable[[str, Any], None]:
    """Print what starts now, with the speed measured so far and what one answer takes at it.

    A parallel round's Engineer node only plans and closes the round: its ``write_file``
    tasks say which file each writes (their input names it)."""

    def show(node: str, given: Any) -> None:
        what = AT_WORK.get(node)
        state = given if isinstance(given, dict) else {}
        planning = node == "engineer" and "settings" in state and parallel_round(cast(SopState, state))
        if what is None or planning:
            return
        file = state.get("path") if node == "write_file" else None
        what = what.format(file=file or (queue[0] if queue else "the next file"))
        total = total_usage(spent)
        line = f"[dim]{'…':>15} {escape(what)}"
        if total.completion_tokens and total.seconds:
            rate = total.completion_tokens / total.seconds
            line += (
                f" (so far {total.completion_tokens:,} tokens written in {total.seconds:.0f} s; "
                f"an answer of ~{TYPICAL_ANSWER_TOKENS} tokens takes ~{TYPICAL_ANSWER_TOKENS / rate:.0f} s)"
            )
        out.print(line + "[/]", highlight=False)

    return show


def progress(
    settings: RunSettings, runner: SopRunner | None = None, spent_before: Mapping[str, Any] | None = None
) -> OnUpdate:
    """Print each publication as it lands, and the running cost line after each model role;
    with ``runner``, also what each node starts doing (``SopRunner.on_start``).

    ``spent_before``: the run's usage so far (a resume, a branch), so the running cost
    and the measured speed go on from what was already paid instead of restarting at 0."""
    spent: dict[str, Any] = dict(spent_before or {})
    queue: list[str] = []
    if runner is not None:
        runner.on_start = _started(spent, queue)

    def show(node: str, update: dict[str, Any]) -> None:
        if update.get("tasks") is not None:
            queue[:] = [path for path in update["tasks"].task_list if path.endswith(".py")]
        if "engineer_queue" in update:  # a list, or the path a parallel writer finished
            queue[:] = update_queue(list(queue), update["engineer_queue"]) or []
        for message in update.get("messages") or []:
            out.print(
                f"[bold cyan]{escape(message.role):>15}[/] {escape(message.action):<14} "
                f"{escape(message.summary)}",
                highlight=False,
            )
        for role, usage in (update.get("usage") or {}).items():
            spent[role] = spent[role] + usage if role in spent else usage
        if update.get("usage") and any(u.calls for u in update["usage"].values()):
            out.print(f"[dim]{escape(cost_line(spent, settings.budget_usd))}[/]", highlight=False)
        if update.get("failure"):
            err.print(f"[bold red]stopped:[/] {escape(update['failure'].message)}", highlight=False)

    return show
