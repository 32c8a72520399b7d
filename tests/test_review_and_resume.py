"""Human review gates and resume, on every checkpoint store (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

from typing import Any

import pytest
from langgraph.checkpoint.base import BaseCheckpointSaver

from benchmarks.scenarios import REQUIREMENT, prd, script
from graph.api import RunRequestError, SopRunner
from nodes.context import Context
from state.review import ReviewDecision
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import FAST_SANDBOX, call_counts


def start(
    saver: BaseCheckpointSaver[Any], answers: dict[str, Any], gates: tuple[str, ...]
) -> tuple[SopRunner, ScriptedChatModel, str]:
    model = ScriptedChatModel(script=answers)
    runner = SopRunner(saver, Context(model=model, sandbox=FAST_SANDBOX))
    outcome = runner.start(REQUIREMENT, RunSettings(model="scripted", review_gates=gates))  # type: ignore[arg-type]
    assert outcome.status == "awaiting_review"
    assert outcome.review is not None
    return runner, model, outcome.thread_id


def test_approve_continues_to_the_end(saver: BaseCheckpointSaver[Any]) -> None:
    runner, model, thread = start(saver, script(), ("prd",))
    outcome = runner.resume(thread, decision=ReviewDecision(action="approve"))
    assert outcome.status == "succeeded"
    assert call_counts(model)["PRD"] == 1


def test_edit_replaces_the_artifact(saver: BaseCheckpointSaver[Any]) -> None:
    runner, _model, thread = start(saver, script(), ("prd",))
    edited = prd().model_dump(mode="json") | {"product_goals": ["Edited goal"]}
    outcome = runner.resume(thread, decision=ReviewDecision(action="edit", artifact=edited))
    assert outcome.values["prd"].product_goals == ["Edited goal"]
    assert outcome.status == "succeeded"


def test_invalid_edit_is_refused_and_the_store_is_unchanged(
    saver: BaseCheckpointSaver[Any],
) -> None:
    runner, _, thread = start(saver, script(), ("design",))
    before = [c.checkpoint["id"] for c in saver.list({"configurable": {"thread_id": thread}})]
    bad = {
        "implementation_approach": "x",
        "file_list": [],
        "data_structures_and_interfaces": "graph TD",
    }
    with pytest.raises(RunRequestError, match="edited design is invalid"):
        runner.resume(thread, decision=ReviewDecision(action="edit", artifact=bad))
    after = [c.checkpoint["id"] for c in saver.list({"configurable": {"thread_id": thread}})]
    assert before == after
    assert runner.snapshot(thread).values["status"] == "awaiting_review"


def test_feedback_sends_the_artifact_back_with_the_feedback_in_the_prompt(
    saver: BaseCheckpointSaver[Any],
) -> None:
    seen: list[str] = []
    answers = script()
    prds = [prd(), prd("calculator_v2")]

    def answer_prd(name: str, messages: Any) -> Any:
        seen.append(str(messages[-1].content))
        return prds.pop(0)

    answers["PRD"] = answer_prd  # type: ignore[assignment]
    runner, _model, thread = start(saver, answers, ("prd",))
    again = runner.resume(thread, decision=ReviewDecision(action="feedback", text="Call it calculator_v2"))
    assert again.status == "awaiting_review"  # the redone PRD passes the gate again
    assert "Call it calculator_v2" in seen[1] and "Your previous version" in seen[1]
    assert "Call it calculator_v2" not in seen[0]
    done = runner.resume(thread, decision=ReviewDecision(action="approve"))
    assert done.values["prd"].project_name == "calculator_v2"
    assert done.values["feedback"] == {}
    assert [r.action for r in done.values["human_reviews"]] == ["feedback", "approve"]


def test_every_gate_pauses_in_order(saver: BaseCheckpointSaver[Any]) -> None:
    runner, _, thread = start(saver, script(), ("prd", "design", "tasks", "code"))
    gates = []
    outcome = runner.snapshot(thread)
    while True:
        payload = runner.resume(thread, decision=ReviewDecision(action="approve"))
        if payload.review is None:
            break
        gates.append(payload.review["gate"])
    assert gates == ["design", "tasks", "code"]
    assert payload.status == "succeeded"
    assert outcome.values["status"] == "awaiting_review"


def test_resume_from_a_second_saver_instance(saver_url: str) -> None:
    """A resume with a new saver on the same store: what another process would see."""
    if saver_url == "memory":
        pytest.skip("an in-memory store is not shared between saver instances")
    from checkpoints.savers import open_saver

    with open_saver(saver_url) as first:
        _, _, thread = start(first, script(), ("tasks",))
    model = ScriptedChatModel(
        script={k: v for k, v in script().items() if k not in ("PRD", "SystemDesign", "TaskPlan")}
    )
    with open_saver(saver_url) as second:
        outcome = SopRunner(second, Context(model=model, sandbox=FAST_SANDBOX)).resume(
            thread, decision=ReviewDecision(action="approve")
        )
    assert outcome.status == "succeeded"
    assert "PRD" not in model.calls and "TaskPlan" not in model.calls


def test_resume_of_a_finished_run_is_refused(saver: BaseCheckpointSaver[Any]) -> None:
    model = ScriptedChatModel(script=script())
    runner = SopRunner(saver, Context(model=model, sandbox=FAST_SANDBOX))
    outcome = runner.start(REQUIREMENT, RunSettings(model="scripted"))
    with pytest.raises(RunRequestError, match="already finished with status 'succeeded'"):
        runner.resume(outcome.thread_id)
    with pytest.raises(RunRequestError, match="not waiting for a review"):
        runner.resume(outcome.thread_id, decision=ReviewDecision(action="approve"))
