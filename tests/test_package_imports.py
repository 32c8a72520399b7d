"""Imports of the project through its own name, made flat (``nodes.package_imports``)."""

from __future__ import annotations

import pytest

from nodes.package_imports import flattened
from nodes.suite_reply import suite_of_this_project
from state.artifacts import CodeFile

CODE = {
    path: CodeFile(path=path, content=text)
    for path, text in {
        "game.py": "class Game:\n    pass\n\n\nSPEED = 3\n",
        "tank.py": "class Tank:\n    pass\n\n\nSPEED = 2\n",
        "main.py": "from game import Game\n\n\ndef process_excel(path):\n    return path\n",
        "tests/test_old.py": "class Helper:\n    pass\n",
    }.items()
}


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("from tank_battle.game import Game, SPEED as S\n", "from game import Game, SPEED as S\n"),
        ("from tank_battle import game, Tank\n", "import game\nfrom tank import Tank\n"),
        ("from tank_battle import process_excel as run\n", "from main import process_excel as run\n"),
        ("import tank_battle.game as g, tank_battle.tank as t\n", "import game as g\nimport tank as t\n"),
        ("def f():\n    from tank_battle.tank import Tank\n", "def f():\n    from tank import Tank\n"),
    ],
)
def test_an_import_through_the_project_name_is_the_flat_import_it_means(written: str, meant: str) -> None:
    content, statements = flattened(written, "tank_battle", CODE)
    assert content == meant
    assert statements == [line.strip() for line in meant.splitlines() if "import" in line]


@pytest.mark.parametrize(
    "written",
    [
        "from tank_battle import SPEED\n",  # two modules define it
        "from tank_battle import Helper\n",  # only a test file defines it
        "from tank_battle import Game, Nowhere\n",  # one piece resolves to nothing
        "import tank_battle.game\n",  # used as tank_battle.game.Game below: not the same
        "from tank_battle.engine import Engine\n",  # no such module
        "from tank_battle.game import Game; x = 1\n",  # shares its line
    ],
)
def test_an_import_that_means_nothing_certain_is_left_for_the_check(written: str) -> None:
    assert flattened(written, "tank_battle", CODE) == (written, [])


def test_no_project_name_or_one_that_is_a_module_changes_nothing() -> None:
    assert flattened("from game import Game\n", None, CODE) == ("from game import Game\n", [])
    assert flattened("from game import Game\n", "game", CODE) == ("from game import Game\n", [])


def test_qa_suite_importing_through_the_project_name_passes_the_import_check() -> None:
    """Tank battle and excel data at 8123323 shipped no tests: this suite was refused twice."""
    reply = "```python\nfrom tank_battle.game import Game\n\n\ndef test_game():\n    assert Game()\n```\n"
    modules = {"game", "tank", "main"}
    with pytest.raises(ValueError, match="the test file imports `tank_battle`"):
        suite_of_this_project(reply, "tests/test_game.py", modules)
    suite = suite_of_this_project(reply, "tests/test_game.py", modules, "tank_battle", CODE)
    assert suite.files[0].content.startswith("from game import Game\n")
