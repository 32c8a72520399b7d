"""The docs' results table is computed from the JSONL lines, partial runs compared on common tasks."""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import codegen_table


def write(folder: Path, stem: str, outcomes: dict[int, bool]) -> None:
    cost = {"prompt_tokens": 10, "completion_tokens": 5, "calls": 1, "seconds": 1.0, "score_seconds": 0.1}
    lines = [
        json.dumps({"task_id": f"HumanEval/{i}", "sample": 0, "passed": ok, "status": "done", **cost})
        for i, ok in outcomes.items()
    ]
    (folder / f"{stem}.jsonl").write_text("\n".join(lines) + "\n")


def test_partial_modes_are_compared_on_the_tasks_all_finished(tmp_path: Path) -> None:
    write(tmp_path, "codegen-humaneval-direct-local-s0", {0: True, 1: False, 2: True, 3: True})
    write(tmp_path, "codegen-humaneval-sop-feedback-local-s0", {0: True, 1: True})
    write(tmp_path, "codegen-humaneval-direct-oracle-s0", {0: True})  # self-check: left out
    runs = codegen_table.find_runs(tmp_path)
    assert [(r.mode, r.model) for r in runs] == [("direct", "local"), ("sop+feedback", "local")]
    overall = codegen_table.overall_table(runs)
    assert overall[0]["tasks"] == "4/164 (partial)" and overall[0]["pass@1"] == "0.750 (3/4)"
    (paired,) = codegen_table.paired_table(runs)
    assert paired["common tasks"] == 2
    assert paired["direct"] == "0.500 (1/2)" and paired["sop+feedback"] == "1.000 (2/2)"
    assert "| humaneval | local | 2 |" in codegen_table.main(["--dir", str(tmp_path)])
    assert overall[0]["commits"] == "unrecorded"


def test_a_run_resumed_after_a_code_change_shows_both_commits(tmp_path: Path) -> None:
    write(tmp_path, "codegen-humaneval-sop-local-s0", {0: True, 1: False})
    path = tmp_path / "codegen-humaneval-sop-local-s0.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    rows[0]["commit"], rows[1]["commit"] = "aaa1111", "bbb2222"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (overall,) = codegen_table.overall_table(codegen_table.find_runs(tmp_path))
    assert overall["commits"] == "aaa1111, bbb2222"


def test_pairs_of_modes_count_the_tasks_only_one_solves(tmp_path: Path) -> None:
    write(tmp_path, "codegen-humaneval-direct-local-s0", {0: True, 1: True, 2: False, 3: True})
    write(tmp_path, "codegen-humaneval-sop-local-s0", {0: True, 1: False, 2: True})
    (pair,) = codegen_table.disagreement_table(codegen_table.find_runs(tmp_path))
    assert pair["A vs B"] == "direct vs sop" and pair["common tasks"] == 3
    assert (pair["both"], pair["only A"], pair["only B"], pair["neither"]) == (1, 1, 1, 0)
    assert pair["McNemar p"] == "1"


def test_mcnemar_exact_matches_the_binomial_tail() -> None:
    assert codegen_table.mcnemar_exact(0, 0) == 1.0
    assert codegen_table.mcnemar_exact(0, 5) == 2 / 32  # all five discordant tasks on one side
    assert codegen_table.mcnemar_exact(25, 7) < 0.01 < codegen_table.mcnemar_exact(6, 2)


def test_own_tests_are_set_against_the_hidden_ones_for_runs_with_the_loop(tmp_path: Path) -> None:
    write(tmp_path, "codegen-humaneval-sop-local-s0", {0: True})  # no loop: not in this table
    write(
        tmp_path, "codegen-humaneval-sop-feedback-local-s0", {0: True, 1: True, 2: False, 3: True, 4: False}
    )
    path = tmp_path / "codegen-humaneval-sop-feedback-local-s0.jsonl"
    rows = [json.loads(line) for line in path.read_text().splitlines()]
    statuses = ["succeeded", "failed_tests", "failed_tests", "failed_error", "succeeded"]
    for row, status, rounds in zip(rows, statuses, [0, 3, 3, 1, 0], strict=True):
        row["status"], row["fix_rounds"] = status, rounds
    rows[1]["agent_tests_last_run"] = "0 passed, 0 failed, 1 errors"
    rows[2]["agent_tests_last_run"] = "3 passed, 5 failed, 0 errors"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    (loop,) = codegen_table.own_tests_table(codegen_table.find_runs(tmp_path))
    assert loop["tasks"] == 5
    assert loop["own green: hidden pass / fail"] == "1 / 1"
    assert loop["own red: hidden pass / fail"] == "1 / 1"
    assert loop["loop stopped: hidden pass / fail"] == "1 / 0"
    assert loop["verdicts agree"] == "40%" and loop["fix rounds/task"] == 1.4
    assert loop["suite never ran"] == "1 of 2"


def test_a_run_with_candidates_in_another_folder_is_its_own_mode(tmp_path: Path) -> None:
    record = tmp_path / "record"
    record.mkdir()
    write(tmp_path, "codegen-humaneval-direct-local-s0", {0: True, 1: False, 2: False})
    write(record, "codegen-humaneval-sop-feedback-local-s0-k6", {0: True, 1: True})
    write(record, "codegen-humaneval-sop-local-s0-k6-he40", {0: True})  # a subset: not here
    runs = codegen_table.find_runs(tmp_path, record)
    assert [r.mode for r in runs] == ["direct", "sop+feedback k6"]
    (pair,) = codegen_table.disagreement_table(runs)
    assert (pair["common tasks"], pair["only A"], pair["only B"]) == (2, 0, 1)
    assert "sop+feedback k6" in codegen_table.main(["--dir", str(tmp_path), "--dir", str(record)])
    (loop,) = codegen_table.own_tests_table(runs)
    assert loop["tasks"] == 2
