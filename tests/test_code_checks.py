"""The Engineer review's checks from the syntax tree (nodes/code_checks.py)."""

from __future__ import annotations

import pytest

from nodes.code_checks import static_problem

FUNCTION = "def add(a: int, b: int) -> int:\n    return a + b\n"
SOLUTION_CLASS = "class Solution:\n    def add(self, a: int, b: int) -> int:\n        return a + b\n"
COPIED_STUB = 'def add(a: int, b: int) -> int:\n    """Add two numbers.\n    >>> add(2, 3)\n    5\n    """\n'


@pytest.mark.parametrize(
    ("content", "finding"),
    [
        (FUNCTION, None),
        ("class Helper:\n    pass\n\n\n" + FUNCTION, None),
        ("import math\nPI = math.pi\n", None),
        (SOLUTION_CLASS, "method of class Solution"),
        (COPIED_STUB, "`add` has no implementation"),
        ("def add(a, b):\n    ...\n", "`add` has no implementation"),
        ("def add(a, b):\n    raise NotImplementedError()\n", "`add` has no implementation"),
        ("def add(a, b):\n    raise ValueError('no')\n", None),
        ("def add(a, b):\n    return a +\n", "SyntaxError at line 2"),
    ],
)
def test_function_scope_findings(content: str, finding: str | None) -> None:
    found = static_problem(content, "solution.py", "function")
    assert (found is None) if finding is None else (found is not None and finding in found)


@pytest.mark.parametrize("content", [SOLUTION_CLASS, COPIED_STUB])
def test_a_project_keeps_classes_and_stubs_for_the_model_review(content: str) -> None:
    """Abstract methods and interface stubs can be right in a project; only syntax is checked."""
    assert static_problem(content, "game.py", "project") is None
