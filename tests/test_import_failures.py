"""Names a project file is imported for and lacks, read from a run's output for the fix."""

from __future__ import annotations

from nodes.debug_fix import MISSING_NAMES, prompt_template
from nodes.import_failures import missing_names_line, names_not_defined
from state.artifacts import CodeFile, TestReport

CODE = {
    "server.py": CodeFile(path="server.py", content="app = 1\n"),
    "game/board.py": CodeFile(path="game/board.py", content="SIZE = 4\n"),
    "main.py": CodeFile(path="main.py", content="from server import Server\n"),
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
