"""A name no project star import gives is completed like any undefined name."""

from __future__ import annotations

import ast

from nodes.auto_imports import ProjectIndex, with_missing_imports
from nodes.star_imports import exported_names, names_no_star_import_gives


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
