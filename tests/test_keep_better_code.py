"""A test loop that ends red keeps its fixes only if they beat the code they replaced.

Driven through the whole graph with the scripted model; every suite runs for real in the
sandbox, on both versions of the code.
"""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import BAD_CALC, GOOD_CALC, MAIN, TESTS, script
from checkpoints.serde import make_serializer
from graph.routing import loop_exit
from nodes.keep_better_code import better_code
from state.artifacts import CodeDraft, CodeFile, FixPlan, TestReport, TestSuite
from tests.graph_helpers import call_counts, run

HALF_RIGHT = "def add(a: float, b: float) -> float:\n    return abs(a) + b\n"
"""Passes ``add(2, 3) == 5``, fails ``add(-1, 1) == 0``: one test of the two."""

OTHER_HALF_RIGHT = "def add(a: float, b: float) -> float:\n    return a + b if a >= 0 else 7.0\n"
BENT_TO_WRONG_TEST = "def add(a: float, b: float) -> float:\n    return a + b + 1\n"


@pytest.fixture
def memory() -> InMemorySaver:
    return InMemorySaver(serde=make_serializer())


def fix(content: str) -> FixPlan:
    return FixPlan(diagnosis="try this", files=[CodeFile(path="calc.py", content=content)])


def loop(first_draft: str, fixes: list[FixPlan | str]) -> dict[str, list[object]]:
    """A run whose first ``calc.py`` is ``first_draft`` and whose fix rounds answer ``fixes``."""
    return script() | {
        "CodeDraft": [CodeDraft(content=first_draft), CodeDraft(content=MAIN)],
        "FixPlan": fixes,
    }


def kept_messages(values: dict[str, object]) -> list[str]:
    return [m.summary for m in values["messages"] if m.action == "KeepBetterCode"]  # type: ignore[attr-defined]


def test_a_fix_that_makes_things_worse_is_undone(memory: InMemorySaver) -> None:
    outcome, model = run(memory, loop(HALF_RIGHT, [fix(BAD_CALC)]), max_retries=1, max_test_revisions=0)
    values = outcome.values
    assert outcome.status == "failed_tests"
    assert values["code"]["calc.py"].content == HALF_RIGHT
    first, after_fix, shipped = values["test_reports"]
    assert (first.passed, after_fix.passed, shipped.passed) == (1, 0, 1)
    assert "kept the code from before the fixes" in shipped.notes[-1]
    [summary] = kept_messages(values)
    assert "before the fixes 1 passed, 1 failed" in summary and "fixed code 0 passed, 2 failed" in summary
    assert call_counts(model)["FixPlan"] == 1  # choosing costs no model call


def test_a_fix_that_does_better_but_not_green_stays(memory: InMemorySaver) -> None:
    outcome, _ = run(memory, loop(BAD_CALC, [fix(HALF_RIGHT)]), max_retries=1, max_test_revisions=0)
    values = outcome.values
    assert outcome.status == "failed_tests"
    assert values["code"]["calc.py"].content == HALF_RIGHT
    assert values["code"]["calc.py"].attempt == 1
    assert values["test_reports"][-1].passed == 1 and "kept the fixes" in values["test_reports"][-1].notes[-1]


def test_a_tie_keeps_the_code_from_before_the_fixes(memory: InMemorySaver) -> None:
    outcome, _ = run(memory, loop(HALF_RIGHT, [fix(OTHER_HALF_RIGHT)]), max_retries=1, max_test_revisions=0)
    assert outcome.values["code"]["calc.py"].content == HALF_RIGHT
    assert outcome.values["code"]["calc.py"].attempt == 0


def test_code_bent_to_a_wrong_test_loses_to_the_original_once_qa_corrects_the_test(
    memory: InMemorySaver,
) -> None:
    """HumanEval/28 on the 1.5B: the fix matched a wrong test, QA then fixed the test."""
    wrong_tests = TESTS.replace("== 5", "== 6")
    answers = script() | {
        "TestSuite": [
            TestSuite(files=[CodeFile(path="tests/test_calc.py", content=wrong_tests)]),
            TestSuite(files=[CodeFile(path="tests/test_calc.py", content=TESTS)]),
        ],
        "FixPlan": [fix(BENT_TO_WRONG_TEST), FixPlan(diagnosis="the test is wrong", send_to="QaEngineer")],
    }
    outcome, _ = run(memory, answers, max_retries=2, max_test_revisions=1)
    values = outcome.values
    assert [r.ok for r in values["test_reports"]] == [False, False, False, True]
    assert outcome.status == "succeeded"
    assert values["code"]["calc.py"].content == GOOD_CALC
    assert values["qa_report"].verdict == "passed"


def test_a_loop_ended_by_an_unusable_fix_still_compares(memory: InMemorySaver) -> None:
    """A fix still invalid after its repairs changes nothing and ends the loop; the code
    the earlier fix made worse loses to the original all the same."""
    broken = "DIAGNOSIS: x\nSEND TO: Engineer\nFILE: calc.py\n```python\ndef add(:\n```\n"
    answers = loop(HALF_RIGHT, [fix(BAD_CALC), broken, broken, broken])
    outcome, _ = run(memory, answers, max_retries=3, max_test_revisions=0, max_repairs=2)
    assert outcome.status == "failed_tests"
    assert outcome.values["fix_plans"][-1].diagnosis.startswith("no usable fix")
    assert outcome.values["code"]["calc.py"].content == HALF_RIGHT
    assert len(kept_messages(outcome.values)) == 1


def test_fixes_that_end_where_they_started_go_straight_to_finalize(memory: InMemorySaver) -> None:
    answers = loop(BAD_CALC, [fix(HALF_RIGHT), fix(BAD_CALC)])
    outcome, _ = run(memory, answers, max_retries=2, max_test_revisions=0)
    values = outcome.values
    assert values["code_before_fixes"]["calc.py"].content == BAD_CALC == values["code"]["calc.py"].content
    assert loop_exit(values) == "finalize"  # type: ignore[arg-type]
    assert kept_messages(values) == [] and len(values["test_reports"]) == 3


@pytest.mark.parametrize(
    ("before", "fixed", "winner"),
    [
        (
            TestReport(exit_status=1, passed=1, failed=1),
            TestReport(exit_status=1, passed=1, failed=1),
            "before_fixes",
        ),
        (
            TestReport(exit_status=1, passed=1, failed=1),
            TestReport(exit_status=1, passed=2, failed=1),
            "fixed",
        ),
        (
            TestReport(exit_status=1, passed=2, failed=2),
            TestReport(exit_status=1, passed=2, failed=1),
            "fixed",
        ),
        (TestReport(exit_status=0, passed=1), TestReport(exit_status=1, passed=9, failed=1), "before_fixes"),
        (TestReport(exit_status=1, errors=1), TestReport(exit_status=1, passed=0, failed=1), "fixed"),
        (TestReport(exit_status=1, failed=2), TestReport(exit_status=1, errors=1), "before_fixes"),
        (TestReport(exit_status=1, limit_hit="timeout"), TestReport(exit_status=1, failed=3), "fixed"),
        (
            TestReport(exit_status=0, passed=3, start_error="Traceback"),
            TestReport(exit_status=1, failed=3),
            "fixed",
        ),
    ],
)
def test_better_code_prefers_green_then_starting_then_passes_then_finished_then_fewer_errors_then_failures(
    before: TestReport, fixed: TestReport, winner: str
) -> None:
    assert better_code(before, fixed) == winner


@pytest.mark.parametrize(
    ("second_round", "kept"),
    [
        ([CodeFile(path="calc.py", content=BAD_CALC + "# 2\n")], {"calc.py": BAD_CALC}),
        (
            [
                CodeFile(path="calc.py", content=BAD_CALC + "# 2\n"),
                CodeFile(path="main.py", content=MAIN + "# 2\n"),
            ],
            {"calc.py": BAD_CALC, "main.py": MAIN},
        ),
    ],
    ids=["one_file_twice", "a_second_file_later"],
)
def test_only_rewritten_files_are_kept_each_in_its_first_version(
    memory: InMemorySaver, second_round: list[CodeFile], kept: dict[str, str]
) -> None:
    """A full copy of the code in every later checkpoint is what ``code_before_fixes`` avoids."""
    fixes: list[FixPlan | str] = [fix(BAD_CALC + "# 1\n"), FixPlan(diagnosis="again", files=second_round)]
    outcome, _ = run(memory, loop(BAD_CALC, fixes), max_retries=2, max_test_revisions=0)
    before = outcome.values["code_before_fixes"]
    assert {path: f.content for path, f in before.items()} == kept
    assert before["calc.py"].attempt == 0


def test_a_first_round_that_rewrites_nothing_records_nothing(memory: InMemorySaver) -> None:
    outcome, _ = run(memory, loop(BAD_CALC, [fix(BAD_CALC)]), max_retries=1, max_test_revisions=0)
    assert not outcome.values.get("code_before_fixes")
