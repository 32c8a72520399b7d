"""One writer per thread: an advisory lock every entry point that writes a run takes.

Without it, four simultaneous ``sopgraph run --thread r`` each ran the whole SOP into one
thread (4x the model calls, interleaved checkpoints) and two ``resume`` of one killed run
both paid for the rest. The checkpointer has no notion of an owner, so the lock lives
beside it, one kind per store:

* SQLite: ``fcntl.flock`` (non-blocking) on ``<db>.locks/<hash of thread>.lock``; the file
  records the holder's pid and host for the refusal. The kernel drops a flock when its
  holder dies, so a kill -9 leaves no stale lock: the next writer simply gets it.
* PostgreSQL: a session advisory lock (``pg_try_advisory_lock``) on the saver's own
  connection, released when that connection closes (process death included); the holder
  is found through ``pg_locks`` and the ``application_name`` the holder sets.
* memory (or ``sqlite:///:memory:``): a process-local lock; only threads of this process
  can write such a store anyway.

The lock is re-entrant within one thread of execution, so ``SopRunner.start`` can take it
and call ``drive``, which takes it again. A second writer is refused at once with
:class:`ThreadBusyError` (a ``RunRequestError``), one line naming the holder's pid and
host; nothing waits.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.sqlite import SqliteSaver

from state.errors import RunRequestError


class ThreadBusyError(RunRequestError):
    """Another writer holds the thread; the message names its pid and host.

    A ``RunRequestError``, not a ``RuntimeError``: the request was refused
    before anything was written, exactly like the API's other refusals, so every caller
    that catches those (the CLI's one line and exit 2, a program driving ``SopRunner``)
    handles a busy thread too instead of letting it escape as a crash. The base class is
    in ``state.errors``, below both ``graph`` and ``checkpoints``, so this module still
    imports nothing from ``graph``.
    """


@dataclass
class _Held:
    owner: int
    depth: int


_registry = threading.Lock()
_held: dict[str, _Held] = {}
"""Locks this process holds, by key: for re-entry, and for the process-local kind."""

Release = Callable[[], None]


def holder_line() -> str:
    """Who we are, as the refusal shows it to the other writer."""
    return f"pid {os.getpid()} on host {socket.gethostname()}"


def _busy(thread_id: str, holder: str) -> ThreadBusyError:
    return ThreadBusyError(
        f"thread '{thread_id}' is being written by another process ({holder}): wait for it to "
        f"finish, or stop it; a killed holder's lock is released by itself"
    )


@contextmanager
def thread_lock(saver: BaseCheckpointSaver[Any], thread_id: str) -> Iterator[None]:
    """Hold the one-writer lock of ``thread_id`` in ``saver``'s store for the block.

    Raises ``ThreadBusyError`` at once if another process, or another thread of this
    one, holds it."""
    key, acquire = _kind(saver, thread_id)
    me = threading.get_ident()
    with _registry:
        held = _held.get(key)
        if held is not None and held.owner != me:
            raise _busy(thread_id, f"{holder_line()}, another task of this process")
        if held is not None:
            held.depth += 1
    if held is not None:
        try:
            yield
        finally:
            with _registry:
                held.depth -= 1
        return
    release = acquire()
    with _registry:
        _held[key] = _Held(me, 1)
    try:
        yield
    finally:
        with _registry:
            del _held[key]
        release()


def _kind(saver: BaseCheckpointSaver[Any], thread_id: str) -> tuple[str, Callable[[], Release]]:
    """The lock's process-wide key and how to take it, for this kind of store."""
    if isinstance(saver, SqliteSaver):
        file = _sqlite_file(saver)
        if file is not None:
            return f"sqlite:{file}:{thread_id}", lambda: _flock(file, thread_id)
    elif type(saver).__name__ == "PostgresSaver":
        return f"pg:{id(saver)}:{thread_id}", lambda: _pg_lock(saver, thread_id)
    return f"local:{id(saver)}:{thread_id}", lambda: _nothing


def _nothing() -> None:
    """A process-local lock is the registry entry itself: nothing else to release."""


def _sqlite_file(saver: SqliteSaver) -> Path | None:
    """The database file behind the saver's connection; ``None`` for an in-memory one."""
    for _seq, name, file in saver.conn.execute("PRAGMA database_list").fetchall():
        if name == "main":
            return Path(file).resolve() if file else None
    return None


def lock_file(db: Path, thread_id: str) -> Path:
    """``<db>.locks/<sha256 of thread>.lock``: any thread id (``../x``, ``[/bold]``) is a
    safe file name, and the lock folder sits where the database's writers can write."""
    digest = hashlib.sha256(thread_id.encode("utf-8")).hexdigest()[:32]
    return db.with_name(db.name + ".locks") / f"{digest}.lock"


def _flock(db: Path, thread_id: str) -> Release:
    path = lock_file(db, thread_id)
    path.parent.mkdir(exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(fd, 200, 0).decode("utf-8", "replace").strip() or "a process starting up"
        os.close(fd)
        raise _busy(thread_id, holder) from None
    except BaseException:
        os.close(fd)
        raise
    os.ftruncate(fd, 0)
    os.pwrite(fd, (holder_line() + "\n").encode(), 0)

    def release() -> None:
        os.close(fd)  # closing the only descriptor drops the flock

    return release


PG_LOCK_SQL = "SELECT pg_try_advisory_lock(%s)"
PG_UNLOCK_SQL = "SELECT pg_advisory_unlock(%s)"
PG_HOLDER_SQL = (
    "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid "
    "WHERE l.locktype = 'advisory' AND l.granted AND l.objsubid = 1 "
    "AND l.classid::text::bigint = %s AND l.objid::text::bigint = %s LIMIT 1"
)


def pg_key(thread_id: str) -> int:
    """A positive 63-bit key: ``pg_locks`` shows it as (classid, objid) = (high, low) 32 bits,
    which lets a refusal find the holder (``hashtext`` would be 32 bits and signed)."""
    return int.from_bytes(hashlib.sha256(thread_id.encode("utf-8")).digest()[:8], "big") >> 1


def _first(row: Any) -> Any:
    """The first column of a row, whichever row factory the saver uses (``dict_row``)."""
    if row is None:
        return None
    return next(iter(row.values())) if isinstance(row, dict) else row[0]


def _pg_lock(saver: Any, thread_id: str) -> Release:
    """A session advisory lock on the saver's connection (``from_conn_string`` gives one
    autocommit connection, held for the command's life, closed on process death)."""
    key = pg_key(thread_id)
    with saver._cursor() as cur:
        cur.execute(PG_LOCK_SQL, (key,))
        if not _first(cur.fetchone()):
            cur.execute(PG_HOLDER_SQL, (key >> 32, key & 0xFFFFFFFF))
            name = str(_first(cur.fetchone()) or "")
            raise _busy(thread_id, name.removeprefix("sopgraph ") or "another connection")
        cur.execute("SELECT set_config('application_name', %s, false)", (f"sopgraph {holder_line()}"[:63],))

    def release() -> None:
        with saver._cursor() as cur:
            cur.execute(PG_UNLOCK_SQL, (key,))

    return release


__all__ = ["ThreadBusyError", "holder_line", "lock_file", "pg_key", "thread_lock"]
