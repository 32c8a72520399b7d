"""``sopgraph run``, ``resume`` and ``branch``: drive the graph (the progress they show while
it runs is ``graph/cli_progress.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, cast

import typer
from pydantic import ValidationError
from rich.markup import escape

from checkpoints.locks import thread_lock
from graph.api import RunRequestError, SopRunner, plan_resume
from graph.branching import check_branch
from graph.cli_common import (
    DEFAULT_WORKSPACE,
    FAILED,
    StoreOpt,
    WorkspaceOpt,
    app,
    fail,
    open_store,
    out,
    split_choices,
)
from graph.cli_progress import progress
from nodes.context import Context, model_from_spec
from nodes.models.adaptive import StructuredMethodError, explicit_method
from nodes.models.failures import ModelUnavailable
from state.render import cost_line
from state.review import ReviewDecision
from state.settings import ALL_GATES, ALL_ROLES, RunSettings


def _context(settings: RunSettings, workspace: Path) -> Context:
    """Load every model the run names now, so a missing model is one line, not a traceback."""
    try:
        for spec in {settings.model, *settings.role_models.values()}:
            model_from_spec(spec, settings.temperature, settings.seed)
    except (ValueError, RuntimeError, FileNotFoundError, ImportError) as error:
        fail(str(error))
    return Context(workspace=workspace)


def _settled(runner: SopRunner, settings: RunSettings) -> RunSettings:
    """The settings with each remote model's structured-output method settled, one line per
    endpoint printed; a server that cannot be used at all is one ``error:`` line (exit 2,
    nothing written: the probe runs before the run's first checkpoint)."""
    _tell_methods(runner)
    try:
        return runner.settle(settings)
    except ModelUnavailable as error:
        fail(error.message)


def _tell_methods(runner: SopRunner) -> None:
    """Print the structured-output method of each remote endpoint when it is settled."""
    runner.on_notice = lambda line: out.print(f"[dim]{escape(line)}[/]", highlight=False)


def _role_models(pairs: list[str] | None) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for pair in pairs or []:
        role, sep, spec = pair.partition("=")
        if not sep or not spec.strip():
            fail(f"--role-model takes ROLE=SPEC, got {pair!r}")
        parsed[role.strip()] = spec.strip()
    return parsed


def engine_line(model: Any) -> str | None:
    """For the embedded model: how much of the prompts the engine really read (prefix
    reuse, nodes/models/prefix.py) and where its time went; ``None`` for other models."""
    if getattr(model, "_llm_type", None) != "sopgraph-llama-cpp":
        return None
    totals = model.engine.totals
    if not totals.calls:
        return None
    share = totals.prompt_tokens_evaluated / max(1, totals.prompt_tokens)
    return (
        f"local engine: {totals.calls} calls; read {totals.prompt_tokens_evaluated:,} of "
        f"{totals.prompt_tokens:,} prompt tokens sent ({share:.0%}); {totals.prompt_seconds:.0f} s "
        f"reading prompts, {totals.generation_seconds:.0f} s writing {totals.completion_tokens:,} tokens"
    )


def _report(outcome: Any, workspace: Path, model: Any = None) -> None:
    values = outcome.values
    line = engine_line(model)
    if line is not None:
        out.print(f"[dim]{escape(line)}[/]", highlight=False)
    thread = escape(outcome.thread_id)
    if outcome.review is not None:
        gate = outcome.review["gate"]
        out.print(
            f"\n[bold yellow]paused for review of the {escape(gate)}[/] (thread {thread}). "
            f"See it: sopgraph show {thread} {escape(gate)}\n"
            f"Answer: sopgraph resume {thread} --approve | --feedback TEXT | --edit FILE",
            highlight=False,
        )
        return
    out.print(f"\n[bold]status:[/] {escape(outcome.status)}   [bold]thread:[/] {thread}", highlight=False)
    out.print(escape(cost_line(values.get("usage") or {}, values["settings"].budget_usd)), highlight=False)
    if values.get("prd") is not None and outcome.status in ("succeeded", "failed_tests"):
        project = workspace / values["prd"].project_name
        out.print(f"project written to {escape(str(project))}", highlight=False)
    if outcome.status == "failed_budget":
        out.print(
            f"continue with: sopgraph resume {thread} {escape('[--budget-usd X | --budget-tokens N]')}",
            highlight=False,
        )
    elif outcome.status == "failed_error":  # e.g. the model server went away: fix it, go on
        out.print(f"continue with: sopgraph resume {thread}", highlight=False)
    if outcome.status != "succeeded":
        raise typer.Exit(FAILED)  # the run's own lines said why; no extra "error:" line


@app.command()
def run(
    requirement: Annotated[
        str | None, typer.Argument(help="What to build, in one sentence; '-' reads it from stdin.")
    ] = None,
    requirement_file: Annotated[
        Path | None,
        typer.Option(
            "--requirement-file", help="Read the requirement from FILE ('-': stdin); no 128 KiB argv limit."
        ),
    ] = None,
    model: Annotated[
        str | None,
        typer.Option(envvar="SOPGRAPH_MODEL", help="local | local:0.5b | local:/x.gguf | provider:model"),
    ] = None,
    review: Annotated[str | None, typer.Option(help="Review gates: prd,design,tasks,code")] = None,
    roles: Annotated[
        str | None, typer.Option(help="Roles switched on (default all): " + ",".join(ALL_ROLES))
    ] = None,
    max_retries: Annotated[int, typer.Option(min=0, max=20)] = 3,
    budget_tokens: Annotated[int | None, typer.Option(min=1)] = None,
    budget_usd: Annotated[float | None, typer.Option(min=0.0)] = None,
    role_model: Annotated[
        list[str] | None, typer.Option(help="Per-role model, ROLE=SPEC (repeatable).")
    ] = None,
    seed: int = 0,
    temperature: float = 0.0,
    parallel_files: Annotated[
        bool, typer.Option(help="Write a project's independent files together (else one per step).")
    ] = True,
    engine_replicas: Annotated[
        int, typer.Option(min=1, max=4, help="Embedded model: engine copies a wave of files is spread over.")
    ] = 1,
    candidates: Annotated[
        int, typer.Option(min=1, max=8, help="One-file runs: versions execution chooses from.")
    ] = RunSettings.model_fields["candidates"].default,
    fix_on: Annotated[
        str, typer.Option(help="What drives a fix: trusted (the requirement's examples, crashes) | any.")
    ] = "trusted",
    structured_method: Annotated[
        str | None,
        typer.Option(
            help="How remote models are asked for JSON (default: probed per endpoint, recorded for "
            "resumes): json_schema | json_object_schema | function_calling | json_mode | prompt | default."
        ),
    ] = None,
    thread: Annotated[str | None, typer.Option(help="Thread id (default: a new one).")] = None,
    from_folder: Annotated[
        Path | None,
        typer.Option("--from", help="Change the Python project in this folder (read only) instead."),
    ] = None,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    checkpoints: StoreOpt = None,
) -> None:
    """Run the SOP on a requirement, end to end (or until a review gate)."""
    requirement = _requirement(requirement, requirement_file)
    if not requirement.strip():
        fail("the requirement is empty: say what to build, e.g. 'Make a 2048 game'")
    gates = split_choices(review, ALL_GATES, "review gate")
    chosen_roles = split_choices(roles, ALL_ROLES, "role") or ALL_ROLES
    try:
        settings = RunSettings.model_validate(
            {
                "model": model or "local",
                "roles": chosen_roles,
                "review_gates": gates,
                "max_retries": max_retries,
                "budget_tokens": budget_tokens,
                "budget_usd": budget_usd,
                "role_models": _role_models(role_model),
                "seed": seed,
                "temperature": temperature,
                "parallel_files": parallel_files,
                "engine_replicas": engine_replicas,
                "candidates": candidates,
                "fix_on": fix_on,
            }
        )
    except ValidationError as error:
        fail(str(error.errors()[0]["msg"]).removeprefix("Value error, "))
    try:
        method = explicit_method(structured_method)
    except StructuredMethodError as error:
        fail(str(error))
    if from_folder is not None:
        from graph.cli_change import run_from_folder  # it imports this module's helpers

        run_from_folder(from_folder, requirement, settings, method, thread, workspace, checkpoints)
        return
    with open_store(workspace, checkpoints) as saver:
        runner = SopRunner(saver)
        if thread and runner.checkpointer.get_tuple(runner.config(thread)) is not None:
            fail(f"thread id '{thread}' is taken: resume it or pick another")
        runner.context = _context(settings, workspace)
        runner.structured_method = method
        _tell_methods(runner)
        try:  # start() probes each remote endpoint before the run's first checkpoint
            outcome = runner.start(
                requirement, settings, thread_id=thread, on_update=progress(settings, runner)
            )
        except RunRequestError as error:
            fail(str(error))
        except ModelUnavailable as error:  # nothing was written: run the same command again
            fail(error.message)
        _report(outcome, workspace, model_from_spec(settings.model, settings.temperature, settings.seed))


@app.command()
def resume(
    thread: str,
    approve: Annotated[bool, typer.Option("--approve", help="Approve the artifact under review.")] = False,
    feedback: Annotated[str | None, typer.Option(help="Send the artifact back with this feedback.")] = None,
    edit: Annotated[Path | None, typer.Option(help="Replace the artifact with this JSON file.")] = None,
    budget_tokens: Annotated[int | None, typer.Option(min=1)] = None,
    budget_usd: Annotated[float | None, typer.Option(min=0.0)] = None,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    checkpoints: StoreOpt = None,
) -> None:
    """Continue a run: answer its review, or carry on after a kill or a spent budget."""
    if sum([approve, feedback is not None, edit is not None]) > 1:
        fail("give at most one of --approve, --feedback, --edit")
    decision = _decision(approve, feedback, edit)
    with open_store(workspace, checkpoints) as saver, thread_lock(saver, thread):  # plan and run as one
        runner = SopRunner(saver)
        try:
            snapshot = runner.snapshot(thread)
            settings = snapshot.values["settings"]
            if budget_tokens is not None or budget_usd is not None:
                settings = settings.model_copy(
                    update={
                        "budget_tokens": budget_tokens or settings.budget_tokens,
                        "budget_usd": budget_usd or settings.budget_usd,
                    }
                )
            payload = plan_resume(
                snapshot,
                thread,
                decision=decision,
                settings=settings if settings != snapshot.values["settings"] else None,
            )
        except RunRequestError as error:
            fail(str(error))
        runner.context = _context(settings, workspace)
        settled = _settled(runner, settings)  # recorded: no probe; an old run: probed once
        if settled != settings:
            settings = settled
            payload = plan_resume(snapshot, thread, decision=decision, settings=settings)
        _report(
            runner.drive(thread, payload, progress(settings, runner, snapshot.values.get("usage"))),
            workspace,
            model_from_spec(settings.model, settings.temperature, settings.seed),
        )


@app.command()
def branch(
    thread: str,
    add_roles: Annotated[str, typer.Option(help="Roles to switch on, e.g. qa_engineer.")],
    max_retries: Annotated[int | None, typer.Option(min=0, max=20)] = None,
    new_thread: Annotated[str | None, typer.Option(help="Id of the new run (default: a new one).")] = None,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    checkpoints: StoreOpt = None,
) -> None:
    """A new run from a finished one, with roles added: only the added roles are paid for."""
    added = split_choices(add_roles, ALL_ROLES, "role")
    with open_store(workspace, checkpoints) as saver:
        runner = SopRunner(saver)
        try:
            runner.snapshot(thread)  # "no run with thread id ..." before anything else
            point = runner.branch_point(thread)
            before: RunSettings = point.values["settings"]
            update: dict[str, Any] = {"roles": tuple(r for r in ALL_ROLES if before.has(r) or r in added)}
            if max_retries is not None:
                update["max_retries"] = max_retries
            settings = RunSettings.model_validate(before.model_dump() | update)
            check_branch(point, settings, thread)  # refused before the model is loaded
        except RunRequestError as error:
            fail(str(error))
        runner.context = _context(settings, workspace)
        settings = _settled(runner, settings)
        try:
            outcome = runner.branch(
                runner,
                thread,
                settings,
                point=point,
                thread_id=new_thread,
                on_update=progress(settings, runner, point.values.get("usage")),
            )
        except RunRequestError as error:
            fail(str(error))
        _report(outcome, workspace, model_from_spec(settings.model, settings.temperature, settings.seed))


def _requirement(text: str | None, file: Path | None) -> str:
    """The requirement from the argument, ``--requirement-file FILE`` or stdin (``-``).

    A file or stdin is there because one argument cannot exceed 128 KiB on Linux
    (``MAX_ARG_STRLEN``): a long specification could not be given at all."""
    if (text is None) == (file is None):
        fail("give the requirement as an argument, '-' for stdin, or --requirement-file FILE (one of them)")
    if file is None and text != "-":
        return cast(str, text)
    source = "stdin" if file is None or str(file) == "-" else str(file)
    try:
        if source == "stdin":
            return sys.stdin.buffer.read().decode("utf-8")
        return cast(Path, file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        fail(f"cannot read the requirement from {source}: {error}")


def _decision(approve: bool, feedback: str | None, edit: Path | None) -> ReviewDecision | None:
    if approve:
        return ReviewDecision(action="approve")
    if feedback is not None:
        if not feedback.strip():
            fail("--feedback needs some text")
        return ReviewDecision(action="feedback", text=feedback)
    if edit is not None:
        try:
            artifact = json.loads(edit.read_text(encoding="utf-8"))
        except (OSError, ValueError) as error:
            fail(f"cannot read the edited artifact {edit}: {error}")
        if not isinstance(artifact, dict):
            fail(f"the edited artifact in {edit} must be a JSON object")
        return ReviewDecision(action="edit", artifact=artifact)
    return None
