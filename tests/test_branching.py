"""Branching a finished run with roles added: the result equals a run that had them all along,
and only the added roles' calls are made (on every checkpoint store)."""

from __future__ import annotations

from typing import Any

import pytest
from langgraph.checkpoint.base import BaseCheckpointSaver

from benchmarks.scenarios import script
from checkpoints.savers import open_saver
from graph.api import RunRequestError, SopRunner
from state.settings import ALL_ROLES, RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import call_counts, make_runner, run

WITHOUT_QA = tuple(r for r in ALL_ROLES if r != "qa_engineer")
FULL = RunSettings(model="scripted", candidates=1, fix_on="any")  # as tests.graph_helpers.run


def upstream_run(saver: BaseCheckpointSaver[Any]) -> tuple[SopRunner, str]:
    """A finished run without QA, on its own store, and its thread id."""
    outcome, model = run(saver, script(buggy_first=True), roles=WITHOUT_QA)
    assert outcome.status == "succeeded" and outcome.values["qa_report"].verdict == "not_run"
    return make_runner(saver, model), outcome.thread_id


def qa_only_script() -> dict[str, Any]:
    """What the added QA loop may ask for; any other request exhausts the script."""
    answers = script(buggy_first=True)
    return {"TestSuite": answers["TestSuite"], "FixPlan": answers["FixPlan"]}


def comparable(values: dict[str, Any]) -> dict[str, Any]:
    """Everything a run produced, minus wall-clock seconds (they differ run to run)."""
    usage = {role: (u.prompt_tokens, u.completion_tokens, u.calls) for role, u in values["usage"].items()}
    kept = ("prd", "design", "tasks", "code", "tests", "reviews", "fix_plans", "retries", "status")
    reports = [(r.attempt, r.passed, r.failed, r.errors) for r in values["test_reports"]]
    kept_values = {key: values.get(key) for key in kept}
    return kept_values | {"usage": usage, "test_reports": reports, "qa": values["qa_report"]}


def test_branch_with_qa_equals_a_run_that_had_qa_and_pays_only_for_qa(
    saver: BaseCheckpointSaver[Any],
) -> None:
    with open_saver("memory") as fresh_store:
        fresh, _ = run(fresh_store, script(buggy_first=True))
    source, source_thread = upstream_run(saver)
    model = ScriptedChatModel(script=qa_only_script())
    branched = make_runner(saver, model).branch(source, source_thread, FULL)
    assert call_counts(model) == {"TestSuite": 1, "FixPlan": 1}
    assert branched.thread_id != source_thread
    assert comparable(branched.values) == comparable(fresh.values)
    assert branched.values["status"] == "succeeded" and branched.values["retries"] == 1


def test_the_source_run_is_left_as_it_was(saver: BaseCheckpointSaver[Any]) -> None:
    source, thread = upstream_run(saver)
    before = [c.checkpoint["id"] for c in saver.list({"configurable": {"thread_id": thread}})]
    with open_saver("memory") as other:
        make_runner(other, ScriptedChatModel(script=qa_only_script())).branch(source, thread, FULL)
    after = [c.checkpoint["id"] for c in saver.list({"configurable": {"thread_id": thread}})]
    assert before == after
    assert source.snapshot(thread).values["qa_report"].verdict == "not_run"


@pytest.mark.parametrize(
    ("roles", "message"),
    [
        (ALL_ROLES[:-1], "nothing to add"),
        (("architect", "engineer", "qa_engineer"), "cannot drop product_manager"),
    ],
)
def test_a_branch_must_add_roles_and_drop_none(
    saver: BaseCheckpointSaver[Any], roles: tuple[Any, ...], message: str
) -> None:
    source, thread = upstream_run(saver)
    target = make_runner(saver, ScriptedChatModel())
    with pytest.raises(RunRequestError, match=message):
        target.branch(source, thread, RunSettings(model="scripted", roles=roles), thread_id="b")
    assert saver.get_tuple(target.config("b")) is None  # refused before anything was written


def test_a_role_upstream_of_the_last_node_cannot_be_added(saver: BaseCheckpointSaver[Any]) -> None:
    outcome, model = run(saver, script(), roles=("engineer",))
    source = make_runner(saver, model)
    with pytest.raises(RunRequestError, match="cannot add product_manager, architect, project_manager"):
        source.branch(source, outcome.thread_id, FULL)


def test_an_unfinished_run_cannot_be_branched(saver: BaseCheckpointSaver[Any]) -> None:
    model = ScriptedChatModel(script=script())
    source = make_runner(saver, model)
    paused = source.start("Make a calculator", RunSettings(model="scripted", review_gates=("prd",)))
    assert paused.status == "awaiting_review"
    with pytest.raises(RunRequestError, match="never reached finalize"):
        source.branch(source, paused.thread_id, FULL)
