"""The change benchmark's harness: its references grade as they must, and one scenario runs
end to end on the scripted model (no language model; the benchmark itself is not run here)."""

from __future__ import annotations

from benchmarks.change_bench import check_references, count_items, load_scenarios, run_scenario, table_row
from benchmarks.scenarios import lgtm, prd
from state.artifacts import CodeDraft, CodeFile, LogicItem, SystemDesign, TaskPlan, TestSuite
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel


def test_every_scenario_has_hidden_tests_that_its_references_pass_and_fail_as_they_must() -> None:
    scenarios = load_scenarios()
    assert len(scenarios) >= 5 and len({s.kind for s in scenarios}) >= 4
    for scenario in scenarios:
        assert all(check_references(scenario).values()), scenario.name
        assert count_items(scenario.kept_step1_test) == count_items(scenario.step1_test) - len(
            scenario.obsolete
        )


def _answers(code: str, test: str, test_path: str) -> list[object]:
    design = SystemDesign(
        implementation_approach="one module",
        file_list=["shipping.py"],
        data_structures_and_interfaces="classDiagram\n  class shipping {\n    <<module>>\n"
        "    +shipping_cost(weight_kg: float) float\n  }",
        program_call_flow="sequenceDiagram\n  Caller->>shipping: shipping_cost(w)",
    )
    tasks = TaskPlan(
        logic_analysis=[LogicItem(file="shipping.py", description="shipping_cost")], task_list=["shipping.py"]
    )
    suite = TestSuite(files=[CodeFile(path=test_path, content=test)])
    return [prd("shipping"), design, tasks, CodeDraft(content=code), lgtm(), suite]


def test_a_scenario_runs_end_to_end_on_the_scripted_model() -> None:
    scenario = next(s for s in load_scenarios() if s.name == "shipping")
    old, new = scenario.reference1["shipping.py"], scenario.reference2["shipping.py"]
    light = "from shipping import shipping_cost\n\n\ndef test_light():\n    assert shipping_cost(2) == 8.0\n"
    runs = [
        _answers(old, light, "tests/test_shipping.py"),
        _answers(new, light.replace("light", "flat"), "tests/test_change_1.py"),
        _answers(new, light, "tests/test_shipping.py"),
    ]
    names = ("PRD", "SystemDesign", "TaskPlan", "CodeDraft", "CodeReview", "TestSuite")
    model = ScriptedChatModel(script={name: [run[i] for run in runs] for i, name in enumerate(names)})
    row = run_scenario(scenario, model, RunSettings(model="scripted", candidates=1))
    assert row["step1_hidden_passed"] == "5/5" and row["change_passed"] is True
    assert row["old_tests_still_passing"] == "4/4" and row["new_tests_passing"] == "2/2"
    assert row["files_touched"] == ["shipping.py"] and row["untouched_modified"] == []
    assert row["added_unasked"] == [] and set(row["change"]["tokens_by_role"]) >= {"engineer", "qa_engineer"}
    assert sum(row["change"]["tokens_by_role"].values()) == row["change"]["tokens"]
    assert row["regression_left"] is False and row["change"]["status"] == "succeeded"
    assert row["token_share_of_rebuild"] == 1.0  # the scripted model charges every call alike
    assert table_row(row)["touched / needed"] == "shipping.py / shipping.py"
