"""The wrapper every role node shares: budget ledger, timing, and clean stops.

A role's work function gets ``(state, runtime, ledger)``; the wrapper turns it into a
LangGraph node ``(state, runtime) -> update``. If the work raises ``RunStopped`` the node
still returns normally, with a terminal ``status`` and a ``failure`` naming the node to
run again, so the checkpoint is written and ``sopgraph resume`` can continue from it.
"""

from __future__ import annotations

from collections.abc import Callable
from time import perf_counter
from typing import Any, Protocol

from langgraph.runtime import Runtime

from nodes.context import Context
from nodes.errors import RunStopped
from nodes.llm import Ledger
from state.schema import SopState
from state.usage import total_usage

Update = dict[str, Any]
RoleWork = Callable[[SopState, Runtime[Context], Ledger], Update]


class Node(Protocol):
    """A LangGraph node that takes its runtime (model, workspace) as a keyword."""

    __name__: str

    def __call__(self, state: SopState, *, runtime: Runtime[Context]) -> Update: ...


def role_node(name: str, role: str, work: RoleWork, resume_at: str | None = None) -> Node:
    """Make the LangGraph node ``name`` that runs ``work`` on behalf of ``role``.

    ``resume_at``: the node a resumed run goes to after a stop here, when not this one (a
    ``Send`` task cannot be entered again without the payload it was sent with)."""

    def node(state: SopState, *, runtime: Runtime[Context]) -> Update:
        ledger = Ledger(
            role=role,
            model=runtime.context.model_for(role, state["settings"]),
            settings=state["settings"],
            spent_before=total_usage(state.get("usage") or {}),
        )
        started = perf_counter()
        try:
            update = work(state, runtime, ledger)
        except RunStopped as stop:
            update = {"status": stop.status, "failure": stop.to_failure(resume_at or name)}
        wall = perf_counter() - started
        update["usage"] = {role: ledger.usage.model_copy(update={"seconds": round(wall, 6)})}
        return update

    node.__name__ = name
    node.__qualname__ = name
    node.__doc__ = work.__doc__
    return node
