"""Fork a new run from any checkpoint of a run's history.

``SopRunner.branch`` continues a *finished* run from just before ``finalize`` with roles
added; a reviewer looking at the history wants more: carry on from *this* step, e.g. to
answer a gate differently. The mechanism is the same (``graph.branching``): a new thread
seeded with that checkpoint's state as if the node that wrote it had just written it, so the
routers go on from there; the source thread is only read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from checkpoints.locks import thread_lock
from checkpoints.runs import run_history
from graph.api import OnUpdate, RunOutcome, SopRunner
from graph.branching import BranchPoint
from state.artifacts import ARTIFACT_MODELS
from state.errors import RunRequestError


@dataclass(frozen=True)
class ForkPoint:
    source_thread: str
    checkpoint_id: str
    point: BranchPoint


def find_fork_point(graph: Any, thread_id: str, checkpoint_id: str) -> ForkPoint:
    """The state at ``checkpoint_id`` and the one node that wrote it, or a refusal."""
    item = next((i for i in run_history(graph, thread_id) if i.checkpoint_id == checkpoint_id), None)
    if item is None:
        raise RunRequestError(f"run '{thread_id}' has no checkpoint '{checkpoint_id}'")
    if len(item.nodes) != 1:
        raise RunRequestError(
            f"checkpoint '{checkpoint_id}' was not written by one node ({item.source}): "
            "pick a step one node wrote"
        )
    config = {"configurable": {"thread_id": thread_id, "checkpoint_id": checkpoint_id}}
    values = dict(graph.get_state(config).values)
    if not values.get("requirement"):
        raise RunRequestError(f"checkpoint '{checkpoint_id}' holds no run state yet")
    return ForkPoint(thread_id, checkpoint_id, BranchPoint(values=values, as_node=item.nodes[0]))


def with_edit(fork: ForkPoint, key: str, edited: Any) -> ForkPoint:
    """``fork`` with one artifact replaced by a reviewer's edit, validated against its model
    first (``pydantic.ValidationError`` on refusal: nothing is written)."""
    if key not in ARTIFACT_MODELS:
        raise RunRequestError(f"'{key}' cannot be edited: choose one of {', '.join(ARTIFACT_MODELS)}")
    if key not in fork.point.values:
        raise RunRequestError(f"checkpoint '{fork.checkpoint_id}' has no {key} yet")
    artifact = ARTIFACT_MODELS[key].model_validate(edited)
    point = BranchPoint(values=fork.point.values | {key: artifact}, as_node=fork.point.as_node)
    return ForkPoint(fork.source_thread, fork.checkpoint_id, point)


def fork_run(runner: SopRunner, fork: ForkPoint, thread_id: str, on_update: OnUpdate) -> RunOutcome:
    """Seed ``thread_id`` with the fork point's state and drive it on."""
    with thread_lock(runner.checkpointer, thread_id):
        config = runner.config(thread_id)
        if runner.checkpointer.get_tuple(config) is not None:
            raise RunRequestError(f"thread id '{thread_id}' is taken")
        runner.graph.update_state(config, fork.point.values, as_node=fork.point.as_node)
        return runner.drive(thread_id, None, on_update)
