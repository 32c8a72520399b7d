"""A name no project star import gives is completed like any undefined name."""

from __future__ import annotations

import ast

from nodes.auto_imports import ProjectIndex, with_missing_imports
from nodes.star_import_review import star_import_problem
from nodes.star_imports import exported_names, names_no_star_import_gives
from state.artifacts import CodeFile


def exports(text: str) -> frozenset[str] | None:
    return exported_names(ast.parse(text))


def test_what_a_star_import_gives() -> None:
    assert exports("from data import Data\nimport os.path\nSIZE = 3\n_hidden = 1\ndef draw(): ...\n") == {
        "Data",
        "os",
        "SIZE",
        "draw",
    }
    assert exports("__all__ = ['draw']\ndef draw(): ...\nclass Bird: ...\n") == {"draw"}
    assert exports("__all__ = names()\n") is None  # computed: cannot be told
    assert exports("from pygame.locals import *\n") is None  # its own star import
    guarded = "try:\n    import pygame\nexcept ImportError:\n    pygame = None\nif True:\n    SIZE = 3\n"
    assert exports(guarded) == {"pygame", "SIZE"}  # bound at module level inside blocks


def test_only_names_no_project_star_import_gives_count() -> None:
    tree = ast.parse("from utils import *\n\nx = Bird()\ny = draw()\n")
    given = {"utils": frozenset({"draw"})}
    assert names_no_star_import_gives(tree, "ui.py", given) == [("Bird", 3)]
    assert names_no_star_import_gives(tree, "ui.py", {"utils": None}) == []  # utils' own star
    assert names_no_star_import_gives(tree, "ui.py", {}) == []  # not a project module: unknown


def test_flappy_birds_ui_gets_the_bird_its_star_import_does_not_give() -> None:
    """SoftwareDev's flappy bird at 8123323: ``ui.py`` star-imported ``utils`` and used ``Bird``."""
    ui = "from data import Data\nfrom utils import *\n\nbird = Bird(1, 2)\n"
    sources = {"data.py": "class Bird: ...\nclass Data: ...\n", "utils.py": "def clear(): ...\n", "ui.py": ui}
    fixed, added = with_missing_imports(ui, "ui.py", ProjectIndex.of(sources))
    assert added == ["from data import Bird"]
    compile(fixed, "ui.py", "exec")
    through_utils = sources | {"utils.py": "from data import Bird\n"}
    assert with_missing_imports(ui, "ui.py", ProjectIndex.of(through_utils))[1] == []


def test_the_review_names_what_no_star_import_gives_and_nothing_else() -> None:
    """Flappy bird's ``clear()``: a p5.js name, defined nowhere the file can reach."""
    ui = "from utils import *\n\nclear()\ndraw()\n"
    written = {"utils.py": CodeFile(path="utils.py", content="def draw(): ...\n")}
    problem = star_import_problem("ui.py", ui, written)
    assert problem is not None and problem.startswith(
        "`ui.py` (through its star imports) uses `clear` (line 3)"
    )
    assert "draw" not in problem
    defined = {"utils.py": CodeFile(path="utils.py", content="def draw(): ...\ndef clear(): ...\n")}
    assert star_import_problem("ui.py", ui, defined) is None
    assert (
        star_import_problem("ui.py", "from pygame.locals import *\n\nclear()\n", written) is None
    )  # not ours
