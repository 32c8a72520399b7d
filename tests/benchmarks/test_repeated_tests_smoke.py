"""``benchmarks.repeated_tests`` reruns recorded final suites as written and de-duplicated."""

from __future__ import annotations

from pathlib import Path

from benchmarks import repeated_tests
from tests.benchmarks.test_keep_better_smoke import BENT, SUITE, row, write

FULL = "def test_three():\n    assert double(1) == 2\n    assert double(3) == 6\n"
CUT_SHORT = "def test_three():\n    assert double(1) == 2\n"
REPEATING = {"tests/test_double.py": "from solution import double\n\n\n" + FULL + "\n\n" + CUT_SHORT}
STEM = "codegen-humaneval-sop-feedback-local-s0"


def test_a_green_that_only_the_last_copy_gave_turns_red(tmp_path: Path) -> None:
    write(
        tmp_path,
        STEM,
        [
            row(0, False, BENT, status="succeeded", agent_tests=REPEATING),
            row(1, False, BENT, status="failed_tests", agent_tests=SUITE),  # no repeats: not rerun
        ],
    )
    with (tmp_path / f"{STEM}.jsonl").open("a") as rows:
        rows.write('{"task_id": "HumanEval/2", "sam')  # a run appending right now
    before = (tmp_path / f"{STEM}.jsonl").read_bytes()
    payload = repeated_tests.main(["--out-dir", str(tmp_path)])
    [suite] = payload["suites"]
    assert suite["task_id"] == "HumanEval/0" and suite["changed"] is True
    assert suite["as written"] == "green: 1 passed, 0 failed, 0 errors"
    assert suite["de-duplicated"] == "red: 0 passed, 1 failed, 0 errors"
    assert payload["summary"] == {
        "rows": 2,
        "suites repeating a test name": 1,
        "verdict changed": 1,
        "green as written": 1,
        "green de-duplicated": 0,
    }
    assert (tmp_path / f"{STEM}.jsonl").read_bytes() == before  # read only
