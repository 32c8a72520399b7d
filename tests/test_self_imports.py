"""Imports of names a file defines itself (``nodes.self_imports``), and where they are
removed (``nodes.auto_imports.completed``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from nodes.auto_imports import completed, imports_note
from nodes.self_imports import without_self_imports
from state.artifacts import CodeFile

# The 1.5B's files from the README requirement's run (docs/benchmarks.md 5.3), shortened.
UI = (
    "from temp_converter import TempConverterUI\nimport sys\n\n\nclass TempConverterUI:\n"
    "    def show(self):\n        return 'menu'\n"
)
CONVERTER = (
    "import sys\nfrom temp_converter_ui import TempConverterUI\n\n\nclass TempConverter:\n"
    "    def ui(self):\n        return TempConverterUI()\n"
)
MAIN = "from temp_converter import TempConverterUI\n\nprint(TempConverterUI().show())\n"


FILES = {"temp_converter.py": CONVERTER, "temp_converter_ui.py": UI, "main.py": MAIN}


def test_the_runs_circular_import_is_cut_and_the_program_starts(tmp_path: Path) -> None:
    code = {p: CodeFile(path=p, content=c) for p, c in FILES.items()}
    fixed, changes = completed(UI, "temp_converter_ui.py", code, "project")
    assert fixed == UI.replace("from temp_converter import TempConverterUI\n", "")
    assert changes == ["removed from temp_converter import TempConverterUI"]
    assert imports_note(changes).endswith(
        "(defined here or unused): from temp_converter import TempConverterUI"
    )
    for path, content in FILES.items():
        (tmp_path / path).write_text(content)
    before = subprocess.run([sys.executable, "main.py"], cwd=tmp_path, capture_output=True, text=True)
    assert "circular import" in before.stderr
    (tmp_path / "temp_converter_ui.py").write_text(fixed)
    after = subprocess.run([sys.executable, "main.py"], cwd=tmp_path, capture_output=True, text=True)
    assert after.returncode == 0 and after.stdout == "menu\n"


def test_other_names_of_the_same_import_stay() -> None:
    source = "from shapes import Circle, Square as Sq, Line\n\n\ndef Circle():\n    return Sq, Line\n"
    fixed, removed = without_self_imports(source, "draw.py", {"shapes"})
    assert fixed.startswith("from shapes import Square as Sq, Line\n")
    assert removed == ["from shapes import Circle"]


def test_an_import_read_before_the_definition_stays() -> None:
    subclass = "from base import Widget\n\n\nclass Widget(Widget):\n    pass\n"
    used_first = "from base import make\n\nDEFAULT = make()\n\n\ndef make():\n    return 1\n"
    for source in (subclass, used_first):
        assert without_self_imports(source, "ui.py", {"base"}) == (source, [])


def test_library_imports_aliases_and_broken_files_are_left_alone() -> None:
    for source in (
        "from random import choice\n\n\ndef choice(xs):\n    return xs[0]\n",  # not a project module
        "from base import Widget as Base\n\n\nclass Widget(Base):\n    pass\n",  # aliased: another name
        "from base import Widget\n\nclass Widget(:\n",  # does not compile
        "from base import Widget; import os\n\n\nclass Widget:\n    pass\n",  # shares its line
    ):
        assert without_self_imports(source, "ui.py", {"base"}) == (source, [])


def test_a_file_importing_from_its_own_module_loses_that_import() -> None:
    # the project benchmark's 2048 run (28a7879): every import of the project failed on it
    source = (
        "from game2048 import Game2048, UI\nfrom ui import display_board\n\n\n"
        "def slide_row(row):\n    display_board(row)\n    return row, 0\n"
    )
    fixed, removed = without_self_imports(source, "game2048.py", {"game2048", "ui"})
    assert fixed == source.replace("from game2048 import Game2048, UI\n", "")
    assert removed == ["from game2048 import Game2048", "from game2048 import UI"]


# The 1.5B's 2048 project at 464d669 (docs/benchmarks.md section 4), shortened: the core
# module imports UI names it never uses, while the UI module imports the game's class.
GAME = (
    "from ui import display_board, move_tiles\n\n\nclass Game2048:\n"
    "    def slide(self):\n        return 1\n\n\nclass UI:\n    def display_board(self):\n        return 2\n"
)
GAME_UI = "from game2048 import Game2048\n\n\ndef display_board():\n    return Game2048().slide()\n"


def test_an_unused_import_of_a_project_module_is_cut_and_the_cycle_with_it(tmp_path: Path) -> None:
    code = {
        "game2048.py": CodeFile(path="game2048.py", content=GAME),
        "ui.py": CodeFile(path="ui.py", content=GAME_UI),
    }
    fixed, changes = completed(GAME, "game2048.py", code, "project")
    assert fixed == GAME.replace("from ui import display_board, move_tiles\n", "")
    assert changes == ["removed from ui import display_board", "removed from ui import move_tiles"]
    (tmp_path / "game2048.py").write_text(GAME)
    (tmp_path / "ui.py").write_text(GAME_UI)
    check = [sys.executable, "-c", "import game2048"]
    assert "circular import" in subprocess.run(check, cwd=tmp_path, capture_output=True, text=True).stderr
    (tmp_path / "game2048.py").write_text(fixed)
    assert subprocess.run(check, cwd=tmp_path, capture_output=True, text=True).returncode == 0


def test_an_unused_import_another_file_imports_through_this_one_stays() -> None:
    # main.py gets TempConverterUI through temp_converter: a re-export, not an unused name
    reexport = "from temp_converter_ui import TempConverterUI\n"
    files = {"temp_converter.py": reexport, "temp_converter_ui.py": UI.split("\n", 1)[1], "main.py": MAIN}
    code = {p: CodeFile(path=p, content=c) for p, c in files.items()}
    assert completed(reexport, "temp_converter.py", code, "project") == (reexport, [])
    alone = {p: f for p, f in code.items() if p != "main.py"}
    assert completed(reexport, "temp_converter.py", alone, "project") == (
        "",
        ["removed from temp_converter_ui import TempConverterUI"],
    )
    package_init = "from pkg.core import run\n"
    assert without_self_imports(package_init, "pkg/__init__.py", {"pkg"}) == (package_init, [])


def test_an_unused_import_of_a_module_not_written_yet_is_cut_too() -> None:
    # the 2048 run at d675dfe: game2048.py was written first, before ui.py existed
    code = {"game2048.py": CodeFile(path="game2048.py", content=GAME)}
    fixed, changes = completed(GAME, "game2048.py", {}, "project")
    assert fixed == GAME.replace("from ui import display_board, move_tiles\n", "") and len(changes) == 2
    assert completed(GAME, "game2048.py", code, "project")[0] == fixed
    library = "from collections import OrderedDict\n\n\nx = 1\n"
    assert completed(library, "game2048.py", {}, "project") == (library, [])


# SoftwareDev's 2048 at 874fed6, shortened: game.py imports UI for its main guard alone,
# ui imports server, server imports game: every test failed on the circular import.
WEB_GAME = (
    "from ui import UI\nfrom server import Server\n\n\nclass Game:\n    score = 0\n\n\n"
    'if __name__ == "__main__":\n    game = Game()\n    print(UI(game).run(), Server(game))\n'
)
WEB_UI = (
    "from server import Server\n\n\nclass UI:\n    def __init__(self, game):\n        self.game = game\n\n"
    "    def run(self):\n        return 'ui'\n"
)
WEB_SERVER = (
    "from game import Game\n\n\nclass Server:\n    def __init__(self, game):\n        self.game = game\n"
)


def test_an_import_only_the_main_guard_uses_moves_under_it_and_the_cycle_is_gone(tmp_path: Path) -> None:
    files = {"game.py": WEB_GAME, "ui.py": WEB_UI, "server.py": WEB_SERVER}
    code = {p: CodeFile(path=p, content=c) for p, c in files.items()}
    fixed, changes = completed(WEB_GAME, "game.py", code, "project")
    assert fixed.startswith("\n\nclass Game:")  # both imports left the top of the file
    assert "    from ui import UI\n    from server import Server\n    game = Game()" in fixed
    assert changes == [
        "removed from server import Server (moved under the main guard)",
        "removed from ui import UI (moved under the main guard)",
    ]
    for path, content in files.items():
        (tmp_path / path).write_text(content)
    check = [sys.executable, "-c", "import ui; print(ui.UI(None).run())"]
    assert "circular import" in subprocess.run(check, cwd=tmp_path, capture_output=True, text=True).stderr
    (tmp_path / "game.py").write_text(fixed)
    assert subprocess.run(check, cwd=tmp_path, capture_output=True, text=True).stdout == "ui\n"
    started = subprocess.run([sys.executable, "game.py"], cwd=tmp_path, capture_output=True, text=True)
    assert started.returncode == 0 and started.stdout.startswith("ui <server.Server")


def test_an_import_used_outside_the_guard_or_imported_through_the_file_stays_at_the_top() -> None:
    used = WEB_GAME.replace("    score = 0\n", "    score = 0\n    ui = UI\n")
    moved = without_self_imports(used, "game.py", {"ui", "server"}, imported_by_others=True)[1]
    assert "from ui import UI (moved" not in " ".join(moved)
    _, changes = without_self_imports(WEB_GAME, "game.py", {"ui", "server"}, ["UI"], imported_by_others=True)
    assert changes == ["from server import Server (moved under the main guard)"]
    # a file nothing imports (the entry point) is in no cycle: its imports stay where they are
    assert without_self_imports(WEB_GAME, "game.py", {"ui", "server"}) == (WEB_GAME, [])
