"""Branch a finished run: switch on roles it left off, without paying again for the rest.

A run made without the QA Engineer (``roles`` ablated) already holds every document and
file it needs; adding the test loop afterwards should cost only the loop. LangGraph keeps
every checkpoint of a thread, so the state just before ``finalize`` ran, and the node that
wrote it, are in the thread's history. A new thread seeded with that state *as if that
node had just written it* routes on with the new settings: the routers see the added
role and go there instead of to ``finalize``.

Pure functions over snapshots: the runner in ``graph.api`` does the reading and writing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from langgraph.types import StateSnapshot

from graph.errors import RunRequestError
from graph.routing import WATERFALL
from state.schema import TERMINAL_STATUSES
from state.settings import RunSettings

FINALIZE = "finalize"


@dataclass(frozen=True)
class BranchPoint:
    """A finished run's last working state and the node that wrote it."""

    values: dict[str, Any]
    as_node: str


def find_branch_point(history: Iterable[StateSnapshot], thread_id: str) -> BranchPoint:
    """The checkpoint whose next step is ``finalize``, from a thread's history (newest first).

    The node that wrote it is the one the checkpoint before it was waiting to run.
    """
    newer: StateSnapshot | None = None
    for snapshot in history:
        if newer is not None and snapshot.next and len(snapshot.next) == 1:
            return BranchPoint(values=dict(newer.values), as_node=snapshot.next[0])
        newer = snapshot if tuple(snapshot.next) == (FINALIZE,) else None
    raise RunRequestError(f"run '{thread_id}' never reached finalize: resume it instead of branching")


ENGINEER_STAGE_NODES = {"write_candidate": "engineer", "select_code": "engineer"}
"""Nodes that finish the Engineer's stage when QA is off: a branch from them may add QA."""


def check_branch(point: BranchPoint, settings: RunSettings, thread_id: str) -> None:
    """Refuse a branch that would not simply run on: a stopped run, or a role added upstream.

    A role added before the node that last ran would need that node's work redone, which
    is a new run, not a branch.
    """
    status = point.values.get("status")
    if status in TERMINAL_STATUSES:
        raise RunRequestError(
            f"run '{thread_id}' had stopped with '{status}' before finalize: resume it instead"
        )
    old: RunSettings = point.values["settings"]
    added = [role for role in settings.roles if not old.has(role)]
    if not added:
        raise RunRequestError(f"run '{thread_id}' already had roles {', '.join(old.roles)}: nothing to add")
    stage = ENGINEER_STAGE_NODES.get(point.as_node, point.as_node)
    last = WATERFALL.index(stage) if stage in WATERFALL else len(WATERFALL)
    upstream = [role for role in added if WATERFALL.index(role) <= last]
    if upstream:
        raise RunRequestError(
            f"cannot add {', '.join(upstream)} to run '{thread_id}': it comes before "
            f"{point.as_node}, which already ran; start a new run"
        )
    dropped = [role for role in old.roles if not settings.has(role)]
    if dropped:
        raise RunRequestError(f"a branch adds roles, it cannot drop {', '.join(dropped)}")
