"""Smoke run of ``benchmarks.softwaredev`` and its grader, with the scripted model.

The scripted calculator project (benchmarks/scenarios.py) goes through the whole graph and is
graded; the grader itself is checked on projects whose grade is known by construction.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from benchmarks import scenarios, softwaredev
from benchmarks.grading import grade_project
from benchmarks.results import ResultLog
from state.artifacts import CodeFile, FixPlan
from tests.fakes import ScriptedChatModel

STDIN_MAIN = (
    "import sys\n\nfrom calc import add\n\nif __name__ == '__main__':\n    total = 0.0\n"
    "    for line in sys.stdin:\n        try:\n            total = add(total, float(line))\n"
    "        except ValueError:\n            pass\n    print(total)\n"
)
TESTS = {"tests/test_calc.py": scenarios.TESTS}


def test_grades_follow_their_definitions() -> None:
    assert grade_project({"calc.py": scenarios.GOOD_CALC, "main.py": STDIN_MAIN}, TESTS).grade == "P"
    assert grade_project({"calc.py": scenarios.BAD_CALC, "main.py": STDIN_MAIN}, TESTS).grade == "R"
    crashes_on_start = grade_project(
        {"calc.py": scenarios.GOOD_CALC, "main.py": scenarios.CRASHING_MAIN}, TESTS
    )
    assert crashes_on_start.grade == "F" and crashes_on_start.imports_ok
    asks = "from calc import add\n\nif __name__ == '__main__':\n    print(add(float(input('a? ')), 1.0))\n"
    interactive = grade_project({"calc.py": scenarios.GOOD_CALC, "main.py": asks}, TESTS)
    assert interactive.starts and interactive.grade == "P"  # EOF at start: it was waiting for input
    missing = grade_project({"calc.py": "import no_such_module\n", "main.py": STDIN_MAIN}, TESTS)
    assert missing.grade == "F"
    assert missing.notes.startswith("test_grade_import")
    assert "No module named 'no_such_module'" in missing.notes


def test_an_own_test_that_never_returns_fails_alone() -> None:
    """Snake at 8123323: a test that runs the game's endless loop took the whole run's time."""
    endless = "from calc import add\n\n\ndef test_play():\n    while True:\n        add(1, 2)\n"
    tests = {**TESTS, "tests/test_play.py": endless}
    grade = grade_project({"calc.py": scenarios.GOOD_CALC, "main.py": STDIN_MAIN}, tests)
    assert (grade.grade, grade.own_passed, grade.own_total) == ("W", 2, 3), grade.notes


def test_softwaredev_runs_graded_and_resumes(tmp_path: Path) -> None:
    script = scenarios.script()
    script["CodeDraft"][1].content = STDIN_MAIN
    argv = ["--tasks", "crud", "--model", "scripted", "--out-dir", str(tmp_path)]
    summary = softwaredev.main(argv, model=ScriptedChatModel(script=script))
    assert summary["projects"] == 1 and summary["grade_P"] == 1
    assert summary["mean_code_files"] == 2 and summary["mean_doc_files"] >= 5
    assert summary["mean_tokens_per_code_line"] > 0
    (kept,) = tmp_path.glob("softwaredev-scripted-s0-projects/crud/*")  # the project, for a reader
    assert (kept / "main.py").read_text() == STDIN_MAIN and (kept / "docs" / "prd.md").is_file()
    again = softwaredev.main(argv, model=ScriptedChatModel(script={}))  # nothing left to run
    assert again == summary
    (kept / "main.py").write_text("import no_such_module\n")  # the grader is rerun on the kept files
    regraded = softwaredev.main([*argv, "--regrade"], model=ScriptedChatModel(script={}))
    assert regraded["grade_F"] == 1 and regraded["mean_code_lines"] == summary["mean_code_lines"]
    (row,) = ResultLog(tmp_path / "softwaredev-scripted-s0.jsonl").rows()
    assert row["notes"].startswith("test_grade_import") and row["project_dir"].endswith("crud/" + kept.name)


def test_rows_show_the_crashes_on_start_the_loop_fixed(tmp_path: Path) -> None:
    script = scenarios.script()
    script["CodeDraft"][1].content = scenarios.CRASHING_MAIN
    script["FixPlan"] = [FixPlan(diagnosis="no args", files=[CodeFile(path="main.py", content=STDIN_MAIN)])]
    argv = ["--tasks", "snake", "--model", "scripted", "--out-dir", str(tmp_path)]
    summary = softwaredev.main(argv, model=ScriptedChatModel(script=script))
    assert summary["grade_P"] == 1
    (row,) = ResultLog(tmp_path / "softwaredev-scripted-s0.jsonl").rows()
    assert row["start_crashes"] == ["IndexError: list index out of range", None]
    assert row["fix_rounds"] == 1


@pytest.mark.slow
def test_the_grade_sees_packages_the_sandbox_installed() -> None:
    """pygame is not in the project's environment; the sandbox installs it for the run, and
    the grader's probe subprocesses must see it too (they once replaced PYTHONPATH)."""
    game = (
        "import pygame\n\n\ndef size():\n    pygame.init()\n"
        "    return pygame.display.set_mode((64, 48)).get_size()\n\n\n"
        "if __name__ == '__main__':\n    print(size())\n"
    )
    tests = {
        "tests/test_main.py": "from main import size\n\n\ndef test_size():\n    assert size() == (64, 48)\n"
    }
    grade = grade_project({"main.py": game}, tests)
    assert grade.imports_ok and grade.starts, grade.notes
    assert grade.grade == "P", grade


def test_settings_the_graph_refuses_stop_the_run_before_any_row(tmp_path: Path) -> None:
    argv = ["--model", "oracle", "--max-retries", "99", "--tasks", "snake", "--out-dir", str(tmp_path)]
    said = r"^softwaredev: --max-retries: Input should be less than or equal to 20$"
    with pytest.raises(SystemExit, match=said):
        softwaredev.main(argv)
    assert not list(tmp_path.glob("*.jsonl"))
