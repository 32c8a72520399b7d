"""The whole SOP graph, driven by the scripted model, with tests run for real."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import BAD_CALC, CRASHING_MAIN, GOOD_CALC, MAIN, TESTS, script
from checkpoints.serde import make_serializer
from nodes.debug_fix import START_CRASH, prompt_template
from state.artifacts import PRD, CodeDraft, CodeFile, FixPlan, SystemDesign, TaskPlan, TestReport, TestSuite
from state.usage import total_usage
from tests.graph_helpers import call_counts, run

MULTIPLIES = GOOD_CALC.replace("a + b", "a * b")


@pytest.fixture
def memory() -> InMemorySaver:
    return InMemorySaver(serde=make_serializer())


def test_happy_path_publishes_every_artifact_and_goes_green(memory: InMemorySaver, tmp_path: Path) -> None:
    outcome, model = run(memory, script(), workspace=tmp_path)
    values = outcome.values
    assert outcome.status == "succeeded"
    assert isinstance(values["prd"], PRD)
    assert isinstance(values["design"], SystemDesign)
    assert isinstance(values["tasks"], TaskPlan)
    assert set(values["code"]) == {"calc.py", "main.py"}
    assert set(values["tests"]) == {"tests/test_calculator.py"}
    [report] = values["test_reports"]
    assert report.ok and report.passed == 2
    assert values["qa_report"].verdict == "passed"
    assert call_counts(model) == {
        "PRD": 1,
        "SystemDesign": 1,
        "TaskPlan": 1,
        "CodeDraft": 2,
        "CodeReview": 2,
        "TestSuite": 1,
    }
    roles = [m.role for m in values["messages"]]
    assert roles[:4] == ["requirement", "product_manager", "architect", "project_manager"]
    assert roles.count("engineer") == 2


def test_token_totals_add_up(memory: InMemorySaver) -> None:
    outcome, model = run(memory, script())
    usage = outcome.values["usage"]
    total = total_usage(usage)
    assert total.calls == len(model.calls) == 8
    assert total.prompt_tokens == 100 * 8 and total.completion_tokens == 50 * 8
    assert usage["engineer"].calls == 4 and usage["product_manager"].calls == 1
    assert total.cost_usd == 0.0


def test_workspace_holds_documents_code_and_tests(memory: InMemorySaver, tmp_path: Path) -> None:
    run(memory, script(), workspace=tmp_path)
    project = tmp_path / "calculator"
    for relative in [
        "docs/prd.md",
        "docs/system_design.md",
        "docs/tasks.md",
        "docs/test_report.md",
        "docs/run_report.md",
        "docs/data_structures.mmd",
        "docs/program_call_flow.mmd",
        "docs/competitive_quadrant_chart.mmd",
        "docs/json/prd.json",
        "calc.py",
        "main.py",
        "tests/test_calculator.py",
    ]:
        assert (project / relative).is_file(), relative
    report = (project / "docs/run_report.md").read_text()
    assert "Total running cost" in report
    # the log says how the files came about: every publication of the run, in order
    assert "| architect | WriteDesign | 2 files: calc.py, main.py |" in report
    assert report.index("| WritePRD |") < report.index("| WriteDesign |") < report.index("| RunCode |")
    assert "```mermaid\nclassDiagram" in (project / "docs/system_design.md").read_text()


def test_failing_tests_are_fixed_then_pass(memory: InMemorySaver) -> None:
    outcome, model = run(memory, script(buggy_first=True))
    reports = outcome.values["test_reports"]
    assert [r.ok for r in reports] == [False, True]
    assert reports[0].failed == 2 and "assert" in reports[0].failing_output
    assert outcome.values["retries"] == 1
    assert outcome.values["code"]["calc.py"].content == GOOD_CALC
    assert outcome.values["code"]["calc.py"].attempt == 1
    assert outcome.status == "succeeded"
    assert call_counts(model)["FixPlan"] == 1


def test_a_program_that_crashes_on_start_is_sent_back_although_its_tests_pass(memory: InMemorySaver) -> None:
    answers = script() | {
        "CodeDraft": [CodeDraft(content=GOOD_CALC), CodeDraft(content=CRASHING_MAIN)],
        "FixPlan": [FixPlan(diagnosis="no arguments", files=[CodeFile(path="main.py", content=MAIN)])],
    }
    outcome, model = run(memory, answers)
    first, second = outcome.values["test_reports"]
    assert (first.passed, first.failed, first.ok) == (2, 0, False)
    assert first.start_error.endswith("IndexError: list index out of range")
    assert second.ok and not second.start_error
    assert outcome.status == "succeeded" and outcome.values["code"]["main.py"].content == MAIN
    assert call_counts(model)["FixPlan"] == 1


def test_tests_importing_a_module_the_project_lacks_go_back_to_qa_not_the_engineer(
    memory: InMemorySaver,
) -> None:
    made_up = "from game import Game\n\n\ndef test_start():\n    assert Game()\n"
    suites = [TestSuite(files=[CodeFile(path="tests/test_calc.py", content=c)]) for c in (made_up, TESTS)]
    outcome, model = run(memory, script() | {"TestSuite": suites})
    assert outcome.status == "succeeded"
    assert [r.ok for r in outcome.values["test_reports"]] == [True]
    assert call_counts(model)["TestSuite"] == 2 and call_counts(model)["FixPlan"] == 0


def test_the_fix_prompt_names_a_crash_on_start_only_when_there_was_one() -> None:
    crashed = TestReport(exit_status=0, passed=1, start_error="Traceback ...\nIndexError: x")
    assert START_CRASH in prompt_template({"test_reports": [crashed]})  # type: ignore[typeddict-item]
    plain = prompt_template({"test_reports": [TestReport(exit_status=1, failed=1)]})  # type: ignore[typeddict-item]
    assert (
        START_CRASH not in plain and "{start_crash}" not in plain and "The tests above failed. Find" in plain
    )


def test_red_at_the_cap_finishes_failed_tests(memory: InMemorySaver) -> None:
    bad_fixes = [
        FixPlan(diagnosis="try", files=[CodeFile(path="calc.py", content=content)])
        for content in (MULTIPLIES, BAD_CALC)
    ]
    answers = script(buggy_first=True) | {"FixPlan": bad_fixes}
    outcome, model = run(memory, answers, max_retries=2, max_test_revisions=0)
    assert outcome.status == "failed_tests"
    assert len(outcome.values["test_reports"]) == 3  # first run + one per retry, every one kept
    assert outcome.values["retries"] == 2
    assert outcome.values["qa_report"].verdict == "failed"
    assert call_counts(model)["FixPlan"] == 2


WRONG_TESTS = TESTS.replace("== 5", "== 6")


def qa_then_fixes(*fixes: str) -> dict[str, list[Any]]:
    """Tests that expect 2 + 3 == 6, then QA's corrected ones; the Engineer's fixes of ``calc.py``."""
    return script() | {
        "TestSuite": [
            TestSuite(files=[CodeFile(path="tests/test_calc.py", content=WRONG_TESTS)]),
            TestSuite(files=[CodeFile(path="tests/test_calc.py", content=TESTS)]),
        ],
        "FixPlan": [
            FixPlan(diagnosis="looks right", files=[CodeFile(path="calc.py", content=c)]) for c in fixes
        ],
    }


def test_repeated_failure_lets_qa_revise_the_tests_once(memory: InMemorySaver) -> None:
    outcome, model = run(memory, qa_then_fixes(GOOD_CALC.replace("a + b", "b + a")))
    assert outcome.status == "succeeded"
    assert outcome.values["test_revisions"] == 1
    assert call_counts(model)["TestSuite"] == 2
    assert [r.ok for r in outcome.values["test_reports"]] == [False, False, True]


def test_a_fix_that_changes_nothing_goes_to_qa_without_repeating_the_run(memory: InMemorySaver) -> None:
    """The skipped run would have failed the same tests, which sends the loop to QA anyway."""
    outcome, model = run(memory, qa_then_fixes(GOOD_CALC))
    assert outcome.status == "succeeded"
    assert [r.ok for r in outcome.values["test_reports"]] == [False, True]
    assert outcome.values["fix_plans"][0].files == []  # the identical rewrite is not a change
    assert outcome.values["code"]["calc.py"].attempt == 0
    assert call_counts(model)["FixPlan"] == 1


def test_a_fix_that_changes_nothing_ends_the_loop_when_nothing_else_can_change(memory: InMemorySaver) -> None:
    """No QA revision left: every further round would repeat this one's prompt and answer."""
    same = FixPlan(diagnosis="try", files=[CodeFile(path="calc.py", content=BAD_CALC)])
    outcome, model = run(memory, script(buggy_first=True) | {"FixPlan": [same]}, max_test_revisions=0)
    assert outcome.status == "failed_tests"
    assert len(outcome.values["test_reports"]) == 1 and outcome.values["retries"] == 1
    assert call_counts(model)["FixPlan"] == 1


def test_engineer_saying_tests_are_wrong_routes_to_qa(memory: InMemorySaver) -> None:
    wrong_tests = TESTS.replace("== 5", "== 6")
    answers = script() | {
        "TestSuite": [
            TestSuite(files=[CodeFile(path="tests/test_calc.py", content=wrong_tests)]),
            TestSuite(files=[CodeFile(path="tests/test_calc.py", content=TESTS)]),
        ],
        "FixPlan": [FixPlan(diagnosis="test expects 2+3 == 6", send_to="QaEngineer")],
    }
    outcome, _ = run(memory, answers)
    assert outcome.status == "succeeded"
    assert outcome.values["test_revisions"] == 1


def test_roles_can_be_switched_off(memory: InMemorySaver) -> None:
    answers = {
        "CodeDraft": script()["CodeDraft"][:1],
        "CodeReview": script()["CodeReview"][:1],
        "TestSuite": [
            TestSuite(files=[CodeFile(path="tests/test_main.py", content=TESTS.replace("calc", "main"))])
        ],
    }
    outcome, model = run(memory, answers, roles=("engineer", "qa_engineer"))
    assert outcome.status == "succeeded"
    assert "prd" not in outcome.values and "design" not in outcome.values
    assert set(outcome.values["code"]) == {"main.py"}
    assert set(call_counts(model)) == {"CodeDraft", "CodeReview", "TestSuite"}


def test_engineer_alone_finishes_without_tests(memory: InMemorySaver) -> None:
    answers = {"CodeDraft": script()["CodeDraft"][:1], "CodeReview": script()["CodeReview"][:1]}
    outcome, _ = run(memory, answers, roles=("engineer",))
    assert outcome.status == "succeeded"
    assert outcome.values["qa_report"].verdict == "not_run"


def test_lbtm_review_triggers_a_rewrite(memory: InMemorySaver) -> None:
    from state.artifacts import CodeDraft, CodeReview

    answers = script() | {
        "CodeDraft": [
            CodeDraft(content=BAD_CALC),
            CodeDraft(content=GOOD_CALC),
            script()["CodeDraft"][1],
        ],
        "CodeReview": [
            CodeReview(verdict="LBTM", comments=["add subtracts"]),
            CodeReview(verdict="LGTM"),
            CodeReview(verdict="LGTM"),
        ],
    }
    outcome, _model = run(memory, answers)
    assert outcome.values["code"]["calc.py"].content == GOOD_CALC
    assert outcome.values["code"]["calc.py"].attempt == 1  # the review's rewrite is counted
    assert outcome.values["code"]["main.py"].attempt == 0
    assert [r.verdict for r in outcome.values["reviews"]] == ["LBTM", "LGTM", "LGTM"]
    assert outcome.status == "succeeded"


def test_syntax_error_is_caught_without_asking_the_reviewer(memory: InMemorySaver) -> None:
    from state.artifacts import CodeDraft

    answers = script() | {
        "CodeDraft": [
            CodeDraft(content="def add(a, b)\n    return a + b\n"),
            CodeDraft(content=GOOD_CALC),
            script()["CodeDraft"][1],
        ],
    }
    outcome, model = run(memory, answers)
    first_review = outcome.values["reviews"][0]
    assert first_review.verdict == "LBTM" and "SyntaxError" in first_review.comments[0]
    assert call_counts(model)["CodeReview"] == 2  # the syntax check cost no model call


def test_exporting_from_the_checkpoint_writes_the_same_bytes(memory: InMemorySaver, tmp_path: Path) -> None:
    from nodes.workspace import write_workspace

    outcome, _ = run(memory, script(buggy_first=True), workspace=tmp_path / "live")
    exported = write_workspace(tmp_path / "export", outcome.values)
    live = tmp_path / "live" / "calculator"
    live_files = {p.relative_to(live): p.read_bytes() for p in live.rglob("*") if p.is_file()}
    export_files = {p.relative_to(exported): p.read_bytes() for p in exported.rglob("*") if p.is_file()}
    assert live_files == export_files
    assert len(live_files) >= 14
