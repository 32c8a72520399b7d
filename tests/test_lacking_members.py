"""Members a project's classes are asked for and never define (``nodes.lacking_members``),
and the round-closing rewrite asked for them (``nodes.cross_file_names``)."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import GOOD_CALC, MAIN, script
from checkpoints.serde import make_serializer
from nodes.cross_file_names import files_lacking_names, rewrite_lacking
from nodes.lacking_members import lacking_member_names, lacking_members_problem, members_lacking
from state.artifacts import CodeDraft, CodeFile
from tests.graph_helpers import call_counts, run

# SoftwareDev's 2048 at 42a30a8, cut down: GameUI calls what it never defines
UI_2048 = """class UI:
    def __init__(self, game):
        self.game_ui = GameUI(game)

    def run(self):
        self.game_ui.start()
        self.game_ui.refresh()


class GameUI:
    def __init__(self, game):
        self.game = game

    def start(self):
        self.display_game_state()
        self.game.move()


class Board:
    def __init__(self):
        self.cells = []
"""
UI_FIXED = UI_2048.replace(
    "        self.game.move()\n",
    "        self.game.move()\n\n    def display_game_state(self):\n        print(self.game)\n\n"
    "    def refresh(self):\n        self.start()\n",
)
UI_MAIN = "from ui import UI, Board\n\nboard = Board()\nboard.draw()\nUI(None).run()\n"


def code(**contents: str) -> dict[str, CodeFile]:
    return {f"{name}.py": CodeFile(path=f"{name}.py", content=text) for name, text in contents.items()}


def test_members_its_own_methods_this_file_and_importers_call_are_found() -> None:
    project = code(ui=UI_2048, main=UI_MAIN)
    assert members_lacking("ui.py", UI_2048, project) == {
        "GameUI": ["display_game_state", "refresh"],  # self.X, and self.game_ui.X in UI
        "Board": ["draw"],  # main.py: board = Board(); board.draw()
    }
    assert lacking_member_names("ui.py", UI_FIXED, project) == ["Board.draw"]
    problem = lacking_members_problem("ui.py", UI_2048, project) or ""
    assert "`GameUI` lacks `display_game_state`, `refresh`; `Board` lacks `draw`" in problem
    assert "AttributeError" in problem


def test_classes_whose_members_may_come_from_elsewhere_are_left_alone() -> None:
    reads_g = "\n    def f(self):\n        return self.g()\n"
    others = {
        "inherits": "class A(Base):" + reads_g,
        "metaclass": "class A(metaclass=M):" + reads_g,
        "getattr": "class A:\n    def __getattr__(self, n):\n        return 1\n" + reads_g,
        "setattr": "class A:\n    def __init__(self, **kw):\n        setattr(self, 'g', kw)\n" + reads_g,
        "dict": "class A:\n    def __init__(self, kw):\n        self.__dict__.update(kw)\n" + reads_g,
        "defined": "class A:\n    LIMIT = 3\n    size: int = 0\n    low, high = 1, 9\n"
        "    if True:\n        def g(self):\n            return [k for k in (1,)]\n\n"
        "    def __init__(self):\n        self.n = 1\n\n"
        "    def f(self):\n        return self.n + self.LIMIT + self.size + self.f() + self.low\n\n"
        "    def h(self):\n        return self.g() + self.__class__.x\n",
    }
    for name, source in others.items():
        assert members_lacking(f"{name}.py", source, {}) == {}, name


def test_a_nested_class_reads_its_own_self_and_broken_or_test_files_say_nothing() -> None:
    nested = "class A:\n    def f(self):\n        class B:\n            def g(self):\n"
    nested += "                return self.h\n"
    assert members_lacking("a.py", nested, {}) == {}
    comprehension = "class A:\n    names = [k for k in (1,)]\n\n    def f(self):\n        return self.k\n"
    assert members_lacking("a.py", comprehension, {}) == {"A": ["k"]}  # k is the comprehension's
    assert members_lacking("a.py", "class A(:\n", {}) == {}
    assert members_lacking("tests/test_a.py", "class T:\n    def f(self):\n        self.g()\n", {}) == {}


def test_the_round_closing_rewrite_is_asked_for_missing_members_and_kept_when_it_lacks_fewer() -> None:
    project = code(ui=UI_2048, main=UI_MAIN)
    found = files_lacking_names(project, ["ui.py", "main.py"])
    assert "`GameUI` lacks `display_game_state`" in found["ui.py"]
    asked: list[str] = []

    def rewrite(path: str, content: str, comment: str, attempt: int) -> str:
        asked.append(comment)
        return UI_FIXED

    kept = rewrite_lacking(project, ["ui.py", "main.py"], rewrite)
    assert kept["code"]["ui.py"].content == UI_FIXED and len(asked) == 1
    assert "ui.py: now defines GameUI.display_game_state, GameUI.refresh" in kept["messages"][0].summary


@pytest.fixture
def memory() -> InMemorySaver:
    return InMemorySaver(serde=make_serializer())


def test_the_engineer_review_sends_back_a_class_calling_what_it_never_defines(memory: InMemorySaver) -> None:
    calling_nothing = (
        GOOD_CALC + "\n\nclass Adder:\n    def total(self, a, b):\n        return self.plus(a, b)\n"
    )
    answers = script() | {
        "CodeDraft": [
            CodeDraft(content=calling_nothing),
            CodeDraft(content=GOOD_CALC),
            CodeDraft(content=MAIN),
        ]
    }
    outcome, model = run(memory, answers)
    assert outcome.status == "succeeded", outcome.values.get("failure")
    assert outcome.values["code"]["calc.py"].content.endswith(GOOD_CALC)
    assert call_counts(model)["CodeDraft"] == 3  # the class's file written again, once
    first, *_ = outcome.values["reviews"]
    assert first.verdict == "LBTM" and "`Adder` lacks `plus`" in first.comments[0]
