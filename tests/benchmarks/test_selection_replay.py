"""Selection rules replayed on recorded candidates, with no model call."""

from __future__ import annotations

from typing import Any

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
