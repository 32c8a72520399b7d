"""Which names a suite imports that the shipped code lacks (``nodes.suite_imports``)."""

from __future__ import annotations

from nodes.suite_imports import (
    defined_names,
    import_names_problem,
    imported_names_problem,
    missing_imports,
    offered_names,
)
from state.artifacts import CodeFile


def files(sources: dict[str, str]) -> dict[str, CodeFile]:
    return {path: CodeFile(path=path, content=text) for path, text in sources.items()}


UNITS = (
    "import math\n\nSCALE = 1.8\n\n\ndef c_to_f(c):\n    return c * SCALE + 32\n\n\n"
    "try:\n    import numpy\nexcept ImportError:\n    numpy = None\n"
)


def test_top_level_names_include_nested_blocks_and_imports() -> None:
    assert defined_names(UNITS) == {"math", "SCALE", "c_to_f", "numpy"}


def test_unknowable_modules_are_never_reported() -> None:
    assert defined_names("from os.path import *\n") is None
    assert defined_names("def __getattr__(name):\n    return name\n") is None
    assert defined_names("def broken(:\n") is None


def test_from_imports_and_attribute_uses_of_project_modules_are_checked() -> None:
    code = files({"units.py": UNITS, "pkg/shapes.py": "class Square:\n    pass\n", "pkg/__init__.py": ""})
    suite = files(
        {
            "tests/test_units.py": (
                "import units\nimport pytest\nfrom units import c_to_f, TemperatureConverter\n"
                "from pkg.shapes import Square, Circle\nfrom pkg import shapes\n\n\n"
                "def test_it():\n    assert units.f_to_c(32) == 0 and units.c_to_f(0) == 32\n"
                "    pytest.approx(1)\n"
            )
        }
    )
    assert missing_imports(suite, code) == ["pkg.shapes.Circle", "units.TemperatureConverter", "units.f_to_c"]


def test_the_trusted_file_and_unparsable_suites_are_left_alone() -> None:
    code = files({"units.py": UNITS})
    trusted = "from units import nothing_here\n"
    suite = files({"tests/test_acceptance.py": trusted, "tests/test_x.py": "def (:"})
    assert missing_imports(suite, code) == []


def test_what_a_suite_may_import_is_what_each_module_defines_publicly() -> None:
    sources = {"units.py": UNITS + "_CACHE = {}\n", "pkg/__init__.py": "VERSION = 1\n", "tests/t.py": ""}
    code = files(sources)
    assert offered_names(code) == {"pkg": ["VERSION"], "units": ["SCALE", "c_to_f"]}


def test_a_code_file_importing_names_a_written_module_lacks_is_a_review_finding() -> None:
    # the 2048 run's ui.py imported a class and a UI the core module of functions never had
    core = "def slide_row(row):\n    return row, 0\n\n\ndef move(board, d):\n    return board, 0\n"
    code = files({"game2048.py": core})
    ui = "from game2048 import Game2048, UI, move\nfrom later import Thing\n"
    problem = import_names_problem("ui.py", ui, code)
    assert problem is not None
    assert problem.startswith(
        "`ui.py` imports `game2048.Game2048`, `game2048.UI`, which the project does not"
    )
    assert "`game2048` defines move, slide_row" in problem
    assert import_names_problem("ui.py", "from game2048 import move\n", code) is None


def test_a_file_lacking_what_the_written_files_import_from_it_is_a_review_finding() -> None:
    # SoftwareDev's snake run: main.py, snake.py and utils.py import Game from game.py, which
    # was then written as a copy of main.py's `main` calling `Game()`
    main = "from game import Game\n\n\ndef main():\n    Game().start()\n"
    code = files(
        {
            "main.py": main,
            "snake.py": "from game import Game, SPEED\n",
            "tests/test_x.py": "from game import Q\n",
        }
    )
    only_main = "def main():\n    game = Game()\n    game.start()\n"
    assert imported_names_problem("game.py", only_main, code) == (
        "`main.py`, `snake.py` import `Game`, `SPEED` from `game.py`, which it does not define: define "
        "each here under that exact name, so those imports work."
    )
    good = "SPEED = 1\n\n\nclass Game:\n    def start(self):\n        pass\n"
    assert imported_names_problem("game.py", good, code) is None
    assert imported_names_problem("game.py", "from engine import *\n", code) is None  # cannot tell
