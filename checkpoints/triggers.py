"""What a stored checkpoint says about the graph that wrote it, without that graph.

``sopgraph runs`` lists and prunes runs from the store alone: it must not build the
SOP graph (that needs a model, settings, a sandbox) just to say which node a run will
run next. LangGraph's ``StateGraph`` wires every edge through channels whose names say
where they lead, so the checkpoint is enough:

* ``branch:to:<node>`` (plain and conditional edges) and the input channel ``__start__``
  trigger one node; ``join:<a>+<b>:<node>`` (``add_edge([a, b], node)``) triggers it once
  every source has written (its stored value is the set of sources seen so far, or
  ``(seen, finished)`` for a deferred node).
* A node is *next* when its trigger holds a value (the channel appears in
  ``channel_values``) newer than the version the node last saw (``versions_seen``),
  exactly the rule of ``langgraph.pregel._algo._triggers``.
* ``Send`` packets waiting in ``__pregel_tasks`` are next too, one task per packet.

A node that called ``interrupt()`` never finished, so its trigger is still pending: it
is listed as next, just as ``StateSnapshot.next`` lists it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langgraph.checkpoint.base import Checkpoint

START = "__start__"
TASKS = "__pregel_tasks"
BRANCH_PREFIX = "branch:to:"
JOIN_PREFIX = "join:"
BOOKKEEPING_NODES = frozenset({"__input__", "__interrupt__"})
"""Keys of ``versions_seen`` that record the loop's own bookkeeping, not a node's run."""


def next_nodes(checkpoint: Checkpoint) -> tuple[str, ...]:
    """The nodes the graph would run from ``checkpoint``, sorted (a ``Send`` target once
    per packet); empty when the run has ended."""
    values = checkpoint["channel_values"]
    pushed = [packet.node for packet in values.get(TASKS) or () if hasattr(packet, "node")]
    pulled = [
        node
        for channel, node in _trigger_channels(values)
        if _is_newer(
            checkpoint["channel_versions"].get(channel),
            checkpoint["versions_seen"].get(node, {}).get(channel),
        )
    ]
    return tuple(sorted(pushed + sorted(set(pulled))))


def nodes_that_ran(checkpoint: Checkpoint, parent: Checkpoint | None) -> tuple[str, ...]:
    """The nodes whose writes made ``checkpoint`` out of ``parent``: those whose
    ``versions_seen`` changed (a node records what it consumed when it runs)."""
    before = parent["versions_seen"] if parent is not None else {}
    return tuple(
        sorted(
            node
            for node, seen in checkpoint["versions_seen"].items()
            if node not in BOOKKEEPING_NODES and before.get(node) != seen
        )
    )


def state_channels_updated(checkpoint: Checkpoint) -> tuple[str, ...]:
    """The state keys written in the step that made ``checkpoint`` (edges left out)."""
    return tuple(
        sorted(
            channel
            for channel in checkpoint.get("updated_channels") or ()
            if not _is_internal_channel(channel)
        )
    )


def _trigger_channels(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    """``(channel, node)`` for every trigger channel that currently holds a value."""
    found = []
    for channel, value in values.items():
        if channel == START:
            found.append((channel, START))
        elif channel.startswith(BRANCH_PREFIX):
            found.append((channel, channel[len(BRANCH_PREFIX) :]))
        elif channel.startswith(JOIN_PREFIX) and _join_complete(channel, value):
            found.append((channel, channel.rsplit(":", 1)[1]))
    return found


def _join_complete(channel: str, value: Any) -> bool:
    """Has every source of ``join:<a>+<b>:<node>`` written (and, if deferred, finished)?"""
    sources = set(channel[len(JOIN_PREFIX) :].rsplit(":", 1)[0].split("+"))
    if isinstance(value, (tuple, list)) and len(value) == 2 and isinstance(value[1], bool):
        seen, finished = value
        return bool(finished) and set(seen) == sources
    return isinstance(value, (set, frozenset, list)) and set(value) == sources


def _is_newer(version: Any, seen: Any) -> bool:
    """Channel versions only grow; a channel never seen counts as new."""
    if version is None:
        return False
    return seen is None or version > seen


def _is_internal_channel(channel: str) -> bool:
    return channel.startswith(("__", BRANCH_PREFIX, JOIN_PREFIX))


__all__ = ["next_nodes", "nodes_that_ran", "state_channels_updated"]
