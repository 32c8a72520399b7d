"""What every ``sopgraph`` command shares: the app, the consoles, the options, the store.

Exit statuses: 2 for a refused command (one line on stderr, checked before anything is
written: the checkpoint store looks the same after a refused command as before it), 1 for
a run that ran and failed. Every failure a user can cause (a bad flag, an unknown thread,
a corrupt or unreadable store, an unwritable folder) is one ``error:`` line, never a
traceback. Text that comes from the user or the store (thread ids, requirements, model
output, exception messages) is escaped before it reaches rich, whose markup would
otherwise eat ``[postgres]`` or crash on a thread id like ``[/bold]``.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from langgraph.checkpoint.base import BaseCheckpointSaver
from rich.console import Console
from rich.markup import escape

from checkpoints.savers import default_saver_url, open_saver, redact
from state.errors import RunRequestError

app = typer.Typer(
    help="MetaGPT's software-company SOP as a LangGraph state machine.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,  # a bug's traceback stays plain; user errors never reach it
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

WorkspaceOpt = Annotated[
    Path,
    typer.Option("--workspace", "-w", help="Folder for projects and the default checkpoint DB."),
]
StoreOpt = Annotated[
    str | None,
    typer.Option(
        "--checkpoints",
        help="memory | sqlite:///relative.db | sqlite:////absolute.db | postgresql://...",
    ),
]
DEFAULT_WORKSPACE = Path("workspace")

REFUSED = 2
"""Exit status of a command refused before it did anything."""
FAILED = 1
"""Exit status of a run that ran and did not succeed."""


def fail(message: str, code: int = REFUSED) -> NoReturn:
    """One clear line on stderr, the message escaped (it may quote user input), exit ``code``."""
    err.print(f"[bold red]error:[/] {escape(one_line(message))}", highlight=False)
    raise typer.Exit(code)


def one_line(message: str) -> str:
    """``message`` on one line: a multi-line exception text would read as several errors."""
    return " ".join(message.split()) or "unknown error"


def split_choices(value: str | None, allowed: tuple[str, ...], what: str) -> tuple[str, ...]:
    items = tuple(v.strip() for v in (value or "").split(",") if v.strip())
    unknown = [v for v in items if v not in allowed]
    if unknown:
        fail(f"unknown {what} {', '.join(map(repr, unknown))}: choose from {', '.join(allowed)}")
    return items


STORE_ERRORS: tuple[type[BaseException], ...] = (sqlite3.Error, OSError)
"""What a store or the file system raises for a cause outside the program: a corrupt or
locked database, a full disk, an unwritable folder. PostgreSQL's driver errors are added
when it is installed."""
try:  # the postgres extra is optional
    import psycopg

    STORE_ERRORS += (psycopg.Error,)
except ImportError:  # pragma: no cover - depends on the extras installed
    pass

OPEN_ERRORS: tuple[type[BaseException], ...] = (ValueError, RuntimeError, ImportError, *STORE_ERRORS)
"""Opening adds a bad URL (``ValueError``) and a missing postgres extra (``RuntimeError``)."""


@contextmanager
def open_store(workspace: Path, url: str | None) -> Iterator[BaseCheckpointSaver[Any]]:
    """The command's checkpoint store; a store that cannot be opened or read is one line.

    Only opening is refused with exit 2 (nothing was done yet), and any refused request
    (``RunRequestError``) a command lets through: a thread another process is writing
    (``ThreadBusyError``) is refused by whichever lock the command takes. The command's own
    ``typer.Exit`` passes through untouched: ``click``'s ``Exit`` is a ``RuntimeError``, so
    catching ``RuntimeError`` around the ``yield`` turned every refusal into a second
    ``error: 2`` line and every failed run into ``error: 1`` with exit 2.
    """
    url = url or default_saver_url(workspace)
    with ExitStack() as stack:
        try:
            saver = stack.enter_context(open_saver(url))
        except OPEN_ERRORS as error:
            fail(f"cannot open the checkpoint store {redact(url)}: {error}")
        try:
            yield saver
        except RunRequestError as error:  # e.g. ThreadBusyError: another writer holds the thread
            fail(str(error))
        except STORE_ERRORS as error:
            fail(f"{type(error).__name__}: {error}", FAILED)
