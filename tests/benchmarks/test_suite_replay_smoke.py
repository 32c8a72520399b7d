"""``benchmarks.repeated_tests`` and ``benchmarks.own_copies`` rerun recorded final suites as
written and repaired, in the sandbox, reading the rows only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from benchmarks import own_copies, repeated_tests
from tests.benchmarks.test_keep_better_smoke import BENT, RIGHT, SUITE, row, write

FULL = "def test_three():\n    assert double(1) == 2\n    assert double(3) == 6\n"
CUT_SHORT = "def test_three():\n    assert double(1) == 2\n"
REPEATING = {"tests/test_double.py": "from solution import double\n\n\n" + FULL + "\n\n" + CUT_SHORT}
"""Green only because pytest runs the last, cut-short ``test_three``."""
COPYING = {"tests/test_double.py": RIGHT + "\n\ndef test_three():\n    assert double(3) == 6\n"}
"""Green only because the tests run the suite's own right ``double``."""
STEM = "codegen-humaneval-sop-feedback-local-s0"


def replay(folder: Path, suite: dict[str, str], main: Any) -> dict[str, Any]:
    """A green suite on bent code (the hidden tests fail) and one the repair leaves alone,
    replayed while a run is appending to the rows."""
    write(
        folder,
        STEM,
        [
            row(0, False, BENT, status="succeeded", agent_tests=suite),
            row(1, False, BENT, status="failed_tests", agent_tests=SUITE),  # unchanged: not rerun
        ],
    )
    with (folder / f"{STEM}.jsonl").open("a") as rows:
        rows.write('{"task_id": "HumanEval/2", "sam')  # a run appending right now
    before = (folder / f"{STEM}.jsonl").read_bytes()
    payload: dict[str, Any] = main(["--out-dir", str(folder)])
    assert (folder / f"{STEM}.jsonl").read_bytes() == before  # read only
    [compared] = payload["suites"]
    assert compared["task_id"] == "HumanEval/0" and compared["changed"] is True
    assert compared["as written"] == "green: 1 passed, 0 failed, 0 errors"
    return payload


def test_a_green_that_only_the_last_copy_gave_turns_red(tmp_path: Path) -> None:
    payload = replay(tmp_path, REPEATING, repeated_tests.main)
    assert payload["suites"][0]["de-duplicated"] == "red: 0 passed, 1 failed, 0 errors"
    assert payload["summary"] == {
        "rows": 2,
        "suites repeating a test name": 1,
        "verdict changed": 1,
        "green as written": 1,
        "green de-duplicated": 0,
        "agree with hidden tests as written": 0,
        "agree with hidden tests de-duplicated": 1,
    }
    assert (tmp_path / f"{STEM}.repeated-tests.json").is_file()


def test_a_green_that_only_the_copy_gave_turns_red_on_the_project_code(tmp_path: Path) -> None:
    payload = replay(tmp_path, COPYING, own_copies.main)
    [compared] = payload["suites"]
    assert compared["on the project's code"] == "red: 0 passed, 1 failed, 0 errors"
    assert compared["copies"] == "dropped the file's own double, which the project defines"
    assert payload["summary"]["agree with hidden tests on the project's code"] == 1
    assert (tmp_path / f"{STEM}.own-copies.json").is_file()
