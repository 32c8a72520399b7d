"""The checks from the syntax tree (nodes/code_checks.py): the Engineer's review, QA's imports."""

from __future__ import annotations

import ast

import pytest

from nodes.code_checks import module_names, static_problem, unknown_imports
from nodes.suite_reply import importable_by_tests, suite_of_this_project
from state.artifacts import CodeFile

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


@pytest.mark.parametrize(
    ("content", "unknown"),
    [
        ("from game import Game\n", ["game"]),
        ("import os, sys\nimport pygame\nimport pytest\nfrom collections.abc import Mapping\n", []),
        ("import snake.food\nfrom main import run\nfrom . import helpers\n", []),
        ("import game\nfrom game import Board\nimport engine as e\n", ["game", "engine"]),
        ("def load():\n    import yaml_but_not_really\n", ["yaml_but_not_really"]),
    ],
)
def test_unknown_imports_are_what_neither_the_project_nor_python_has(
    content: str, unknown: list[str]
) -> None:
    assert unknown_imports(ast.parse(content), module_names(["main.py", "snake/__init__.py"])) == unknown


def test_the_engineer_review_names_the_made_up_module_and_the_real_ones() -> None:
    found = static_problem("from game import Game\n", "main.py", "project", {"main", "snake"})
    assert found is not None and "`game`" in found and "`main`, `snake`" in found
    assert (
        static_problem("from game import Game\n", "main.py", "project") is None
    )  # modules unknown: no check


def test_qa_suite_importing_a_missing_module_goes_back_to_qa() -> None:
    reply = "```python\nfrom game import Game\n\n\ndef test_start():\n    assert Game()\n```\n"
    with pytest.raises(ValueError, match=r"neither a module of this project .*`calc`, `main`"):
        suite_of_this_project(reply, "tests/test_calc.py", {"calc", "main"})
    fixed = reply.replace("from game import Game", "from calc import add as Game")
    assert (
        suite_of_this_project(fixed, "tests/test_calc.py", {"calc", "main"}).files[0].path
        == "tests/test_calc.py"
    )


def test_tests_may_import_a_missing_module_the_code_imports_too() -> None:
    """That red run is the Engineer's to fix; refusing the suite would leave QA nothing valid."""
    code = {
        "main.py": CodeFile(path="main.py", content="import sys\nimport pygame\nimport brick_ui\n"),
        "broken.py": CodeFile(path="broken.py", content="def f(:\n"),
    }
    assert importable_by_tests(code) == {"main", "broken", "brick_ui"}
