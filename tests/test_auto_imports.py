"""Missing imports added without a model call, only where one import can be meant."""

from __future__ import annotations

import ast

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import GOOD_CALC, MAIN, TESTS, script
from checkpoints.serde import make_serializer
from nodes.auto_imports import MARKER, ProjectIndex, completed, with_missing_imports
from nodes.code_checks import static_problem, undefined_names
from state.artifacts import CodeDraft, CodeFile, FixPlan, LogicItem, TaskPlan, TestSuite
from tests.graph_helpers import call_counts, run

SNAKE = '''"""The game."""
import pygame

SCREEN_WIDTH = 800
RIGHT = (1, 0)


class Snake:
    def __init__(self):
        self.body = [(SCREEN_WIDTH // 2, 0)]
'''
SNAKE_TESTS = """from main import Snake


def test_start():
    assert Snake().body == [(SCREEN_WIDTH // 2, 0)]
    assert RIGHT == (1, 0)
    assert pygame.K_RIGHT
"""
FSUM_CALC = "def add(a: float, b: float) -> float:\n    return math.fsum([a, b])\n"


def _index(**files: str) -> ProjectIndex:
    return ProjectIndex.of(files)


def test_tests_get_the_constants_of_the_module_they_test_and_the_package() -> None:
    """The 1.5B's snake suite: every test a NameError on ``SCREEN_WIDTH`` and friends."""
    fixed, added = with_missing_imports(SNAKE_TESTS, "tests/test_snake.py", _index(**{"main.py": SNAKE}))
    assert added == ["import pygame", "from main import SCREEN_WIDTH, RIGHT"]  # in order of first use
    assert fixed.splitlines()[:4] == ["from main import Snake", MARKER, *added]
    assert undefined_names(ast.parse(fixed), "tests/test_snake.py") == []


def test_code_gets_modules_used_as_modules_and_conventional_aliases() -> None:
    code = "def save(rows):\n    db = sqlite3.connect('x.db')\n    return pd.DataFrame(rows), db\n"
    fixed, added = with_missing_imports(code, "store.py", _index())
    assert added == ["import sqlite3", "import pandas as pd"]
    compile(fixed, "store.py", "exec")


@pytest.mark.parametrize(
    ("code", "why"),
    [
        ("stamp = datetime(2020, 1, 1)\n", "called, not used as a module: which datetime?"),
        ("x = helper()\n", "defined nowhere in the project"),
        ("x = Board()\n", "defined in two modules"),
        ("def f(:\n    return sqlite3\n", "does not compile: its syntax error is the finding"),
    ],
)
def test_nothing_is_added_where_more_than_one_import_could_be_meant(code: str, why: str) -> None:
    index = _index(**{"a.py": "class Board: ...\n", "b.py": "class Board: ...\n"})
    assert with_missing_imports(code, "main.py", index) == (code, []), why


def test_code_imports_from_a_module_only_when_no_cycle_follows() -> None:
    index = _index(**{"game.py": "from board import Board\n\nclass Game: ...\n", "board.py": "x = Game()\n"})
    assert with_missing_imports("x = Game()\n", "board.py", index) == ("x = Game()\n", [])
    _, added = with_missing_imports("x = Game()\n", "tests/test_board.py", index)
    assert added == ["from game import Game"]  # nothing imports a test file


def test_an_import_under_a_main_guard_closes_no_cycle() -> None:
    """SoftwareDev's flappy bird at 8123323: ``data.py`` imported ``ui`` only under its main
    guard, and ``utils.py`` (imported by ``ui``) never got the ``Bird`` it used."""
    data = 'class Bird: ...\n\n\nif __name__ == "__main__":\n    from ui import UI\n'
    others = {"ui.py": "from utils import *\n", "utils.py": "x = Bird()\n"}
    index = _index(**others, **{"data.py": data})
    assert with_missing_imports("x = Bird()\n", "utils.py", index)[1] == ["from data import Bird"]
    unguarded = data.replace('if __name__ == "__main__":\n    ', "")
    index = _index(**others, **{"data.py": unguarded})
    assert with_missing_imports("x = Bird()\n", "utils.py", index)[1] == []  # a real cycle


def test_function_scope_is_left_alone() -> None:
    """A benchmark function may use helpers its prompt defines: no import provides them."""
    assert completed("y = sqlite3.x\n", "solution.py", {}, "function") == ("y = sqlite3.x\n", [])
    assert static_problem("def f():\n    return helper(1)\n", "solution.py", "function") is None


def test_the_engineers_review_names_what_is_still_undefined() -> None:
    problem = static_problem("def area(r):\n    return PI * r * r\n", "geometry.py", "project", {"geometry"})
    assert problem is not None and "`PI` (line 2)" in problem and "NameError" in problem


@pytest.fixture
def memory() -> InMemorySaver:
    return InMemorySaver(serde=make_serializer())


def test_a_suite_that_forgot_its_import_passes_without_a_fix_round(memory: InMemorySaver) -> None:
    forgetful = TESTS.replace("from calc import add\n", "")
    answers = script() | {
        "TestSuite": [TestSuite(files=[CodeFile(path="tests/test_calc.py", content=forgetful)])]
    }
    outcome, model = run(memory, answers)
    assert outcome.status == "succeeded"
    assert outcome.values.get("retries", 0) == 0 and "FixPlan" not in call_counts(model)
    (suite,) = outcome.values["tests"].values()
    assert "from calc import add" in suite.content
    published = [m.summary for m in outcome.values["messages"] if m.action == "WriteTest"]
    assert published == [f"{suite.path}; imports added: from calc import add"]


def test_code_that_forgot_an_import_is_completed_before_review(memory: InMemorySaver) -> None:
    main_without_sys = MAIN.replace("import sys\n\n", "")
    answers = script() | {"CodeDraft": [CodeDraft(content=GOOD_CALC), CodeDraft(content=main_without_sys)]}
    outcome, model = run(memory, answers)
    assert outcome.status == "succeeded"
    assert "import sys" in outcome.values["code"]["main.py"].content
    assert call_counts(model)["CodeDraft"] == 2  # no rewrite was needed


def test_a_fix_that_forgot_an_import_is_completed_before_the_next_run(memory: InMemorySaver) -> None:
    fix = FixPlan(diagnosis="add subtracts", files=[CodeFile(path="calc.py", content=FSUM_CALC)])
    outcome, _ = run(memory, script(buggy_first=True) | {"FixPlan": [fix]})
    assert outcome.status == "succeeded" and outcome.values["retries"] == 1
    assert outcome.values["code"]["calc.py"].content.startswith(MARKER + "\nimport math\n")


def test_standard_library_names_get_their_one_module() -> None:
    """The date-ranges run's QA suite called ``date(...)`` with no import; a project class of
    the same name wins over the standard library's."""
    suite = (
        "from dateranges import overlaps\n\n\ndef test_overlap():\n"
        "    first = (date(2024, 1, 1), date(2024, 1, 5))\n    assert overlaps(first, first)\n"
    )
    fixed, added = with_missing_imports(
        suite, "tests/test_dateranges.py", _index(**{"dateranges.py": "x = 1\n"})
    )
    assert added == ["from datetime import date"]
    assert undefined_names(ast.parse(fixed), "tests/test_dateranges.py") == []
    code = "def top(words: List[str]) -> Optional[str]:\n    return Counter(words).most_common(1)[0][0]\n"
    _, added = with_missing_imports(code, "stats.py", _index())
    assert added == ["from typing import List, Optional", "from collections import Counter"]
    _, added = with_missing_imports("x = Path('a')\n", "main.py", _index(**{"paths.py": "class Path: ...\n"}))
    assert added == ["from paths import Path"]


@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "parallel"])
def test_a_name_from_a_file_written_later_is_imported_once_the_round_is_written(
    memory: InMemorySaver, parallel: bool
) -> None:
    # SoftwareDev's crud run: main.py used `Database` before ui.py, written after it, defined it
    main_first = TaskPlan(
        logic_analysis=[
            LogicItem(file="main.py", description="CLI"),
            LogicItem(file="calc.py", description="add()"),
        ],
        task_list=["main.py", "calc.py"],
    )
    forgetful = MAIN.replace("from calc import add\n", "")
    answers = script() | {
        "TaskPlan": [main_first],
        "CodeDraft": [CodeDraft(content=forgetful), CodeDraft(content=GOOD_CALC)],
    }
    outcome, model = run(memory, answers, max_code_rewrites=0, parallel_files=parallel)
    assert outcome.status == "succeeded", outcome.values.get("failure")
    assert "from calc import add" in outcome.values["code"]["main.py"].content
    assert outcome.values["code"]["calc.py"].content == GOOD_CALC
    completions = [m.summary for m in outcome.values["messages"] if m.action == "CompleteImports"]
    assert completions == ["imports completed once every file was written: main.py"]
    assert call_counts(model)["CodeDraft"] == 2
