"""Which threads a store holds, and how many checkpoints each, as cheaply as the store allows.

``BaseCheckpointSaver`` has no "list threads" call: ``saver.list(None)`` walks every
checkpoint of every thread and deserialises each one (channel values included), which
for hundreds of runs of dozens of steps means reading the whole store. So:

* the savers sopgraph opens get one cheap query each: a ``GROUP BY thread_id`` on the
  ``checkpoints`` table of SQLite and PostgreSQL (no blob is read), the dict keys of
  ``InMemorySaver``; the caller then loads only each thread's latest checkpoint;
* any other saver falls back to that full ``saver.list(None)`` walk, done once, keeping
  each thread's newest tuple on the way.

Only the root namespace (``checkpoint_ns == ""``) is counted: subgraph checkpoints are
part of the step that called the subgraph, not steps of the run.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver, CheckpointTuple
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.sqlite import SqliteSaver

if TYPE_CHECKING:
    from langgraph.checkpoint.postgres import PostgresSaver

ROOT_NS = ""
COUNT_SQL = "SELECT thread_id, COUNT(*) AS n FROM checkpoints WHERE checkpoint_ns = '' GROUP BY thread_id"


@dataclass(frozen=True)
class ThreadIndex:
    """Checkpoint counts by thread, and the newest tuples when they came for free."""

    counts: dict[str, int]
    latest: dict[str, CheckpointTuple]


def thread_config(thread_id: str) -> RunnableConfig:
    """The config that addresses a thread's root namespace."""
    return {"configurable": {"thread_id": thread_id, "checkpoint_ns": ROOT_NS}}


def index_threads(saver: BaseCheckpointSaver[Any]) -> ThreadIndex:
    """Every thread with at least one root checkpoint (see the module doc for the cost)."""
    counts = count_checkpoints(saver)
    if counts is not None:
        return ThreadIndex(counts=counts, latest={})
    return _scan(saver)


def count_checkpoints(saver: BaseCheckpointSaver[Any]) -> dict[str, int] | None:
    """Root checkpoints per thread by one cheap query, or ``None`` for an unknown saver."""
    if isinstance(saver, InMemorySaver):
        return {
            thread_id: len(by_ns[ROOT_NS])
            for thread_id, by_ns in list(saver.storage.items())
            if by_ns.get(ROOT_NS)
        }
    if isinstance(saver, SqliteSaver):
        with saver.cursor(transaction=False) as cur:
            return {str(tid): int(n) for tid, n in cur.execute(COUNT_SQL).fetchall()}
    postgres = _postgres_saver_class()
    if postgres is not None and isinstance(saver, postgres):
        # _cursor is the saver's own way to a cursor: it takes its lock and copes with
        # a plain connection, a pool and a pipeline alike (rows are dicts).
        with saver._cursor() as cur:
            cur.execute(COUNT_SQL)
            return {str(row["thread_id"]): int(row["n"]) for row in cur.fetchall()}
    return None


def _scan(saver: BaseCheckpointSaver[Any]) -> ThreadIndex:
    """The portable way: one walk over every checkpoint of every thread."""
    counts: dict[str, int] = {}
    latest: dict[str, CheckpointTuple] = {}
    for tup in saver.list(None):
        conf = tup.config["configurable"]
        if conf.get("checkpoint_ns", ROOT_NS) != ROOT_NS:
            continue
        thread_id = str(conf["thread_id"])
        counts[thread_id] = counts.get(thread_id, 0) + 1
        newest = latest.get(thread_id)
        if newest is None or tup.checkpoint["id"] > newest.checkpoint["id"]:
            latest[thread_id] = tup
    return ThreadIndex(counts=counts, latest=latest)


def _postgres_saver_class() -> type[PostgresSaver] | None:
    """``PostgresSaver`` if the optional extra is installed."""
    try:
        from langgraph.checkpoint.postgres import PostgresSaver
    except ImportError:
        return None
    return PostgresSaver


__all__ = ["ThreadIndex", "count_checkpoints", "index_threads", "thread_config"]
