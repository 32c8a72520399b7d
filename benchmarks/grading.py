"""Automatic executability grade of a generated project (the paper graded by hand, 0-3).

Grades, each including the one before:

* ``F``: a source module does not import (headless: ``SDL_VIDEODRIVER=dummy``,
  ``MPLBACKEND=Agg``), or the entry point crashes on start.
* ``R`` (runs): every module imports and the entry point starts: with stdin closed it exits 0,
  is still running after ``START_SECONDS`` (games and servers run until killed), or stops
  only with ``EOFError`` (an interactive program that got as far as asking for input).
* ``W`` (works): R, and at least half of the project's own tests pass (at least one test).
* ``P`` (passes): all its own tests pass, and the entry point survives a scripted session:
  fed ``SCRIPTED_SESSION`` on stdin, it exits 0 or is still running after ``START_SECONDS``,
  with no traceback on stderr.

All checks run in one sandboxed pytest run: the project's tests plus a probe module the
grader adds (``PROBE``) whose tests start each import and the entry point as subprocesses.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from nodes.sandbox import SandboxLimits, run_tests_sandboxed
from state.artifacts import TestOutcome, TestReport

PROBE = "test_zz_sopgraph_grade_probe.py"
START_SECONDS = 4.0
SCRIPTED_SESSION = "1\n2\nw\na\ns\nd\n \nhelp\nlist\nq\nquit\nexit\n"
"""Generic inputs a CLI program might take (numbers, WASD, commands), then EOF."""
LIMITS = SandboxLimits(wall_seconds=90.0, cpu_seconds=80, test_seconds=10.0)
"""``test_seconds``: a project's own test that never returns (snake's ``test_game_start``
calls ``Game().start()``, the game's endless loop) fails alone instead of taking the whole
run's wall time, and with it the import and start checks the grade rests on: at 8123323
snake was graded F for ``timeout`` though every module imports and it starts."""

PROBE_TEMPLATE = '''\
"""Grader probe: imports and entry-point runs, each in a headless subprocess."""
import os
import subprocess
import sys

import pytest

MODULES = {modules}
ENTRY = {entry}
# The project first, then the sandbox's package folders (already on PYTHONPATH).
PATHS = [os.getcwd(), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
ENV = dict(os.environ, SDL_VIDEODRIVER="dummy", SDL_AUDIODRIVER="dummy", MPLBACKEND="Agg",
           PYTHONPATH=os.pathsep.join(PATHS))


def _run(args, stdin_text):
    try:
        done = subprocess.run(args, input=stdin_text, capture_output=True, text=True,
                              timeout={seconds}, env=ENV)
    except subprocess.TimeoutExpired:
        return None, ""
    return done.returncode, done.stderr


@pytest.mark.parametrize("module", MODULES)
def test_grade_import(module):
    code, err = _run([sys.executable, "-c", "import " + module], "")
    assert code in (None, 0), err[-2000:]


def test_grade_start():
    assert ENTRY, "no entry point"
    code, err = _run([sys.executable, ENTRY], "")
    last_lines = err.strip().splitlines()[-1:]
    waited_for_input = any("EOFError" in line for line in last_lines)
    assert code in (None, 0) or waited_for_input, err[-2000:]


def test_grade_session():
    assert ENTRY, "no entry point"
    code, err = _run([sys.executable, ENTRY], {session})
    assert code in (None, 0) and "Traceback" not in err, err[-2000:]
'''


@dataclass(frozen=True)
class Grade:
    """The grade and the evidence for it."""

    grade: str
    imports_ok: bool
    starts: bool
    session_ok: bool
    own_passed: int
    own_total: int
    entry_point: str | None
    notes: str = ""


def entry_point(code: dict[str, str]) -> str | None:
    """``main.py`` if there is one, else the first file with a ``__main__`` block."""
    if "main.py" in code:
        return "main.py"
    return next((p for p in sorted(code) if "__name__" in code[p] and "__main__" in code[p]), None)


def _module_name(path: str) -> str:
    return path.removesuffix(".py").replace("/", ".")


def probe_module(code: dict[str, str]) -> str:
    modules = [_module_name(p) for p in sorted(code) if p.endswith(".py") and not p.endswith("__init__.py")]
    return PROBE_TEMPLATE.format(
        modules=json.dumps(modules),
        entry=json.dumps(entry_point(code)),
        seconds=START_SECONDS,
        session=json.dumps(SCRIPTED_SESSION),
    )


def grade_from_report(report: TestReport, entry: str | None) -> Grade:
    """Turn one sandbox report (own tests + probe) into a grade."""
    probe = [o for o in report.outcomes if PROBE in o.nodeid]
    own = [o for o in report.outcomes if PROBE not in o.nodeid]

    def ok(name: str) -> bool:
        found = [o for o in probe if f"::{name}" in o.nodeid]
        return bool(found) and all(o.outcome == "passed" for o in found)

    imports_ok, starts, session_ok = (
        ok("test_grade_import"),
        ok("test_grade_start"),
        ok("test_grade_session"),
    )
    passed = sum(o.outcome == "passed" for o in own)
    total = len(own)
    if not (imports_ok and starts):
        grade = "F"
    elif total and passed == total and session_ok:
        grade = "P"
    elif total and passed * 2 >= total:
        grade = "W"
    else:
        grade = "R"
    notes = report.limit_hit or _first_probe_failure(probe)
    return Grade(grade, imports_ok, starts, session_ok, passed, total, entry, notes)


_EXCEPTION_LINE = re.compile(r"^(E\s+)?[\w.]*(Error|Exception|Exit|Interrupt)\b")


def _first_probe_failure(probe: list[TestOutcome]) -> str:
    """Why the first failed probe check failed, in one line: the grade's evidence.

    The probe's assertion message ends with the subprocess's stderr, so the exception line
    (``ModuleNotFoundError: No module named 'pygame'``) is the last one that looks like one.
    """
    failed = next((o for o in probe if o.outcome != "passed"), None)
    if failed is None:
        return ""
    lines = [line.strip() for line in failed.message.splitlines() if line.strip()]
    reason = next((line for line in reversed(lines) if _EXCEPTION_LINE.match(line)), None)
    check = failed.nodeid.rsplit("::", 1)[-1]
    return f"{check}: {reason or (lines[-1] if lines else failed.outcome)}"[:300]


def grade_project(
    code: dict[str, str], tests: dict[str, str], required_packages: tuple[str, ...] = ()
) -> Grade:
    """Grade a project given its source files and its own test files (paths -> text)."""
    if not code:
        return Grade("F", False, False, False, 0, 0, None, "no code")
    files = {**code, **tests, PROBE: probe_module(code)}
    report = run_tests_sandboxed(
        files, test_paths=[*sorted(tests), PROBE], limits=LIMITS, required_packages=required_packages
    )
    return grade_from_report(report, entry_point(code))
