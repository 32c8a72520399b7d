"""A test function defined twice: every check the model wrote runs, each once."""

from __future__ import annotations

import ast

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import script
from checkpoints.serde import make_serializer
from nodes.repeated_tests import distinct_tests
from state.artifacts import CodeFile, TestSuite
from tests.graph_helpers import call_counts, run

FULL = "def test_add():\n    assert add(0, 0) == 0\n    assert add(2, 3) == 5\n"
CUT_SHORT = "def test_add():\n    assert add(0, 0) == 0\n"
"""The shape of HumanEval/162 (0.5B): the loop's last copy, cut after its first assert."""
HEADER = "from calc import add\n\n\n"


def subtract(a: int, b: int) -> int:
    return a - b


def failing_tests(content: str) -> list[str]:
    """Run the module's test functions the way pytest would see them (last definition wins)
    against an ``add`` that subtracts; the names of those that fail."""
    namespace: dict[str, object] = {}
    exec(compile(content.replace(HEADER, ""), "test_calc.py", "exec"), {"add": subtract}, namespace)
    failed = []
    for name, test in namespace.items():
        assert callable(test)
        try:
            test()
        except AssertionError:
            failed.append(name)
    return failed


def function_names(content: str) -> list[str]:
    return [node.name for node in ast.parse(content).body if isinstance(node, ast.FunctionDef)]


def test_a_copy_cut_short_no_longer_hides_the_full_test() -> None:
    shadowed = HEADER + FULL + "\n\n" + CUT_SHORT
    assert failing_tests(shadowed) == []  # as written, the subtracting add looks right
    repaired, changes = distinct_tests(shadowed)
    assert failing_tests(repaired) == ["test_add"]
    assert function_names(repaired) == ["test_add"] and "assert add(2, 3) == 5" in repaired
    assert changes == ["1 copy repeated, dropped (test_add)"]


def test_exact_copies_are_dropped_with_their_decorators() -> None:
    decorated = '@pytest.mark.parametrize("n", [1, 2])\ndef test_n(n):\n    assert n > 0\n'
    content = "import pytest\n\n\n" + decorated + "\n\n" + decorated + "\n\n" + decorated
    repaired, changes = distinct_tests(content)
    assert repaired.count("@pytest.mark.parametrize") == 1 and function_names(repaired) == ["test_n"]
    assert changes == ["2 copies repeated, dropped (test_n)"]


def test_a_different_second_test_gets_a_free_name_and_both_run() -> None:
    other = "def test_add():\n    assert add(1, 1) == 2\n"
    taken = "def test_add_2():\n    assert add(0, 1) == 1\n"
    repaired, changes = distinct_tests(HEADER + CUT_SHORT + "\n\n" + taken + "\n\n" + other)
    assert function_names(repaired) == ["test_add", "test_add_2", "test_add_3"]
    assert sorted(failing_tests(repaired)) == ["test_add_2", "test_add_3"]
    assert changes == ["1 copy changed, renamed (test_add_3)"]


@pytest.mark.parametrize("content", [HEADER + FULL, "def test_add(:\n    pass\n", ""])
def test_a_suite_without_repeats_or_that_does_not_parse_is_left_alone(content: str) -> None:
    assert distinct_tests(content) == (content, [])


def test_the_repaired_suite_sends_the_bug_it_catches_to_the_engineer() -> None:
    """Without the repair the cut-short copy is the only ``test_add`` pytest sees, the run is
    green on the subtracting ``add``, and the fix is never asked for."""
    shadowed = TestSuite(
        files=[CodeFile(path="tests/test_calc.py", content=HEADER + FULL + "\n\n" + CUT_SHORT)]
    )
    answers = script(buggy_first=True) | {"TestSuite": [shadowed]}
    outcome, model = run(InMemorySaver(serde=make_serializer()), answers)
    assert outcome.status == "succeeded" and outcome.values["retries"] == 1
    assert call_counts(model)["FixPlan"] == 1
    published = [m.summary for m in outcome.values["messages"] if m.action == "WriteTest"]
    (suite,) = outcome.values["tests"].values()
    assert published == [f"{suite.path}; repeated tests: 1 copy repeated, dropped (test_add)"]
