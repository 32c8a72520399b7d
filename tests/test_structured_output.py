"""Malformed model output: repaired when possible, a clear resumable stop when not."""

from __future__ import annotations

from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import BAD_CALC, GOOD_CALC, REQUIREMENT, design, prd, script
from checkpoints.serde import make_serializer
from graph.api import SopRunner
from nodes.context import Context
from state.artifacts import CodeFile
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import FAST_SANDBOX, call_counts, run

BROKEN_PRD = {"original_requirement": "x", "project_name": "Not A Name!", "product_goals": []}


@pytest.fixture
def memory() -> InMemorySaver:
    return InMemorySaver(serde=make_serializer())


def test_invalid_output_is_repaired_with_the_error(memory: InMemorySaver) -> None:
    answers = script() | {"PRD": [BROKEN_PRD, prd()]}
    outcome, model = run(memory, answers)
    assert outcome.status == "succeeded"
    assert call_counts(model)["PRD"] == 2
    assert outcome.values["usage"]["product_manager"].calls == 2


def test_plain_text_instead_of_json_is_repaired(memory: InMemorySaver) -> None:
    answers = script() | {"PRD": ["Sure! Here is your PRD: ...", prd()]}
    outcome, model = run(memory, answers)
    assert outcome.status == "succeeded"
    assert call_counts(model)["PRD"] == 2


def test_unrecoverable_output_stops_clearly_keeps_raw_and_resumes(memory: InMemorySaver) -> None:
    answers = script() | {"PRD": [BROKEN_PRD, BROKEN_PRD, BROKEN_PRD]}
    outcome, _model = run(memory, answers, max_repairs=2)
    assert outcome.status == "failed_error"
    failure = outcome.values["failure"]
    assert failure.kind == "invalid_output" and failure.node == "product_manager"
    assert failure.artifact == "prd" and failure.field is not None
    assert "product_manager" in failure.message and failure.field in failure.message
    assert "Not A Name!" in (failure.raw_output or "")
    assert "prd" not in outcome.values
    # The same thread resumes from the failing node with a model that now answers well.
    fixed = ScriptedChatModel(script=script())
    resumed = SopRunner(memory, Context(model=fixed, sandbox=FAST_SANDBOX)).resume(outcome.thread_id)
    assert resumed.status == "succeeded"
    assert resumed.values["failure"] is None
    assert call_counts(fixed)["PRD"] == 1
    assert resumed.values["usage"]["product_manager"].calls == 3 + 1  # failed attempts stay counted


@pytest.mark.parametrize("name", ["../../x", "/etc", "calc/../../x", "..", "Calc"])
def test_a_project_name_that_is_not_a_plain_folder_name_is_sent_back(
    memory: InMemorySaver, tmp_path: Path, name: str
) -> None:
    """``project_name`` becomes the project's folder: the PRD's pattern is the check."""
    escaping = prd().model_dump() | {"project_name": name}
    workspace = tmp_path / "workspace"
    outcome, model = run(memory, script() | {"PRD": [escaping, prd()]}, workspace=workspace)
    assert outcome.status == "succeeded"
    assert call_counts(model)["PRD"] == 2  # the repair round carried the pattern error
    assert sorted(p.name for p in workspace.iterdir()) == ["calculator"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["workspace"]


def test_optional_fields_may_be_missing(memory: InMemorySaver) -> None:
    minimal = prd().model_dump(exclude={"anything_unclear", "language"})
    outcome, _ = run(memory, script() | {"PRD": [minimal]})
    assert outcome.status == "succeeded"
    assert outcome.values["prd"].anything_unclear == ""


def test_budget_stops_before_the_next_call_and_resumes_with_more(memory: InMemorySaver) -> None:
    outcome, model = run(memory, script(), budget_tokens=450)  # 150 tokens per call
    assert outcome.status == "failed_budget"
    assert len(model.calls) == 3  # PRD, design, tasks; the 4th call was never made
    assert outcome.values["failure"].kind == "budget"
    assert outcome.values["failure"].node == "engineer"
    more = RunSettings(model="scripted", budget_tokens=10_000)
    resumed = SopRunner(memory, Context(model=model, sandbox=FAST_SANDBOX)).resume(
        outcome.thread_id, settings=more
    )
    assert resumed.status == "succeeded"
    assert len(model.calls) == 8


class PricedScriptedModel(ScriptedChatModel):
    """The scripted model under a priced name: gpt-4o, $2.50 / $10 per 1M tokens, so each
    100 + 50 token call costs $0.00075."""

    model_name: str = "gpt-4o"


def test_dollar_budget_stops_before_the_next_call_and_resumes_with_more(memory: InMemorySaver) -> None:
    model = PricedScriptedModel(script=script())
    runner = SopRunner(memory, Context(model=model, sandbox=FAST_SANDBOX))
    outcome = runner.start(REQUIREMENT, RunSettings(model="scripted", budget_usd=0.002))
    assert outcome.status == "failed_budget"
    assert len(model.calls) == 3  # $0.0015 after two calls is under, $0.00225 after three is not
    failure = outcome.values["failure"]
    assert failure.kind == "budget" and failure.node == "engineer"
    assert "dollar budget spent: $0.0022 of $0.0020" in failure.message
    resumed = runner.resume(outcome.thread_id, settings=RunSettings(model="scripted", budget_usd=1.0))
    assert resumed.status == "succeeded"
    assert sum(u.cost_usd for u in resumed.values["usage"].values()) == pytest.approx(8 * 0.00075)


def test_empty_requirement_is_refused_and_nothing_is_written(memory: InMemorySaver) -> None:
    from graph.api import RunRequestError

    runner = SopRunner(memory, Context(model=ScriptedChatModel(), sandbox=FAST_SANDBOX))
    with pytest.raises(RunRequestError, match="requirement is empty"):
        runner.start("   \n", RunSettings(model="scripted"), thread_id="t-empty")
    assert list(memory.list(None)) == []
    with pytest.raises(RunRequestError, match="no run with thread id"):
        runner.resume("does-not-exist")


def test_path_traversal_is_sent_back_then_stops_naming_the_check(
    memory: InMemorySaver,
) -> None:
    evil = design().model_dump(mode="json") | {"file_list": ["../../x.py"]}
    repaired, model = run(memory, script() | {"SystemDesign": [evil, design()]})
    assert repaired.status == "succeeded"
    assert call_counts(model)["SystemDesign"] == 2
    stopped, _ = run(memory, script() | {"SystemDesign": [evil] * 3})
    failure = stopped.values["failure"]
    assert stopped.status == "failed_error"
    assert failure.field == "file_list" and "parent_component" in failure.message


def test_a_fix_that_writes_outside_the_project_is_refused(memory: InMemorySaver) -> None:
    from state.artifacts import FixPlan

    evil = "DIAGNOSIS: x\nSEND TO: Engineer\nFILE: /etc/cron.d/x.py\n```python\nboom\n```\n"
    good = FixPlan(diagnosis="fixed", files=[CodeFile(path="calc.py", content=GOOD_CALC)])
    outcome, model = run(memory, script(buggy_first=True) | {"FixPlan": [evil, good]})
    assert outcome.status == "succeeded"
    assert call_counts(model)["FixPlan"] == 2
    assert not Path("/etc/cron.d/x.py").exists()


def test_a_fix_sent_to_the_engineer_that_rewrites_no_file_is_asked_again(memory: InMemorySaver) -> None:
    """A looped diagnosis with no file used to count as a fix that "rewrote nothing" and end
    the loop; it is re-asked, in the plain-text form the fix prompt asked for, not as JSON."""
    from state.artifacts import FixPlan

    looped = "DIAGNOSIS: add subtracts. " + "The function add subtracts b. " * 3 + "\nSEND TO: Engineer\n"
    good = FixPlan(diagnosis="fixed", files=[CodeFile(path="calc.py", content=GOOD_CALC)])
    outcome, model = run(memory, script(buggy_first=True) | {"FixPlan": [looped, good]})
    assert outcome.status == "succeeded"
    assert call_counts(model)["FixPlan"] == 2
    repair = model.prompts[model.calls.index("FixPlan") + 1]
    assert "it rewrote no file" in repair and "plain-text form" in repair and "as JSON" not in repair


def test_a_fix_still_unusable_after_its_repairs_keeps_the_code_and_ends_the_loop(
    memory: InMemorySaver,
) -> None:
    """The run ends on the failing report with the code it judged, not with an error."""
    no_file = "DIAGNOSIS: add subtracts\nSEND TO: Engineer\n"
    outcome, model = run(memory, script(buggy_first=True) | {"FixPlan": [no_file] * 3}, max_test_revisions=0)
    assert outcome.status == "failed_tests"
    assert call_counts(model)["FixPlan"] == 3
    assert outcome.values["code"]["calc.py"].content == BAD_CALC
    unusable = outcome.values["fix_plans"][-1].diagnosis
    assert unusable.startswith("no usable fix: engineer: the model's fix plan was still invalid")
    assert unusable.endswith("its last answer began: DIAGNOSIS: add subtracts SEND TO: Engineer")


def test_test_files_are_placed_under_tests() -> None:
    from state.artifacts import TestSuite

    suite = TestSuite(files=[CodeFile(path="test_calc.py", content="")])
    assert suite.files[0].path == "tests/test_calc.py"
    with pytest.raises(ValueError, match="must be named test_"):
        TestSuite(files=[CodeFile(path="tests/calc_checks.py", content="")])


def test_a_prompt_the_context_cannot_hold_stops_clearly(memory: InMemorySaver) -> None:
    model = ScriptedChatModel(script=script(), context_window=3000, max_tokens=2048)
    runner = SopRunner(memory, Context(model=model, sandbox=FAST_SANDBOX))
    outcome = runner.start("Make a game. " * 5000, RunSettings(model="scripted"))
    failure = outcome.values["failure"]
    assert outcome.status == "failed_error" and failure.kind == "context"
    assert "context window holds 3000" in failure.message and "product_manager" in failure.message
    assert model.calls == []  # stopped before paying for a call that could not fit


def test_long_inputs_are_trimmed_with_a_marker_to_fit(memory: InMemorySaver) -> None:
    model = ScriptedChatModel(script=script(), context_window=16384, max_tokens=2048)
    runner = SopRunner(memory, Context(model=model, sandbox=FAST_SANDBOX))
    outcome = runner.start("Make a game. " * 20000, RunSettings(model="scripted"))
    assert outcome.status == "succeeded"
    assert "[truncated" in model.prompts[0]
    assert len(model.prompts[0]) < (16384 - 2048) * 3 + 2000


def test_answers_are_capped_per_artifact_for_models_with_a_cap(memory: InMemorySaver) -> None:
    model = ScriptedChatModel(script=script(), max_tokens=2048)
    SopRunner(memory, Context(model=model, sandbox=FAST_SANDBOX)).start(REQUIREMENT, RunSettings())
    caps = dict(zip(model.calls, model.caps, strict=True))
    assert caps == {
        "PRD": 1500,
        "SystemDesign": 1500,
        "TaskPlan": 1500,
        "CodeDraft": 2048,
        "CodeReview": 512,
        "TestSuite": 1200,
    }
