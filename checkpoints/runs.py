"""The runs a store holds, as the CLI shows and tidies them: one run is one thread.

Everything here reads the store through the saver's own API (``list``, ``get_tuple``,
``delete_thread``) and the run's state from its latest checkpoint's ``channel_values``
(``status``, ``requirement``), so it works on any saver and without building the graph.
Finding the threads is the one step savers differ in: see :mod:`checkpoints.threads`.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver, CheckpointTuple

from checkpoints.locks import ThreadBusyError, thread_lock
from checkpoints.threads import ROOT_NS, index_threads, thread_config
from checkpoints.triggers import next_nodes, nodes_that_ran, state_channels_updated

REQUIREMENT_WIDTH = 72
"""Characters of the requirement a listing shows (one terminal line with the rest)."""

INTERRUPT = "__interrupt__"


@dataclass(frozen=True)
class RunSummary:
    """One run as ``sopgraph runs`` lists it, read from its latest checkpoint."""

    thread_id: str
    status: str | None
    """The state's ``status``; ``None`` before the first node set it."""
    requirement: str
    """The requirement on one line, shortened to ``REQUIREMENT_WIDTH`` characters."""
    updated_at: datetime
    checkpoints: int
    next: tuple[str, ...]
    """Nodes a resume would run; empty when the run has ended."""
    interrupted: bool
    """Stopped inside a node by ``interrupt()`` (a review gate waiting for a human)."""
    checkpoint_id: str


@dataclass(frozen=True)
class CheckpointSummary:
    """One step of a run's history."""

    checkpoint_id: str
    parent_id: str | None
    step: int | None
    source: str | None
    """``input``, ``loop``, ``update`` (a human's edit or resume value) or ``fork``."""
    nodes: tuple[str, ...]
    """Nodes whose writes made this checkpoint."""
    updated: tuple[str, ...]
    """State keys those writes changed."""
    next: tuple[str, ...]
    status: str | None
    created_at: datetime


def list_runs(saver: BaseCheckpointSaver[Any]) -> list[RunSummary]:
    """Every run in the store, most recently updated first."""
    index = index_threads(saver)
    runs = []
    for thread_id, count in index.counts.items():
        latest = index.latest.get(thread_id) or saver.get_tuple(thread_config(thread_id))
        if latest is not None:  # deleted between the count and the read
            runs.append(_summarise(thread_id, latest, count))
    runs.sort(key=lambda run: (run.updated_at, run.checkpoint_id), reverse=True)
    return runs


def run_exists(saver: BaseCheckpointSaver[Any], thread_id: str) -> bool:
    """Has this thread at least one checkpoint?"""
    return saver.get_tuple(thread_config(thread_id)) is not None


def run_history(saver: BaseCheckpointSaver[Any], thread_id: str) -> list[CheckpointSummary]:
    """A run's checkpoints, oldest first: the run's story read top-down, as a log.

    Which nodes made a checkpoint is read by comparing it with its *parent* (not the
    previous item), so a history forked by ``update_state`` on an old checkpoint is
    still described right.
    """
    tuples = [
        tup
        for tup in saver.list(thread_config(thread_id))
        if tup.config["configurable"].get("checkpoint_ns", ROOT_NS) == ROOT_NS
    ]
    by_id = {tup.checkpoint["id"]: tup for tup in tuples}
    history = []
    for tup in tuples:
        parent_id = _parent_id(tup)
        parent = by_id.get(parent_id) if parent_id else None
        history.append(
            CheckpointSummary(
                checkpoint_id=tup.checkpoint["id"],
                parent_id=parent_id,
                step=tup.metadata.get("step"),
                source=tup.metadata.get("source"),
                nodes=nodes_that_ran(tup.checkpoint, parent.checkpoint if parent else None),
                updated=state_channels_updated(tup.checkpoint),
                next=next_nodes(tup.checkpoint),
                status=tup.checkpoint["channel_values"].get("status"),
                created_at=_timestamp(tup),
            )
        )
    history.sort(key=lambda item: item.checkpoint_id)  # ids grow with time
    return history


def delete_run(saver: BaseCheckpointSaver[Any], thread_id: str) -> bool:
    """Delete every checkpoint and pending write of a run; ``False`` if there was none.

    Under the thread's lock (``ThreadBusyError`` if a run is writing it): deleting under a
    live run would leave it writing into a half-deleted thread."""
    with thread_lock(saver, thread_id):
        if not run_exists(saver, thread_id):
            return False
        saver.delete_thread(thread_id)
        return True


def prune_runs(
    saver: BaseCheckpointSaver[Any],
    *,
    keep_last: int | None = None,
    older_than: timedelta | None = None,
    statuses: Collection[str] | None = None,
    dry_run: bool = False,
    now: datetime | None = None,
    busy: list[str] | None = None,
) -> list[str]:
    """Delete old runs; return the deleted thread ids, newest first.

    A run is deleted when it passes *every* given filter:

    * ``statuses``: its status is one of these (``None``: any status; an empty
      collection: none, so nothing is deleted);
    * ``keep_last``: it is not among the ``keep_last`` most recently updated runs
      *that passed the status filter* (so ``statuses={"failed_error"}, keep_last=3``
      keeps the three newest failures);
    * ``older_than``: its last checkpoint is older than ``now - older_than``.

    At least one filter must be given: pruning with none would empty the store.
    ``dry_run`` only says what would go. A run another process is writing (its thread
    lock is held) is kept, and its id appended to ``busy`` when given.
    """
    if keep_last is None and older_than is None and statuses is None:
        raise ValueError("prune_runs needs keep_last, older_than or statuses")
    if keep_last is not None and keep_last < 0:
        raise ValueError(f"keep_last must be >= 0, not {keep_last}")
    wanted = None if statuses is None else frozenset(statuses)
    candidates = [run for run in list_runs(saver) if wanted is None or run.status in wanted]
    if keep_last is not None:
        candidates = candidates[keep_last:]
    if older_than is not None:
        cutoff = (now or datetime.now(UTC)) - older_than
        candidates = [run for run in candidates if run.updated_at < cutoff]
    doomed = [run.thread_id for run in candidates]
    if dry_run:
        return doomed
    gone = []
    for thread_id in doomed:
        try:
            with thread_lock(saver, thread_id):
                saver.delete_thread(thread_id)
        except ThreadBusyError:
            if busy is not None:
                busy.append(thread_id)
            continue
        gone.append(thread_id)
    return gone


def shorten(text: str, width: int = REQUIREMENT_WIDTH) -> str:
    """``text`` on one line, cut to ``width`` characters with an ellipsis."""
    line = " ".join(text.split())
    return line if len(line) <= width else line[: width - 1].rstrip() + "…"


def _summarise(thread_id: str, latest: CheckpointTuple, count: int) -> RunSummary:
    values = latest.checkpoint["channel_values"]
    requirement = values.get("requirement")
    return RunSummary(
        thread_id=thread_id,
        status=values.get("status"),
        requirement=shorten(requirement) if isinstance(requirement, str) else "",
        updated_at=_timestamp(latest),
        checkpoints=count,
        next=next_nodes(latest.checkpoint),
        interrupted=any(write[1] == INTERRUPT for write in latest.pending_writes or ()),
        checkpoint_id=latest.checkpoint["id"],
    )


def _parent_id(tup: CheckpointTuple) -> str | None:
    if tup.parent_config is None:
        return None
    parent_id = tup.parent_config["configurable"].get("checkpoint_id")
    return str(parent_id) if parent_id else None


def _timestamp(tup: CheckpointTuple) -> datetime:
    """When the checkpoint was written (langgraph stores ISO 8601 in UTC)."""
    stamp = datetime.fromisoformat(tup.checkpoint["ts"])
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


__all__ = [
    "CheckpointSummary",
    "RunSummary",
    "delete_run",
    "list_runs",
    "prune_runs",
    "run_exists",
    "run_history",
    "shorten",
]
