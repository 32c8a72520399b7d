"""Selection rules replayed on recorded candidates, with no model call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from benchmarks import selection_replay
from benchmarks.selection_replay import RULES, hidden


def candidate(index: int, origin: str, derived: list[str], output: str, passes: bool) -> dict[str, Any]:
    return {
        "index": index,
        "origin": origin,
        "trusted_passed": 1,
        "trusted_total": 1,
        "derived_passed": derived,
        "derived_failed": [],
        "observed": {"f(1)": output},
        "hidden_passed": passes,
    }


def test_leaving_out_qas_tests_lets_agreement_on_outputs_choose() -> None:
    # Mbpp/63 in the record at 9ef02a8: QA's suite, written after reading the SOP's file,
    # favoured it; two samples that agree on the probe passed the hidden tests
    row = {
        "task_id": "Mbpp/63",
        "candidates": [
            candidate(0, "sop", ["a", "b", "c"], "returns 5", False),
            candidate(1, "direct", ["a"], "returns 6", False),
            candidate(2, "sample", ["a"], "returns 7", True),
            candidate(3, "sample", ["b"], "returns 7", True),
        ],
    }
    assert RULES["rule, ties to direct (select_code.PREFERENCE)"](row) == 0
    chosen = RULES["rule without QA's tests, ties to direct"](row)
    assert chosen == 2 and hidden(row, chosen)


RIGHT_0 = """from typing import List


def has_close_elements(numbers: List[float], threshold: float) -> bool:
    return any(abs(a - b) < threshold for i, a in enumerate(numbers) for b in numbers[i + 1 :])
"""
WRONG_0 = RIGHT_0.replace("< threshold", "> threshold")


def recorded_row() -> dict[str, Any]:
    """HumanEval/0 as a run could have recorded it: the SOP's file and the wrapped-prompt
    direct candidate both wrong (only the code matters to the replay)."""
    return {
        "task_id": "HumanEval/0",
        "candidates": [
            {"index": 0, "origin": "sop", "code": WRONG_0},
            {"index": 1, "origin": "direct", "code": WRONG_0},
        ],
    }


def test_the_direct_answer_replaces_candidate_one_and_is_run_for_real() -> None:
    from benchmarks.direct_substitute import substituted

    answers = {"HumanEval/0": f"Here it is:\n```python\n{RIGHT_0}```\n"}
    (row,), unreplayed = substituted([recorded_row()], "humaneval", answers)
    direct = row["candidates"][1]
    assert direct["code"].strip() == RIGHT_0.strip() and direct["hidden_passed"] is True
    assert direct["trusted_passed"] == direct["trusted_total"] == 2  # the docstring's two examples
    assert not direct["crashed"] and row["candidates"][0]["code"] == WRONG_0
    assert unreplayed == {"without_a_direct_answer": [], "would_have_been_re_asked": []}
    assert RULES["rule, ties to direct (select_code.PREFERENCE)"](row) == 1


def test_the_check_reports_where_the_replay_differs_from_the_record() -> None:
    from benchmarks.direct_substitute import checked

    row = recorded_row()
    row["candidates"][1] |= {"trusted_passed": 2, "derived_passed": [], "crashed": "", "observed": {},
                             "hidden_passed": False}  # fmt: skip
    found = checked([row], "humaneval")
    # the wrong code passes only one of the two examples: the recorded 2 is not reproduced
    assert found["differ"]["trusted_passed"] == ["HumanEval/0"]
    assert found["agree"]["hidden_passed"] == 1 and found["agree"]["crashed"] == 1


def test_a_missing_file_is_a_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = tmp_path / "rows.jsonl"
    rows.write_text("")
    with pytest.raises(SystemExit):
        selection_replay.main([str(rows), "--direct", str(tmp_path / "direct.jsonl")])
    assert capsys.readouterr().err.strip().endswith(f"error: no such file: {tmp_path / 'direct.jsonl'}")
