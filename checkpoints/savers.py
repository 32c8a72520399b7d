"""Open a checkpoint saver from a URL, so every command names its store the same way.

A run is started by one process and resumed by another (``sopgraph run`` stops at a
review gate, ``sopgraph resume`` continues later), so the store is chosen by a string
that can live in an environment variable or a flag:

* ``memory``: in-process only; for tests and throw-away runs (nothing survives the process).
* ``sqlite:///relative/path.db`` or ``sqlite:////absolute/path.db`` (SQLAlchemy's
  convention: the path is what follows ``sqlite:///``): the default, one file per project.
  A relative path is relative to the current folder, and its folder must exist: so
  ``sqlite:///tmp/x/a.db``, meant as ``/tmp/x/a.db``, is refused with the absolute form
  instead of silently creating ``./tmp/x/``. An absolute path's folders are created.
* ``postgresql://user:password@host:port/db`` (or ``postgres://``): shared by many
  machines; needs the ``postgres`` extra.

Every saver gets :func:`checkpoints.serde.make_serializer`, so models come back as models.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.serde.base import maybe_add_typed_methods
from langgraph.checkpoint.sqlite import SqliteSaver

from checkpoints.serde import make_serializer

ENV_VAR = "SOPGRAPH_CHECKPOINTS"
"""Environment variable that overrides the project's default store URL."""

SQLITE_PREFIX = "sqlite:///"
POSTGRES_PREFIXES = ("postgresql://", "postgres://")
SQLITE_BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another process's write lock (a CLI listing during a run)."""

POSTGRES_EXTRA_HINT = 'pip install "sopgraph[postgres]"'


def default_saver_url(root: Path) -> str:
    """The store a project uses unless told otherwise: ``$SOPGRAPH_CHECKPOINTS``, else
    a SQLite file under ``<root>/.sopgraph/`` (git-ignored, next to the project's runs)."""
    override = os.environ.get(ENV_VAR, "").strip()
    if override:
        return override
    return SQLITE_PREFIX + str((root / ".sopgraph" / "checkpoints.db").resolve())


@contextmanager
def open_saver(url: str) -> Iterator[BaseCheckpointSaver[Any]]:
    """Open the store ``url`` names, with its tables created, and close it on exit.

    Raises ``ValueError`` for a URL of no known kind, and ``RuntimeError`` for a
    PostgreSQL URL when the postgres extra is not installed.
    """
    url = url.strip()
    if url == "memory":
        yield InMemorySaver(serde=make_serializer())
    elif url.startswith(SQLITE_PREFIX):
        with _open_sqlite(_sqlite_path(url)) as saver:
            yield saver
    elif url.startswith(POSTGRES_PREFIXES):
        with _open_postgres(url) as saver:
            yield saver
    else:
        raise ValueError(
            f"unknown checkpoint store {redact(url)!r}: use 'memory', "
            f"'sqlite:///path/to/file.db' or 'postgresql://user@host:port/db'"
        )


def _sqlite_path(url: str) -> str:
    """The file a ``sqlite:///`` URL names; ``:memory:`` is passed through."""
    path = url[len(SQLITE_PREFIX) :]
    if not path:
        raise ValueError(f"no file in checkpoint store URL {url!r}: use 'sqlite:///path/to/file.db'")
    if path == ":memory:":
        return path
    file = Path(path).expanduser()
    if not file.is_absolute() and not file.parent.is_dir():
        raise ValueError(
            f"{url!r} names {path!r} relative to the current folder, and its folder "
            f"{str(file.parent)!r} does not exist there: for an absolute path write "
            f"'{SQLITE_PREFIX}/{path}' (four slashes), or create the folder"
        )
    file.parent.mkdir(parents=True, exist_ok=True)
    return str(file)


@contextmanager
def _open_sqlite(path: str) -> Iterator[SqliteSaver]:
    """A SQLite saver on its own connection, shareable across the graph's worker threads.

    WAL lets ``sopgraph runs`` read while a run in another process writes.
    """
    conn = sqlite3.connect(path, check_same_thread=False, timeout=SQLITE_BUSY_TIMEOUT_S)
    with closing(conn):
        conn.execute("PRAGMA journal_mode=WAL")
        saver = SqliteSaver(conn, serde=make_serializer())
        saver.setup()
        yield saver


@contextmanager
def _open_postgres(url: str) -> Iterator[BaseCheckpointSaver[Any]]:
    """A PostgreSQL saver on one autocommit connection, with its migrations applied."""
    try:
        from langgraph.checkpoint.postgres import PostgresSaver
    except ImportError as exc:
        raise RuntimeError(f"PostgreSQL checkpoints need the postgres extra: {POSTGRES_EXTRA_HINT}") from exc
    with PostgresSaver.from_conn_string(url) as saver:
        # from_conn_string takes no serializer; install ours the way
        # BaseCheckpointSaver.__init__ (and with_allowlist) does.
        saver.serde = maybe_add_typed_methods(make_serializer())
        saver.setup()
        yield saver


def redact(url: str) -> str:
    """``url`` with any password replaced by ``***``, fit for an error message or a log."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)[1]
    user = parts.username or ""
    return urlunsplit(parts._replace(netloc=f"{user}:***@{netloc}"))


__all__ = ["ENV_VAR", "default_saver_url", "open_saver", "redact"]
