"""``sopgraph runs|show|history|export|delete|prune|graph``: look at and tidy runs."""

from __future__ import annotations

import json
import sys
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from checkpoints.locks import thread_lock
from checkpoints.runs import delete_run, list_runs, prune_runs, run_history
from graph.api import RunRequestError, SopRunner
from graph.builder import build_graph, compile_graph
from graph.cli_common import (
    DEFAULT_WORKSPACE,
    FAILED,
    StoreOpt,
    WorkspaceOpt,
    app,
    fail,
    open_store,
    out,
)
from graph.drawing import mermaid_text, render_image
from nodes.workspace import write_workspace


@app.command()
def runs(workspace: WorkspaceOpt = DEFAULT_WORKSPACE, checkpoints: StoreOpt = None) -> None:
    """List runs with their status."""
    with open_store(workspace, checkpoints) as saver:
        table = Table("thread", "status", "updated", "steps", "next", "requirement")
        try:
            summaries = list_runs(compile_graph(saver))  # no model: only the edges are read
        except RunRequestError as error:  # a tampered checkpoint: refused in one line
            fail(str(error))
        for summary in summaries:
            table.add_row(  # cells are markup: a requirement like "[/bold]" must stay text
                escape(summary.thread_id),
                escape(summary.status or "?"),
                f"{summary.updated_at:%Y-%m-%d %H:%M}",
                str(summary.checkpoints),
                escape(",".join(summary.next)),
                escape(summary.requirement),
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
    with open_store(workspace, checkpoints) as saver:
        try:
            values = SopRunner(saver).snapshot(thread).values
        except RunRequestError as error:
            fail(str(error))
    if artifact is None:
        for message in values.get("messages") or []:
            out.print(
                f"{escape(str(message.at))}  [bold cyan]{escape(message.role):>15}[/] "
                f"{escape(message.action):<14} {escape(message.summary)}",
                highlight=False,
            )
        out.print(f"status: {escape(str(values.get('status')))}", highlight=False)
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
    with open_store(workspace, checkpoints) as saver:
        try:
            if saver.get_tuple(SopRunner.config(thread)) is None:
                fail(f"no run with thread id '{thread}' (see 'sopgraph runs')")
            items = run_history(compile_graph(saver), thread)
        except RunRequestError as error:  # a tampered checkpoint: refused in one line
            fail(str(error))
        table = Table("step", "checkpoint", "source", "wrote", "next", "status")
        for item in items:
            table.add_row(
                str(item.step),
                escape(item.checkpoint_id),
                escape(item.source or ""),
                escape(",".join(item.nodes)),
                escape(",".join(item.next)),
                escape(item.status or ""),
            )
        out.print(table)


@app.command()
def export(thread: str, workspace: WorkspaceOpt = DEFAULT_WORKSPACE, checkpoints: StoreOpt = None) -> None:
    """Write (again) a run's project folder from its checkpointed state."""
    with open_store(workspace, checkpoints) as saver, thread_lock(saver, thread):  # not mid-run
        try:
            values = SopRunner(saver).snapshot(thread).values
        except RunRequestError as error:
            fail(str(error))
        try:
            written = write_workspace(workspace, values)
        except OSError as error:
            fail(f"cannot write the project under {workspace}: {error}", FAILED)
    out.print(f"written to {escape(str(written))}", highlight=False)


@app.command()
def delete(thread: str, workspace: WorkspaceOpt = DEFAULT_WORKSPACE, checkpoints: StoreOpt = None) -> None:
    """Delete a run's checkpoints."""
    with open_store(workspace, checkpoints) as saver:
        if not delete_run(saver, thread):
            fail(f"no run with thread id '{thread}' (see 'sopgraph runs')")
        out.print(f"deleted {escape(thread)}", highlight=False)


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
    with open_store(workspace, checkpoints) as saver:
        try:
            busy: list[str] = []
            gone = prune_runs(
                saver, keep_last=keep_last, older_than=older, statuses=statuses, dry_run=dry_run, busy=busy
            )
        except ValueError as error:
            fail(str(error))
    verb = "would delete" if dry_run else "deleted"
    out.print(f"{verb} {len(gone)} run(s): {escape(', '.join(gone) or '-')}", highlight=False)
    if busy:
        out.print(f"kept {len(busy)} run(s) being written: {escape(', '.join(busy))}", highlight=False)


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
            try:
                output.write_text(text, encoding="utf-8")
            except OSError as error:
                fail(f"cannot write {output}: {error}", FAILED)
        return
    if format not in ("png", "svg"):
        fail(f"unknown format '{format}': choose mermaid, png or svg")
    if output is None:
        fail(f"--format {format} needs --output FILE")
    try:
        output.write_bytes(render_image(drawable, "png" if format == "png" else "svg"))
    except RuntimeError as error:
        fail(str(error))
    except OSError as error:
        fail(f"cannot write {output}: {error}", FAILED)
    out.print(f"wrote {escape(str(output))}", highlight=False)
