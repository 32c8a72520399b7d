"""Human review gate: pauses the run with ``interrupt()`` until a reviewer answers.

The reviewer (``sopgraph resume`` or ``Command(resume=...)``) approves, replaces the
artifact with an edited one, or sends it back to its role with feedback. The node holds
no model call, so re-running it on resume costs nothing.
"""

from __future__ import annotations

from typing import Any

from langgraph.types import interrupt

from nodes.role_node import Update
from state.artifacts import ARTIFACT_MODELS, Publication, revised_file
from state.review import ReviewDecision, ReviewRecord
from state.schema import SopState

GATE_CHANNEL = {"prd": "prd", "design": "design", "tasks": "tasks", "code": "code"}


def review_payload(state: SopState) -> dict[str, Any]:
    """What the reviewer is shown: the gate, the role, and the artifact as JSON."""
    pending = state["pending_review"]
    assert pending is not None
    artifact: Any
    if pending.gate == "code":
        artifact = {path: f.content for path, f in (state.get("code") or {}).items()}
    else:
        value: Any = state.get(GATE_CHANNEL[pending.gate])
        artifact = value.model_dump(mode="json") if value is not None else None
    return {
        "gate": pending.gate,
        "role": pending.role,
        "artifact": artifact,
        "answers": ["approve", "edit", "feedback"],
    }


def apply_edit(state: SopState, gate: str, edited: dict[str, Any]) -> Update:
    """The channel update for an edited artifact, validated against its model."""
    if gate == "code":
        code = state.get("code") or {}
        return {"code": {path: revised_file(code, path, str(content)) for path, content in edited.items()}}
    return {GATE_CHANNEL[gate]: ARTIFACT_MODELS[gate].model_validate(edited)}


def human_review(state: SopState) -> Update:
    """Interrupt for a decision, then apply it."""
    pending = state.get("pending_review")
    if pending is None:  # nothing to review (e.g. a resumed run re-entering here)
        return {"status": "running"}
    decision = ReviewDecision.model_validate(interrupt(review_payload(state)))
    update: Update = {
        "pending_review": None,
        "status": "running",
        "human_reviews": [
            ReviewRecord(
                gate=pending.gate,
                role=pending.role,
                action=decision.action,
                text=decision.text or "",
            )
        ],
        "messages": [
            Publication(
                role="human",
                action=f"Review:{decision.action}",
                artifact=pending.gate,
                summary=(decision.text or decision.action)[:120],
            )
        ],
    }
    if decision.action == "edit" and decision.artifact is not None:
        update |= apply_edit(state, pending.gate, decision.artifact)
    elif decision.action == "feedback":
        update["feedback"] = {**(state.get("feedback") or {}), pending.role: decision.text or ""}
        if pending.role == "engineer":
            update["engineer_queue"] = None
    return update
