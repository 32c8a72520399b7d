"""Probe calls (``state.probes``), their outputs observed in the real sandbox
(``nodes.observed_outputs``) and agreement on them as a step of the selection rule."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.memory import InMemorySaver

from nodes.sandbox_config import SandboxConfig
from nodes.select_code import observe
from nodes.selection import choose
from state.artifacts import CodeFile
from state.candidates import CandidateRun
from state.probes import MAX_PROBES, probe_calls
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import make_runner
from tests.test_selection import DESIGN, candidate_script, settings

SORT_REQUIREMENT = """Sort the array.
    >>> sort_array([1, 5, 2]) == [1, 2, 5]
    >>> sort_array([]) => []
    print(len([1, 2]))  # not a function the requirement names
"""


def test_probes_are_the_requirements_literal_calls_then_their_neighbours() -> None:
    probes = probe_calls(SORT_REQUIREMENT, {"sort_array"})
    assert probes[:2] == ["sort_array([1, 5, 2])", "sort_array([])"]
    assert "sort_array([2, 5, 1])" in probes and "sort_array([1, 5])" in probes
    assert all(p.startswith("sort_array(") for p in probes) and len(set(probes)) == len(probes)


def test_calls_with_names_or_expressions_as_arguments_are_not_probes() -> None:
    assert probe_calls("f(x) returns x; f(n + 1) too; g(3)", {"f"}) == []
    assert probe_calls("f(3)", set()) == []


def test_example_calls_count_and_the_number_of_probes_is_capped() -> None:
    text = "\n".join(f"f({i}, 'ab', [1, 2, 3])" for i in range(40))
    assert len(probe_calls(text, {"f"})) == MAX_PROBES
    assert probe_calls("Input: [4, 2]", {"pluck"}, ["pluck([4, 2])"])[0] == "pluck([4, 2])"


def test_dates_are_values_and_a_range_tuple_is_nudged_reversed() -> None:
    # the date-range project: its only calls take tuples of `date(...)`, so it had no probe
    text = "`overlaps((date(2024, 1, 1), date(2024, 1, 9)), (date(2024, 1, 10), date(2024, 1, 20)))`"
    probes = probe_calls(text, {"overlaps"})
    assert probes[0] == text.strip("`")
    assert (
        probes[1] == "overlaps((date(2024, 1, 9), date(2024, 1, 1)), (date(2024, 1, 10), date(2024, 1, 20)))"
    )
    checked = (
        "def overlaps(a, b):\n    if a[1] < a[0]:\n        raise ValueError(a)\n    return a[1] >= b[0]\n"
    )
    seen = observed(checked, probes[:2])
    assert seen[probes[0]].startswith("returns ") and seen[probes[1]] == "raises ValueError"


def observed(content: str, probes: list[str]) -> dict[str, str]:
    code = {"solution.py": CodeFile(path="solution.py", content=content)}
    return observe(code, probes, "solution.py", SandboxConfig())


def test_outputs_are_observed_in_the_sandbox_equal_results_alike() -> None:
    probes = ["f(1)", "f(2)", "f(3)", "f(4)"]
    first = observed(
        "def f(x):\n    if x == 3:\n        raise ValueError(x)\n    if x == 4:\n"
        "        while True:\n            pass\n    return [x * 0.1, {x}, (i for i in range(x))]\n",
        probes,
    )
    again = observed(
        "def f(x):\n    if x == 3:\n        int('x')\n    return [x / 10, {x}, iter(range(x))]\n", probes
    )
    assert first["f(3)"] == again["f(3)"] == "raises ValueError"
    assert first["f(1)"] == again["f(1)"] and first["f(1)"] != first["f(2)"]
    assert "f(4)" not in first  # hung past the probe's time: nothing observed


def run_of(index: int, observed: dict[str, str], trusted: int = 1) -> CandidateRun:
    return CandidateRun(index=index, trusted_passed=[f"t{i}" for i in range(trusted)], observed=observed)


def test_agreement_on_outputs_breaks_a_tie_the_trusted_tests_left() -> None:
    right = {"f(1)": "returns a", "f(2)": "returns b"}
    runs = [run_of(0, {"f(1)": "returns a", "f(2)": "returns x"}), run_of(1, right), run_of(2, right),
            run_of(3, right, trusted=0)]  # fmt: skip
    assert choose(runs, preference=[0, 1, 2, 3]) == (
        1,
        "agreement on probe outputs, then preference order among 2",
    )


def test_agreement_never_outvotes_a_trusted_test() -> None:
    same = {"f(1)": "returns a"}
    runs = [run_of(0, {"f(1)": "returns z"}, trusted=2), run_of(1, same), run_of(2, same)]
    assert choose(runs, preference=[1, 2, 0]) == (0, "trusted tests")


ABS_REQUIREMENT = """Write the Python function `distance` in the single file `solution.py`.
```python
def distance(a: int, b: int) -> int:
    \"\"\"How far apart a and b are: distance(3, 5) and distance(5, 3) are the same.\"\"\"
```"""
ONE_WAY = "def distance(a: int, b: int) -> int:\n    return b - a\n"
BOTH_WAYS = "def distance(a: int, b: int) -> int:\n    return abs(a - b)\n"
ALSO_BOTH_WAYS = "def distance(a: int, b: int) -> int:\n    return max(a, b) - min(a, b)\n"


def test_the_graph_ships_what_most_candidates_agree_on_when_no_example_has_a_value() -> None:
    # no expected value anywhere, so the trusted tests are empty; the probes distance(3, 5),
    # distance(5, 3) and their neighbours separate the SOP's one-way answer from the others
    script = candidate_script(ONE_WAY, BOTH_WAYS, ALSO_BOTH_WAYS, ONE_WAY.replace("b - a", "a - b"))
    script["SystemDesign"] = [
        DESIGN.model_copy(
            update={
                "data_structures_and_interfaces": DESIGN.data_structures_and_interfaces.replace(
                    "+add(a: int, b: int) int", "+distance(a: int, b: int) int"
                )
            }
        )
    ]
    outcome = make_runner(InMemorySaver(), ScriptedChatModel(script=script)).start(
        ABS_REQUIREMENT, settings(roles=("architect", "engineer"))
    )
    values = outcome.values
    assert values["acceptance"].probes[:2] == ["distance(3, 5)", "distance(5, 3)"]
    assert values["selection"].rule.startswith("agreement on probe outputs")
    assert values["code"]["solution.py"].content in (BOTH_WAYS, ALSO_BOTH_WAYS)


def test_qa_test_inputs_join_the_probes_without_their_expected_values() -> None:
    from nodes.read_requirement import read_requirement
    from nodes.select_code import selection_probes

    state: Any = {"requirement": SORT_REQUIREMENT.replace("Sort", "Sort with `sort_array(xs)`")}
    state |= read_requirement(state)
    qa = "from solution import sort_array\n\ndef test_x():\n    assert sort_array([9, 7]) == [1]\n"
    state["tests"] = {"tests/test_project.py": CodeFile(path="tests/test_project.py", content=qa)}
    probes = selection_probes(state)
    assert probes[:3] == ["sort_array([1, 5, 2])", "sort_array([])", "sort_array([9, 7])"]
    assert "[1]" not in " ".join(probes[:3])


def test_qa_method_calls_of_a_required_function_are_its_calls_unless_a_class_is_asked_for() -> None:
    # the expression evaluator at 056c1c1: QA tested the SOP's `ExpressionEvaluator().evaluate`
    from nodes.read_requirement import read_requirement
    from nodes.select_code import selection_probes

    requirement = "Write `expr.py` with `evaluate(expression: str) -> float`."
    qa = "from expr import ExpressionEvaluator\n\ndef test_x():\n"
    qa += '    assert ExpressionEvaluator().evaluate("1 + 2") == 3\n'
    tests = {"tests/test_project.py": CodeFile(path="tests/test_project.py", content=qa)}
    state: Any = {"requirement": requirement, "tests": tests}
    state |= read_requirement(state)
    assert selection_probes(state)[0] == "evaluate('1 + 2')"
    state["requirement"] = requirement + " The class `Evaluator` holds it."
    state |= read_requirement(state)
    assert selection_probes(state) == []


def test_the_run_report_shows_how_many_probe_outputs_each_candidate_shares() -> None:
    from state.candidates import Selection
    from state.render import selection_markdown

    same = {"f(1)": "returns a", "f(2)": "returns b"}
    runs = [run_of(0, same), run_of(1, same), run_of(2, {"f(1)": "returns a", "f(2)": "returns c"})]
    report = selection_markdown(Selection(path="solution.py", runs=runs, chosen=0, rule="agreement"))
    assert "| 0 (shipped) | 1/1 | 0/0 | 3/4 | - |" in report and "| 2 | 1/1 | 0/0 | 2/4 | - |" in report
