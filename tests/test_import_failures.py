"""Names a project file is imported for and lacks, read from a run's output for the fix."""

from __future__ import annotations

from nodes.debug_fix import MISSING_NAMES, prompt_template
from nodes.import_failures import missing_names_line, names_not_defined
from state.artifacts import CodeFile, TestReport

CODE = {
    "server.py": CodeFile(path="server.py", content="app = 1\n"),
    "game/board.py": CodeFile(path="game/board.py", content="SIZE = 4\n"),
    "main.py": CodeFile(path="main.py", content="from server import Server\n"),
    "ui.py": CodeFile(path="ui.py", content="class GameUI:\n    pass\n"),
    "tests/test_ui.py": CodeFile(path="tests/test_ui.py", content="class Game:\n    pass\n"),
}
START = (
    'Traceback (most recent call last):\n  File "main.py", line 1, in <module>\n'
    "ImportError: cannot import name 'Server' from 'server' (/tmp/project/server.py)\n"
)


def test_the_file_and_the_name_come_from_the_traceback_for_project_modules_only() -> None:
    output = (
        START
        + "AttributeError: module 'game.board' has no attribute 'Board'\n"
        + "ImportError: cannot import name 'K_UP' from 'pygame' (/usr/lib/pygame/__init__.py)\n"
        + START
    )
    missing = names_not_defined(output, CODE)
    assert missing == [("server.py", "Server"), ("game/board.py", "Board")]  # pygame is not ours; once each
    assert missing_names_line(missing) == "`Server` in `server.py`; `Board` in `game/board.py`"


def test_the_fix_prompt_names_the_file_to_define_it_in() -> None:
    crashed = TestReport(exit_status=1, start_error=START)
    prompt = prompt_template({"code": CODE, "test_reports": [crashed]})  # type: ignore[typeddict-item]
    assert MISSING_NAMES.format(missing="`Server` in `server.py`") in prompt
    plain = prompt_template({"code": CODE, "test_reports": [TestReport(exit_status=1, failed=1)]})  # type: ignore[typeddict-item]
    assert "do not define" not in plain


def test_a_member_a_project_class_lacks_is_named_with_the_file_defining_the_class() -> None:
    output = (
        "AttributeError: 'GameUI' object has no attribute 'display_game_state'\n"
        "AttributeError: type object 'GameUI' has no attribute 'SIZE'\n"
        "AttributeError: 'Game' object has no attribute 'start'\n"  # defined only in a test file
        "AttributeError: 'str' object has no attribute 'x'\n"
    )
    missing = names_not_defined(output, CODE)
    assert missing == [("ui.py", "GameUI.display_game_state"), ("ui.py", "GameUI.SIZE")]
    assert missing_names_line(missing[:1]) == "`GameUI.display_game_state` in `ui.py`"
