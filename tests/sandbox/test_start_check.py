"""The start check: a program that crashes when started makes the run red, with its traceback.

Only an uncaught exception counts; waiting for input, running on, exiting with a usage
message and needing a display do not (``nodes.sandbox.start_check``'s docstring says why).
"""

from __future__ import annotations

import pytest

from nodes.sandbox import SandboxLimits, run_tests_sandboxed
from nodes.sandbox.start_check import crash_of, last_traceback

QUICK = SandboxLimits(wall_seconds=6, cpu_seconds=3, smoke_seconds=1.5, output_bytes=20_000)
CALC = "def add(a, b):\n    return a + b\n"
PASSING = {
    "calc.py": CALC,
    "tests/__init__.py": "",
    "tests/test_calc.py": "from calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n",
}
CRASHES = "from calc import add\n\nboard = [[0] * 4]\nprint(board[4][0])\n"
FAKE_TK = (
    "class TclError(Exception):\n    pass\n\n"
    "raise TclError('no display name and no $DISPLAY environment variable')\n"
)


def test_a_crash_on_start_turns_passing_tests_red_and_shows_the_traceback() -> None:
    report = run_tests_sandboxed({**PASSING, "main.py": CRASHES}, limits=QUICK, entry_point="main.py")
    assert (report.passed, report.failed, report.errors) == (1, 0, 0)  # the tests themselves passed
    assert not report.ok
    assert report.start_error.startswith("Traceback") and report.start_error.endswith(
        "list index out of range"
    )
    assert 'main.py", line 4' in report.start_error
    assert "[start] the entry point crashed on start" in report.failing_output
    assert report.start_error in report.failing_output
    assert any("crashed on start: the run is red" in note for note in report.notes)


@pytest.mark.parametrize(
    ("main", "said"),
    [
        ("print('ready')\n", "exited 0"),
        ("name = input('name? ')\n", "EOFError"),
        ("import time\nwhile True:\n    time.sleep(1)\n", "still running"),
        ("import sys\nprint('usage: main.py FILE', file=sys.stderr)\nsys.exit(2)\n", "exited 2"),
        (FAKE_TK, "needs a display"),
    ],
    ids=["exits", "waits_for_input", "runs_on", "usage", "no_display"],
)
def test_programs_that_start_or_cannot_be_helped_stay_green(main: str, said: str) -> None:
    report = run_tests_sandboxed({**PASSING, "main.py": main}, limits=QUICK, entry_point="main.py")
    assert report.ok, (report.start_error, report.notes)
    assert report.start_error == "" and "[start]" not in report.failing_output
    assert any(note.startswith("entry point 'main.py'") and said in note for note in report.notes), (
        report.notes
    )


def test_pygame_style_programs_see_the_headless_driver() -> None:
    main = "import os\nassert os.environ['SDL_VIDEODRIVER'] == 'dummy', 'needs a screen'\n"
    report = run_tests_sandboxed({**PASSING, "main.py": main}, limits=QUICK, entry_point="main.py")
    assert report.ok, report.start_error


def test_no_entry_point_means_no_start_check() -> None:
    report = run_tests_sandboxed(PASSING, limits=QUICK)
    assert report.ok and not any(note.startswith("entry point") for note in report.notes)


def test_the_last_traceback_is_the_one_that_counts() -> None:
    stderr = (
        "warning: something\nTraceback (most recent call last):\n  File 'a'\nKeyError: 'x'\n\n"
        "During handling of the above exception, another exception occurred:\n\n"
        "Traceback (most recent call last):\n  File 'b'\nValueError: bad\n"
    )
    assert last_traceback(stderr) == "Traceback (most recent call last):\n  File 'b'\nValueError: bad"
    assert crash_of(1, False, stderr).endswith("ValueError: bad")
    assert crash_of(1, True, stderr) == ""  # still running when killed: it started
    assert crash_of(0, False, stderr) == ""
    assert crash_of(1, False, "Traceback (most recent call last):\n  File 'c'\nKeyboardInterrupt\n") == ""
    assert crash_of(2, False, "usage: main.py FILE\n") == ""


REFUSES = (
    "import sys\n\n\ndef run(argv: list[str]) -> str:\n    if not argv:\n"
    "        raise ValueError('usage: main.py c2f|f2c VALUE')\n    return argv[0]\n\n\n"
    "print(run(sys.argv[1:]))\n"
)
CONVERTS = "import sys\n\nprint(int(sys.argv[1:] and sys.argv[1] or 'x'))\n"  # ValueError from int()


@pytest.mark.parametrize(
    ("main", "stated", "started"),
    [
        (REFUSES, ["ValueError"], True),  # its own raise of the exception the requirement names
        (REFUSES, [], False),  # the requirement never says it raises one
        (REFUSES, ["KeyError"], False),  # another exception is stated
        (CONVERTS, ["ValueError"], False),  # raised by int(), not by a raise of its own
    ],
    ids=["stated_refusal", "unstated", "other_exception", "not_its_own_raise"],
)
def test_a_stated_exception_raised_on_purpose_is_a_refusal_not_a_crash(
    main: str, stated: list[str], started: bool
) -> None:
    report = run_tests_sandboxed(
        {**PASSING, "main.py": main}, limits=QUICK, entry_point="main.py", stated_exceptions=stated
    )
    assert report.ok is started, (report.start_error, report.notes)
    assert any("refused the empty command line" in note for note in report.notes) is started


def test_the_exceptions_a_requirement_states_are_read_from_its_text() -> None:
    from nodes.run_tests import stated_exceptions

    text = "An unknown command raises `ValueError`; a bad line raises ini.ParseError (a ValueError)."
    assert stated_exceptions(text) == ["ValueError", "ParseError"]
