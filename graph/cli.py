"""``sopgraph``: run, review, resume, inspect and draw the SOP graph from a shell.

Every refusal is one line on stderr and exit status 2, checked before anything is
written: the checkpoint store looks the same after a refused command as before it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from langgraph.checkpoint.base import BaseCheckpointSaver
from pydantic import ValidationError
from rich.console import Console
from rich.table import Table

from checkpoints.runs import delete_run, list_runs, prune_runs, run_history
from checkpoints.savers import default_saver_url, open_saver
from graph.api import OnUpdate, RunRequestError, SopRunner, plan_resume
from graph.builder import build_graph
from graph.drawing import mermaid_text, render_image
from nodes.context import Context, model_from_spec
from nodes.workspace import write_workspace
from state.render import cost_line
from state.review import ReviewDecision
from state.settings import ALL_GATES, ALL_ROLES, RunSettings

app = typer.Typer(help="MetaGPT's software-company SOP as a LangGraph state machine.", no_args_is_help=True)
out = Console()
err = Console(stderr=True)

WorkspaceOpt = Annotated[
    Path,
    typer.Option("--workspace", "-w", help="Folder for projects and the default checkpoint DB."),
]
StoreOpt = Annotated[
    str | None, typer.Option("--checkpoints", help="memory | sqlite:///file.db | postgresql://...")
]
DEFAULT_WORKSPACE = Path("workspace")


def fail(message: str) -> NoReturn:
    """One clear line, non-zero exit."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(2)


def _split(value: str | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in (value or "").split(",") if v.strip())
    unknown = [v for v in items if v not in allowed]
    if unknown:
        fail(f"unknown {what} {', '.join(map(repr, unknown))}: choose from {', '.join(allowed)}")
    return items


@contextmanager
def _store(workspace: Path, url: str | None) -> Iterator[BaseCheckpointSaver[Any]]:
    try:
        with open_saver(url or default_saver_url(workspace)) as saver:
            yield saver
    except (ValueError, RuntimeError) as error:
        fail(str(error))


def _context(settings: RunSettings, workspace: Path) -> Context:
    """Load every model the run names now, so a missing model is one line, not a traceback."""
    try:
        for spec in {settings.model, *settings.role_models.values()}:
            model_from_spec(spec, settings.temperature, settings.seed)
    except (ValueError, RuntimeError, FileNotFoundError, ImportError) as error:
        fail(str(error))
    return Context(workspace=workspace)


def _role_models(pairs: list[str] | None) -> dict[str, str]:
    parsed: dict[str, str] = {}
    for pair in pairs or []:
        role, sep, spec = pair.partition("=")
        if not sep or not spec.strip():
            fail(f"--role-model takes ROLE=SPEC, got {pair!r}")
        parsed[role.strip()] = spec.strip()
    return parsed


def _progress(settings: RunSettings) -> OnUpdate:
    """Print each publication as it lands, and the running cost line after each model role."""
    spent: dict[str, Any] = {}

    def show(node: str, update: dict[str, Any]) -> None:
        for message in update.get("messages") or []:
            out.print(
                f"[bold cyan]{message.role:>15}[/] {message.action:<14} {message.summary}",
                highlight=False,
            )
        for role, usage in (update.get("usage") or {}).items():
            spent[role] = spent[role] + usage if role in spent else usage
        if update.get("usage") and any(u.calls for u in update["usage"].values()):
            out.print(f"[dim]{cost_line(spent, settings.budget_usd)}[/]", highlight=False)
        if update.get("failure"):
            err.print(f"[bold red]stopped:[/] {update['failure'].message}", highlight=False)

    return show


def _report(outcome: Any, workspace: Path) -> None:
    values = outcome.values
    if outcome.review is not None:
        gate = outcome.review["gate"]
        out.print(
            f"\n[bold yellow]paused for review of the {gate}[/] (thread {outcome.thread_id}). "
            f"See it: sopgraph show {outcome.thread_id} {gate}\n"
            f"Answer: sopgraph resume {outcome.thread_id} --approve | --feedback TEXT | --edit FILE"
        )
        return
    out.print(f"\n[bold]status:[/] {outcome.status}   [bold]thread:[/] {outcome.thread_id}")
    out.print(cost_line(values.get("usage") or {}, values["settings"].budget_usd), highlight=False)
    if values.get("prd") is not None and outcome.status in ("succeeded", "failed_tests"):
        out.print(f"project written to {workspace / values['prd'].project_name}")
    if outcome.status in ("failed_budget", "failed_error"):
        out.print(f"continue with: sopgraph resume {outcome.thread_id} [--budget-usd X | --budget-tokens N]")
    if outcome.status != "succeeded":
        raise typer.Exit(1)


@app.command()
def run(
    requirement: Annotated[str, typer.Argument(help="What to build, in one sentence.")],
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
    thread: Annotated[str | None, typer.Option(help="Thread id (default: a new one).")] = None,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    checkpoints: StoreOpt = None,
) -> None:
    """Run the SOP on a requirement, end to end (or until a review gate)."""
    if not requirement.strip():
        fail("the requirement is empty: say what to build, e.g. 'Make a 2048 game'")
    gates = _split(review, ALL_GATES, "review gate")
    chosen_roles = _split(roles, ALL_ROLES, "role") or ALL_ROLES
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
            }
        )
    except ValidationError as error:
        fail(str(error.errors()[0]["msg"]).removeprefix("Value error, "))
    with _store(workspace, checkpoints) as saver:
        runner = SopRunner(saver)
        if thread and runner.checkpointer.get_tuple(runner.config(thread)) is not None:
            fail(f"thread id '{thread}' is taken: resume it or pick another")
        runner.context = _context(settings, workspace)
        try:
            outcome = runner.start(requirement, settings, thread_id=thread, on_update=_progress(settings))
        except RunRequestError as error:
            fail(str(error))
        _report(outcome, workspace)


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
    with _store(workspace, checkpoints) as saver:
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
        _report(runner.drive(thread, payload, _progress(settings)), workspace)


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


@app.command()
def runs(workspace: WorkspaceOpt = DEFAULT_WORKSPACE, checkpoints: StoreOpt = None) -> None:
    """List runs with their status."""
    with _store(workspace, checkpoints) as saver:
        table = Table("thread", "status", "updated", "steps", "next", "requirement")
        for summary in list_runs(saver):
            table.add_row(
                summary.thread_id,
                summary.status or "?",
                f"{summary.updated_at:%Y-%m-%d %H:%M}",
                str(summary.checkpoints),
                ",".join(summary.next),
                summary.requirement,
            )
        out.print(table)


@app.command()
def show(
    thread: str,
    artifact: Annotated[
        str | None,
        typer.Argument(help="prd, design, tasks, code, tests, test_reports, qa_report, messages, usage"),
    ] = None,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    checkpoints: StoreOpt = None,
) -> None:
    """Show a run's message pool log, or one of its artifacts as JSON."""
    with _store(workspace, checkpoints) as saver:
        try:
            values = SopRunner(saver).snapshot(thread).values
        except RunRequestError as error:
            fail(str(error))
    if artifact is None:
        for message in values.get("messages") or []:
            out.print(
                f"{message.at}  [bold cyan]{message.role:>15}[/] {message.action:<14} {message.summary}",
                highlight=False,
            )
        out.print(f"status: {values.get('status')}")
        return
    if artifact not in values:
        fail(f"run '{thread}' has no '{artifact}' (it has: {', '.join(sorted(values))})")
    sys.stdout.write(json.dumps(_jsonable(values[artifact]), indent=2, ensure_ascii=False) + "\n")


def _jsonable(value: Any) -> Any:
    if hasattr(value, "model_dump"):
        return value.model_dump(mode="json")
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


@app.command()
def history(thread: str, workspace: WorkspaceOpt = DEFAULT_WORKSPACE, checkpoints: StoreOpt = None) -> None:
    """List a run's checkpoints, oldest first."""
    with _store(workspace, checkpoints) as saver:
        if saver.get_tuple(SopRunner.config(thread)) is None:
            fail(f"no run with thread id '{thread}' (see 'sopgraph runs')")
        table = Table("step", "checkpoint", "source", "wrote", "next", "status")
        for item in run_history(saver, thread):
            table.add_row(
                str(item.step),
                item.checkpoint_id,
                item.source or "",
                ",".join(item.nodes),
                ",".join(item.next),
                item.status or "",
            )
        out.print(table)


@app.command()
def export(thread: str, workspace: WorkspaceOpt = DEFAULT_WORKSPACE, checkpoints: StoreOpt = None) -> None:
    """Write (again) a run's project folder from its checkpointed state."""
    with _store(workspace, checkpoints) as saver:
        try:
            values = SopRunner(saver).snapshot(thread).values
        except RunRequestError as error:
            fail(str(error))
    out.print(f"written to {write_workspace(workspace, values)}")


@app.command()
def delete(thread: str, workspace: WorkspaceOpt = DEFAULT_WORKSPACE, checkpoints: StoreOpt = None) -> None:
    """Delete a run's checkpoints."""
    with _store(workspace, checkpoints) as saver:
        if not delete_run(saver, thread):
            fail(f"no run with thread id '{thread}' (see 'sopgraph runs')")
        out.print(f"deleted {thread}")


@app.command()
def prune(
    keep_last: Annotated[int | None, typer.Option(min=0, help="Keep this many newest runs.")] = None,
    older_than_days: Annotated[
        float | None, typer.Option(min=0.0, help="Delete runs older than this.")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="Only runs with these statuses (comma-separated).")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="List what would go; delete nothing.")] = False,
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    checkpoints: StoreOpt = None,
) -> None:
    """Delete old runs' checkpoints (every filter given must match)."""
    statuses = [s.strip() for s in status.split(",")] if status else None
    older = timedelta(days=older_than_days) if older_than_days is not None else None
    with _store(workspace, checkpoints) as saver:
        try:
            gone = prune_runs(
                saver, keep_last=keep_last, older_than=older, statuses=statuses, dry_run=dry_run
            )
        except ValueError as error:
            fail(str(error))
    verb = "would delete" if dry_run else "deleted"
    out.print(f"{verb} {len(gone)} run(s): {', '.join(gone) or '-'}")


@app.command("graph")
def draw(
    format: Annotated[str, typer.Option("--format", "-f", help="mermaid | png | svg")] = "mermaid",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="File to write (default: stdout for mermaid)."),
    ] = None,
) -> None:
    """Draw the SOP graph (offline)."""
    drawable = build_graph().compile().get_graph()
    if format == "mermaid":
        text = mermaid_text(drawable)
        if output is None:
            sys.stdout.write(text)
        else:
            output.write_text(text, encoding="utf-8")
        return
    if format not in ("png", "svg"):
        fail(f"unknown format '{format}': choose mermaid, png or svg")
    if output is None:
        fail(f"--format {format} needs --output FILE")
    try:
        output.write_bytes(render_image(drawable, "png" if format == "png" else "svg"))
    except RuntimeError as error:
        fail(str(error))
    out.print(f"wrote {output}")
