"""``sopgraph change`` and ``sopgraph run --from DIR``: change an existing project.

Every refusal is one line and exit 2 before anything is written: an empty requirement and a
folder that is no Python project before the store is even opened (so a fresh workspace
stays empty, and so does a folder too large for the model's prompts), a run that has not
finished before the model is loaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from graph.api import RunRequestError, SopRunner
from graph.changes import check_changeable
from graph.cli_common import DEFAULT_WORKSPACE, StoreOpt, WorkspaceOpt, app, fail, open_store, out
from graph.cli_progress import progress
from graph.cli_run import _context, _report, _requirement, _settled, _tell_methods
from graph.project_folder import check_fits, read_project
from nodes.context import model_from_spec
from nodes.models.failures import ModelUnavailable
from nodes.prompt_budget import prompt_char_budget
from state.settings import RunSettings, StructuredMethod

EMPTY = "the requirement is empty: say what to change, e.g. 'Add a subtract command'"


@app.command()
def change(
    thread: str,
    requirement: Annotated[
        str | None, typer.Argument(help="What to change, in one sentence; '-' reads it from stdin.")
    ] = None,
    requirement_file: Annotated[
        Path | None, typer.Option("--requirement-file", help="Read the requirement from FILE ('-': stdin).")
    ] = None,
    new_thread: Annotated[str | None, typer.Option(help="Id of the new run (default: a new one).")] = None,
    max_retries: Annotated[int | None, typer.Option(min=0, max=20, help="Default: the run's own.")] = None,
    budget_tokens: Annotated[int | None, typer.Option(min=1, help="For the change alone.")] = None,
    budget_usd: Annotated[float | None, typer.Option(min=0.0, help="For the change alone.")] = None,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    checkpoints: StoreOpt = None,
) -> None:
    """Change a finished run: a new run forked from its end works on the delta only (the
    run's settings carry over; a budget given here counts the change's spend alone)."""
    text = _requirement(requirement, requirement_file)
    if not text.strip():
        fail(EMPTY)
    with open_store(workspace, checkpoints) as saver:
        runner = SopRunner(saver)
        try:
            snapshot = runner.snapshot(thread)
            check_changeable(snapshot, thread)
        except RunRequestError as error:
            fail(str(error))
        limits = {"max_retries": max_retries, "budget_tokens": budget_tokens, "budget_usd": budget_usd}
        settings = RunSettings.model_validate(
            snapshot.values["settings"].model_dump() | {k: v for k, v in limits.items() if v is not None}
        )
        status = snapshot.values.get("status")
        trusted = (
            "only its tests that passed are trusted" if status == "failed_tests" else "its old tests stay"
        )
        out.print(
            f"changing run {escape(thread)}, which ended {escape(str(status))}, in a new run "
            f"({trusted}; its own history is left as it is)",
            highlight=False,
        )
        runner.context = _context(settings, workspace)
        settings = _settled(runner, settings)
        try:
            outcome = runner.change(
                thread, text, settings=settings, thread_id=new_thread, on_update=progress(settings, runner)
            )
        except RunRequestError as error:
            fail(str(error))
        except ModelUnavailable as error:
            fail(error.message)
        _report(outcome, workspace, model_from_spec(settings.model, settings.temperature, settings.seed))


def run_from_folder(
    folder: Path,
    requirement: str,
    settings: RunSettings,
    method: StructuredMethod | None,
    thread: str | None,
    workspace: Path,
    checkpoints: str | None,
) -> None:
    """``sopgraph run --from DIR``: the folder is read (never written), then changed."""
    try:  # refused before the store is opened: a fresh workspace stays empty
        project = read_project(folder)
    except RunRequestError as error:
        fail(str(error))
    context = _context(settings, workspace)
    try:
        check_fits(project, prompt_char_budget(context.model_for("engineer", settings)))
    except RunRequestError as error:
        fail(str(error))
    with open_store(workspace, checkpoints) as saver:
        runner = SopRunner(saver)
        if thread and runner.checkpointer.get_tuple(runner.config(thread)) is not None:
            fail(f"thread id '{thread}' is taken: resume it or pick another")
        runner.context = context
        runner.structured_method = method
        _tell_methods(runner)
        try:
            outcome = runner.change_folder(
                project.root,
                requirement,
                settings=settings,
                thread_id=thread,
                on_update=progress(settings, runner),
            )
        except RunRequestError as error:
            fail(str(error))
        except ModelUnavailable as error:
            fail(error.message)
        _report(outcome, workspace, model_from_spec(settings.model, settings.temperature, settings.seed))
