"""The requirement's examples and names, read without a model (``state.example_reader``,
``state.required_names``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nodes.trusted_tests import trusted_test_file
from state.acceptance import AcceptanceExample, is_trusted_test
from state.artifacts import CodeFile
from state.example_reader import acceptance_examples
from state.required_names import required_names

PROJECTS = Path(__file__).resolve().parent.parent / "benchmarks" / "projects"

HUMANEVAL_STYLE = '''
def below_zero(operations: list[int]) -> bool:
    """ Detect if the balance falls below zero.
    >>> below_zero([1, 2, 3])
    False
    >>> below_zero([1, 2, -4, 5])
    True
    >>> check(
    ...     1)
    >>> below_zero(None)
    Traceback (most recent call last):
    TypeError: bad
    """
'''


def test_doctest_lines_become_checks_with_their_quotes() -> None:
    examples = acceptance_examples(HUMANEVAL_STYLE, {"below_zero"})
    assert [e.check for e in examples] == [
        "assert _same(below_zero([1, 2, 3]), False)",
        "assert _same(below_zero([1, 2, -4, 5]), True)",
        "with pytest.raises(TypeError):\n    below_zero(None)",
    ]
    assert all(e.kind == "doctest" and e.quote.strip().startswith(">>>") for e in examples)


STATED = '''
def prod_signs(arr):
    """Note: return None for empty arr.
    >>> prod_signs([1, 2, 2, -4]) == -9
    >>> prod_signs([]) == None
    >>> prod_signs([0, 1]) == 0
    True
    >>> prod_signs([5]) == limit
    >>> len([1]) == 1
    """
'''


def test_doctest_lines_that_state_a_comparison_are_examples() -> None:
    # HumanEval/128's form: no output line, or True; a name or a non-call on either side is not
    examples = acceptance_examples(STATED)
    assert [e.check for e in examples] == [
        "assert _same(prod_signs([1, 2, 2, -4]), -9)",
        "assert _same(prod_signs([]), None)",
        "assert _same(prod_signs([0, 1]), 0)",
        "assert _same(len([1]), 1)",
    ]
    assert (
        acceptance_examples(STATED, {"prod_signs"})[-1].quote.strip()
        == ">>> prod_signs([0, 1]) == 0\n    True"
    )


def test_mbpp_assert_is_kept_verbatim() -> None:
    text = (
        '"""\nWrite a function to sum a list.\nassert math.isclose(total([1.5, 2]), 3.5, rel_tol=0.001)\n"""'
    )
    (example,) = acceptance_examples(text)
    assert example.kind == "assert" and example.function == "total"
    assert example.check.endswith("assert math.isclose(total([1.5, 2]), 3.5, rel_tol=0.001)")


def test_prose_arrows_each_example_of_a_line() -> None:
    text = "For example c_to_f(100) == 212.0 and f_to_c(32) -> 0.0, while add(1, 2) ➞ 3."
    assert [e.call for e in acceptance_examples(text)] == ["c_to_f(100)", "f_to_c(32)", "add(1, 2)"]


def test_an_expected_value_not_in_the_text_is_not_trusted() -> None:
    assert acceptance_examples("f(1) == undefined_name") == []  # not a literal: not the user's value
    assert acceptance_examples("print(f(1)) -> 3") == []  # printing, not returning


def test_only_the_named_functions_examples_when_names_are_given() -> None:
    text = "def area(r):\n  area(1) == 3.14159, and len([1, 2]) == 2 in Python"
    assert [e.function for e in acceptance_examples(text, {"area"})] == ["area"]


def test_required_names_from_explicit_forms_only() -> None:
    text = (
        "Write units.py with module-level functions `c_to_f(c: float) -> float` and "
        "`f_to_c(f)`; class Converter keeps a history. Example: `c_to_f(100)` gives 212."
    )
    names = required_names(text)
    assert names.modules == ["units.py"]
    assert names.functions == {"c_to_f": "c_to_f(c: float) -> float", "f_to_c": "f_to_c(f)"}
    assert names.classes == ["Converter"]
    assert required_names("Make a snake game").is_empty()


def test_trusted_node_ids() -> None:
    assert is_trusted_test("tests/test_acceptance.py::test_example_1")
    assert not is_trusted_test("tests/test_project.py::test_add")


def test_a_doctest_comment_does_not_swallow_the_check() -> None:
    text = "def find_zero(xs):\n    >>> round(find_zero([1, 2]), 2) # f(x) = 1 + 2x\n    -0.5\n"
    (example,) = acceptance_examples(text, {"find_zero"})
    assert example.check == "assert _same(round(find_zero([1, 2]), 2), -0.5)"
    compile(example.check, "check", "exec")


def test_signatures_and_computations_are_not_examples() -> None:
    text = (
        "`put(key, value) -> None` stores a value; is_happy(a) => False;\n"
        'fruit_distribution("5 apples", 19) ->19 - 5 - 6 = 8\n'
        "double([1, 3]) == 1 + 9 = 10\n"
        "tri(3) = [1, 3, 2, 8]\n"
    )
    assert [e.check for e in acceptance_examples(text)] == ["assert _same(tri(3), [1, 3, 2, 8])"]


def test_input_output_pairs_and_for_lines_of_a_one_parameter_function() -> None:
    text = (
        "def pluck(arr):\n    Example 1:\n        Input: [4,2,3]\n        Output: [2, 1]\n"
        "    For arr = [1, 2] the output should be [2, 1]\n    For x = 3 the output should be 9\n"
    )
    signatures = {"pluck": "pluck(arr)"}
    examples = acceptance_examples(text, {"pluck"}, signatures)
    assert [e.check for e in examples] == [
        "assert _same(pluck([4, 2, 3]), [2, 1])",
        "assert _same(pluck([1, 2]), [2, 1])",
    ]
    assert all(e.kind == "io" for e in examples)


def test_inputs_named_by_parameter_are_read_for_the_function_with_those_parameters() -> None:
    text = (
        "def maximum(arr, k):\n    Example 1:\n        Input: arr = [-3, -4, 5], k = 3\n"
        "        Output: [-4, -3, 5]\n    Example 2:\n        Input: k = 1, arr = [2]\n"
        "        Output: [2] # the only one\n"
        "    For arr = [1], k = 1, the result should be [1]\n    Input: arr = [1], n = 2\n    Output: 0\n"
        "def clamp(x, low):\n    Input: x = 5\n    Output: 5\n"
    )
    signatures = {"maximum": "maximum(arr, k)", "clamp": "clamp(x, low)"}
    examples = acceptance_examples(text, {"maximum", "clamp"}, signatures)
    assert [e.check for e in examples] == [
        "assert _same(maximum([-3, -4, 5], 3), [-4, -3, 5])",
        "assert _same(maximum([2], 1), [2])",  # in the signature's order; the comment cut
        "assert _same(maximum([1], 1), [1])",
    ]  # ``n`` is no parameter of ``maximum``, and ``clamp`` takes two


def test_a_comment_after_an_expected_value_is_not_part_of_it() -> None:
    text = "get_odd_collatz(5) returns [1, 5] # the sequence for 5 is [5, 16, 8, 4, 2, 1]\nf(1) == '#'\n"
    assert [e.check for e in acceptance_examples(text)] == [
        "assert _same(get_odd_collatz(5), [1, 5])",
        "assert _same(f(1), '#')",
    ]


def test_prose_booleans_are_pythons() -> None:
    (example,) = acceptance_examples("is_simple_power(8, 2) => true", {"is_simple_power"})
    assert example.check == "assert _same(is_simple_power(8, 2), True)"


DATE_RANGES = (
    "`overlaps(first: tuple[date, date], second: tuple[date, date]) -> bool` says whether two "
    "ranges share a day: `overlaps((date(2024, 1, 1), date(2024, 1, 10)), (date(2024, 1, 10), "
    "date(2024, 1, 20)))` returns `True`, and `total(Decimal('0.10'), Decimal('0.20'))` returns "
    "`Decimal('0.30')`; `overlaps((start(1), end(2)), (start(3), end(4)))` returns `False`."
)


def run_trusted(folder: Path, examples: list[AcceptanceExample], code: dict[str, str], fallback: str) -> str:
    """Write ``code`` and the trusted test file into ``folder``, run pytest, its summary line."""
    files = {path: CodeFile(path=path, content=text) for path, text in code.items()}
    trusted = trusted_test_file(examples, files, fallback)
    assert trusted is not None
    for path, text in code.items():
        (folder / path).write_text(text)
    (folder / "test_trusted.py").write_text(trusted.content)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "test_trusted.py"],
        cwd=folder,
        capture_output=True,
        text=True,
    )
    return run.stdout.strip().splitlines()[-1]


def test_values_of_standard_library_types_are_examples_and_their_tests_run(tmp_path: Path) -> None:
    # date and Decimal values are what users write; a call of anything else is not a value
    found = acceptance_examples(DATE_RANGES)
    assert [e.function for e in found] == ["overlaps", "total"]
    assert found[1].check == "assert _same(total(Decimal('0.10'), Decimal('0.20')), Decimal('0.30'))"
    right = (
        "def overlaps(a, b):\n    return a[0] <= b[1] and b[0] <= a[1]\n\n\n"
        "def total(*v):\n    return sum(v)\n"
    )
    for code, passed in ((right, 2), (right.replace("<=", "<"), 1)):
        assert f"{passed} passed" in run_trusted(tmp_path, found, {"ranges.py": code}, "ranges")


def test_an_input_the_requirement_says_must_raise_is_a_trusted_test(tmp_path: Path) -> None:
    # the roman-numeral project shipped a from_roman that accepted 'IIII'
    text = (PROJECTS / "roman" / "requirement.md").read_text()
    names = required_names(text)
    raising = [
        e for e in acceptance_examples(text, set(names.functions), names.functions) if e.kind == "raises"
    ]
    assert [e.check for e in raising] == ["with pytest.raises(ValueError):\n    from_roman('IIII')"]
    assert "such as `'IIII'`" in raising[0].quote
    lenient = "def from_roman(numeral):\n    return len(numeral)\n"
    assert run_trusted(tmp_path, raising, {"roman.py": lenient}, "roman").startswith("1 failed")
    calls = "`f(-1)` raises `ValueError`; `g(x)` raises `KeyError`; `h(1)` raises `ParseError`."
    assert [e.call for e in acceptance_examples(calls)] == ["f(-1)"]  # literal call, built-in error


@pytest.mark.parametrize("project", sorted(p.name for p in PROJECTS.iterdir() if p.is_dir()))
def test_every_example_read_from_a_benchmark_project_holds_for_its_reference(
    tmp_path: Path, project: str
) -> None:
    text = (PROJECTS / project / "requirement.md").read_text()
    names = required_names(text)
    examples = acceptance_examples(text, set(names.functions) or None, names.functions)
    if not examples:
        pytest.skip("no examples stated")
    reference = {p.name: p.read_text() for p in (PROJECTS / project / "reference").glob("*.py")}
    fallback = names.modules[0].removesuffix(".py") if names.modules else project
    assert run_trusted(tmp_path, examples, reference, fallback).startswith(f"{len(examples)} passed")
