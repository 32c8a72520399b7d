"""``benchmarks.keep_better`` replays the node's choice on recorded rows, suites run for real."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from benchmarks import datasets, keep_better
from benchmarks.scoring import code_of_module, solution_module

RIGHT = "def double(x):\n    return 2 * x\n"
BENT = "def double(x):\n    return 2 * x + (1 if x == 3 else 0)\n"
SUITE = {
    "tests/test_double.py": "from solution import double\n\n\n"
    "def test_small():\n    assert double(1) == 2\n\n\n"
    "def test_three():\n    assert double(3) == 6\n"
}
COST = {"prompt_tokens": 10, "completion_tokens": 5, "calls": 1, "seconds": 1.0, "score_seconds": 0.1}


def row(task: int, passed: bool, solution: str, **extra: Any) -> dict[str, Any]:
    return (
        {"task_id": f"HumanEval/{task}", "sample": 0, "passed": passed, "solution": solution} | COST | extra
    )


def write(folder: Path, stem: str, rows: list[dict[str, Any]]) -> None:
    (folder / f"{stem}.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))


def test_bent_code_goes_back_and_the_rest_is_left_alone(tmp_path: Path) -> None:
    loop = {"continued_sop_run": True, "agent_tests": SUITE}
    write(
        tmp_path,
        "codegen-humaneval-sop-local-s0",
        [row(i, True, RIGHT, status="succeeded") for i in range(4)],
    )
    write(
        tmp_path,
        "codegen-humaneval-sop-feedback-local-s0",
        [
            row(0, False, BENT, status="failed_tests", **loop),  # bent by the loop: goes back
            row(1, True, RIGHT, status="succeeded", **loop),  # went green: untouched
            row(2, False, BENT, status="failed_tests", agent_tests=SUITE),  # not continued: untouched
            row(3, True, RIGHT, status="failed_tests", **loop),  # code unchanged: untouched
        ],
    )
    payload = keep_better.main(["--out-dir", str(tmp_path)])
    [decision] = payload["decisions"]
    assert decision["task_id"] == "HumanEval/0" and decision["kept"] == "before_fixes"
    assert decision["before_fixes"] == "2 passed, 0 failed, 0 errors"
    assert decision["fixed"] == "1 passed, 1 failed, 0 errors"
    summary = payload["summary"]
    assert summary["pass@1 as recorded"] == 0.5 and summary["pass@1 with keep_better_code"] == 0.75
    assert summary["won / lost vs sop, as recorded"] == "0 / 2 (p 0.5)"
    assert (tmp_path / "codegen-humaneval-sop-feedback-local-s0.keep-better.json").is_file()


def test_code_of_module_undoes_solution_module() -> None:
    task = {t.task_id: t for t in datasets.load("humaneval")}["HumanEval/50"]
    import_only = "from helpers import decode_shift\n"
    written_out = task.prompt + "    return ''.join(chr(ord(c) - 5) for c in s)\n"
    whole_file = "def decode_shift(s):\n    return s\n"
    for code in (import_only, written_out, whole_file):
        assert code_of_module(task, solution_module(task, code)) == code


def test_recorded_code_is_used_over_the_module(tmp_path: Path) -> None:
    loop = {"continued_sop_run": True, "agent_tests": SUITE}
    started = row(0, True, "x = 1\n", status="succeeded", code={"solution.py": RIGHT})
    write(tmp_path, "codegen-humaneval-sop-local-s0", [started])
    fixed = row(0, False, "x = 2\n", status="failed_tests", code={"solution.py": BENT}, **loop)
    write(tmp_path, "codegen-humaneval-sop-feedback-local-s0", [fixed])
    [decision] = keep_better.main(["--out-dir", str(tmp_path)])["decisions"]
    assert decision["before_fixes"] == "2 passed, 0 failed, 0 errors" and decision["kept"] == "before_fixes"
