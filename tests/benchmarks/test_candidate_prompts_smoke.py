"""``benchmarks.candidate_prompts`` with the oracle: greedy and sampled variants, resumed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from benchmarks import candidate_prompts


def test_sampled_variants_get_one_row_per_seed_and_resume(tmp_path: Path) -> None:
    argv = ["--model", "oracle", "--ids", "0,2", "--variants", "bench-direct,direct-words-sop-requirement"]
    argv += ["--temperature", "0.8", "--sample-seeds", "2,3", "--out-dir", str(tmp_path)]
    summary = candidate_prompts.main(argv)
    (rows_file,) = tmp_path.glob("*-t0.8.jsonl")
    rows = [json.loads(line) for line in rows_file.read_text().splitlines()]
    assert sorted({(r["task_id"], r["variant"], r["sample"]) for r in rows}) == sorted(
        (task, variant, seed)
        for task in ("HumanEval/0", "HumanEval/2")
        for variant in ("bench-direct", "direct-words-sop-requirement")
        for seed in (2, 3)
    )
    assert summary["direct-words-sop-requirement"] == {
        "tasks": 2,
        "answers": 4,
        "answers_passing": 1.0,
        "pass@2": 1.0,
        "wins_vs_bench_direct": 0,
        "losses_vs_bench_direct": 0,
    }
    candidate_prompts.main(argv)  # resumed: every (task, variant, seed) is done
    assert len(rows_file.read_text().splitlines()) == 8


def test_greedy_rows_keep_their_file_and_pass_at_1(tmp_path: Path) -> None:
    argv = ["--model", "oracle", "--ids", "0", "--variants", "bench-direct", "--out-dir", str(tmp_path)]
    summary = candidate_prompts.main(argv)
    assert [p.name for p in tmp_path.glob("*.jsonl")] == ["candidate-prompts-humaneval-oracle.jsonl"]
    assert summary["bench-direct"]["pass@1"] == 1.0


def test_bad_seeds_are_one_line_errors(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        candidate_prompts.main(["--model", "oracle", "--sample-seeds", "two,3"])
    assert "--sample-seeds 'two,3': whole numbers separated by commas" in capsys.readouterr().err
