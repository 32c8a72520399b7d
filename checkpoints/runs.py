"""The runs a store holds, as the CLI shows and tidies them: one run is one thread.

Two kinds of question, asked of two things:

* *What is stored* (status, requirement, when, how many checkpoints) and tidying it
  (delete, prune) needs only the store: the saver's own API (``list``, ``get_tuple``,
  ``delete_thread``) and the latest checkpoint's ``channel_values``. Finding the threads
  is the one step savers differ in: see :mod:`checkpoints.threads`.
* *What the graph does with it* (which nodes a resume would run, whether a review gate
  is waiting, which nodes wrote each checkpoint) depends on the graph's edges, which a
  checkpoint does not hold. Reading them out of the stored trigger channels would copy
  ``langgraph.pregel._algo``, private code that changes between releases; so these are
  asked of the compiled graph through LangGraph's public API: ``get_state(config)``
  (``next``, ``interrupts``) and ``get_state_history(config)`` (each step's ``tasks``).

The caller passes that compiled graph (for the SOP, ``graph.builder.compile_graph(saver)``)
and this package never imports ``graph``: ``graph`` imports the nodes, and the store
layer stays below them. Compiling the SOP graph is cheap and needs no model, settings or
sandbox: those arrive in the runtime ``Context`` only when a run is driven, and reading
a state never runs a node.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver, CheckpointTuple
from langgraph.pregel import Pregel
from langgraph.types import StateSnapshot

from checkpoints.locks import ThreadBusyError, thread_lock
from checkpoints.threads import index_threads, thread_config

REQUIREMENT_WIDTH = 72
"""Characters of the requirement a listing shows (one terminal line with the rest)."""

Graph = Pregel[Any, Any, Any, Any]
"""A compiled graph (``CompiledStateGraph`` is one) whose checkpointer is the store read."""


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
    """Nodes a resume would run, sorted (a ``Send`` target once per packet); empty when the
    run has ended. The graph's ``get_state(config).next``: a node stopped at ``interrupt()``
    is listed, a task whose writes were saved before a kill is not (it will not run again)."""
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
    """Nodes whose writes made this checkpoint: the finished tasks of its parent's step.
    Empty for the first checkpoint and for an ``update`` (LangGraph's history does not
    record which node an update was written as; ``source`` says it was one)."""
    updated: tuple[str, ...]
    """State keys those writes changed."""
    next: tuple[str, ...]
    """The nodes of this checkpoint's step (``StateSnapshot.next``), sorted."""
    status: str | None
    created_at: datetime


def list_runs(graph: Graph) -> list[RunSummary]:
    """Every run in ``graph``'s store, most recently updated first.

    The stored facts come from each thread's latest checkpoint, as ``prune_runs`` sees
    them; ``next`` and ``interrupted`` from ``graph.get_state`` (see the module doc)."""
    return [
        _summarise(thread_id, latest, count, graph.get_state(thread_config(thread_id)))
        for thread_id, latest, count in _latest_checkpoints(store_of(graph))
    ]


def run_exists(saver: BaseCheckpointSaver[Any], thread_id: str) -> bool:
    """Has this thread at least one checkpoint?"""
    return saver.get_tuple(thread_config(thread_id)) is not None


def run_history(graph: Graph, thread_id: str) -> list[CheckpointSummary]:
    """A run's checkpoints, oldest first: the run's story read top-down, as a log.

    Read through ``graph.get_state_history``. Which nodes made a checkpoint is read from
    its *parent*'s step (the tasks that finished there), not from the previous item, so
    a history forked by ``update_state`` on an old checkpoint is still described right.
    """
    snapshots = list(graph.get_state_history(thread_config(thread_id)))
    by_id = {_checkpoint_id(snap.config): snap for snap in snapshots}
    history = []
    for snap in snapshots:
        metadata = snap.metadata or {}
        parent_id = _checkpoint_id(snap.parent_config) if snap.parent_config else None
        parent = by_id.get(parent_id) if parent_id else None
        finished = (
            [task for task in parent.tasks if task.result is not None]
            if parent is not None and metadata.get("source") == "loop"
            else []
        )
        history.append(
            CheckpointSummary(
                checkpoint_id=_checkpoint_id(snap.config) or "",
                parent_id=parent_id,
                step=metadata.get("step"),
                source=metadata.get("source"),
                nodes=tuple(sorted({task.name for task in finished})),
                updated=tuple(
                    sorted({key for task in finished if isinstance(task.result, dict) for key in task.result})
                ),
                next=tuple(sorted(snap.next)),
                status=snap.values.get("status") if isinstance(snap.values, dict) else None,
                created_at=_parse_time(snap.created_at),
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
    lock is held) is kept, and its id appended to ``busy`` when given. Only the store is
    read: pruning needs no graph.
    """
    if keep_last is None and older_than is None and statuses is None:
        raise ValueError("prune_runs needs keep_last, older_than or statuses")
    if keep_last is not None and keep_last < 0:
        raise ValueError(f"keep_last must be >= 0, not {keep_last}")
    wanted = None if statuses is None else frozenset(statuses)
    candidates = [
        (thread_id, latest)
        for thread_id, latest, _count in _latest_checkpoints(saver)
        if wanted is None or latest.checkpoint["channel_values"].get("status") in wanted
    ]
    if keep_last is not None:
        candidates = candidates[keep_last:]
    if older_than is not None:
        cutoff = (now or datetime.now(UTC)) - older_than
        candidates = [(thread_id, latest) for thread_id, latest in candidates if _timestamp(latest) < cutoff]
    doomed = [thread_id for thread_id, _latest in candidates]
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


def store_of(graph: Graph) -> BaseCheckpointSaver[Any]:
    """The saver ``graph`` was compiled with (``ValueError`` if none: nothing to read)."""
    saver = graph.checkpointer
    if not isinstance(saver, BaseCheckpointSaver):
        raise ValueError("the graph was compiled without a checkpointer: compile it with the store")
    return saver


def _latest_checkpoints(saver: BaseCheckpointSaver[Any]) -> list[tuple[str, CheckpointTuple, int]]:
    """``(thread id, latest checkpoint, checkpoint count)`` of every run, newest first."""
    index = index_threads(saver)
    found = []
    for thread_id, count in index.counts.items():
        latest = index.latest.get(thread_id) or saver.get_tuple(thread_config(thread_id))
        if latest is not None:  # deleted between the count and the read
            found.append((thread_id, latest, count))
    found.sort(key=lambda item: (_timestamp(item[1]), item[1].checkpoint["id"]), reverse=True)
    return found


def _summarise(thread_id: str, latest: CheckpointTuple, count: int, state: StateSnapshot) -> RunSummary:
    values = latest.checkpoint["channel_values"]
    requirement = values.get("requirement")
    return RunSummary(
        thread_id=thread_id,
        status=values.get("status"),
        requirement=shorten(requirement) if isinstance(requirement, str) else "",
        updated_at=_timestamp(latest),
        checkpoints=count,
        next=tuple(sorted(state.next)),
        interrupted=bool(state.interrupts),  # the latest state lists only unanswered ones
        checkpoint_id=latest.checkpoint["id"],
    )


def _checkpoint_id(config: RunnableConfig | None) -> str | None:
    checkpoint_id = (config or {}).get("configurable", {}).get("checkpoint_id")
    return str(checkpoint_id) if checkpoint_id else None


def _timestamp(tup: CheckpointTuple) -> datetime:
    """When the checkpoint was written."""
    return _parse_time(tup.checkpoint["ts"])


def _parse_time(stamp: str | None) -> datetime:
    """langgraph stores ISO 8601 in UTC; a missing stamp (never for a stored checkpoint)
    reads as the epoch rather than failing a whole listing."""
    if not stamp:
        return datetime.fromtimestamp(0, UTC)
    parsed = datetime.fromisoformat(stamp)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


__all__ = [
    "CheckpointSummary",
    "RunSummary",
    "delete_run",
    "list_runs",
    "prune_runs",
    "run_exists",
    "run_history",
    "shorten",
    "store_of",
]
