"""What every ``sopgraph`` command shares: the app, the consoles, the options, the store.

Every refusal is one line on stderr and exit status 2, checked before anything is
written: the checkpoint store looks the same after a refused command as before it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from langgraph.checkpoint.base import BaseCheckpointSaver
from rich.console import Console

from checkpoints.savers import default_saver_url, open_saver

app = typer.Typer(help="MetaGPT's software-company SOP as a LangGraph state machine.", no_args_is_help=True)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

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


def split_choices(value: str | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in (value or "").split(",") if v.strip())
    unknown = [v for v in items if v not in allowed]
    if unknown:
        fail(f"unknown {what} {', '.join(map(repr, unknown))}: choose from {', '.join(allowed)}")
    return items


@contextmanager
def open_store(workspace: Path, url: str | None) -> Iterator[BaseCheckpointSaver[Any]]:
    try:
        with open_saver(url or default_saver_url(workspace)) as saver:
            yield saver
    except (ValueError, RuntimeError) as error:
        fail(str(error))
