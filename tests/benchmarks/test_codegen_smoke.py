"""Smoke run of ``benchmarks.codegen`` with the oracle model on a few tasks, every mode.

The oracle answers with the benchmark's reference solutions, so pass@1 must be 1.0: that
checks the whole path (prompt -> model -> graph -> solution.py -> sandbox -> hidden tests ->
JSONL -> summary). A second invocation must find every task done and run nothing again.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from benchmarks import codegen, datasets, sop_branches, verify_sop
from benchmarks.datasets import Task
from benchmarks.results import ResultLog
from benchmarks.scoring import pass_at_k, score, solution_module
from benchmarks.workers import worker_copies
from nodes.sandbox.isolation import BACKEND_ENV, probe_isolation

HUMANEVAL_IDS = "0,2"


@pytest.mark.parametrize("mode", ["direct", "sop", "sop+feedback"])
def test_oracle_passes_every_mode_and_resumes(tmp_path: Path, mode: str) -> None:
    argv = ["--bench", "humaneval", "--mode", mode, "--model", "oracle", "--ids", HUMANEVAL_IDS]
    argv += ["--out-dir", str(tmp_path)]
    summary = codegen.main(argv)
    assert summary["pass@1"] == 1.0
    assert summary["tasks_done"] == 2 and summary["tasks_in_benchmark"] == 164
    (jsonl,) = tmp_path.glob("*.jsonl")
    rows = [json.loads(line) for line in jsonl.read_text().splitlines()]
    assert {r["task_id"] for r in rows} == {"HumanEval/0", "HumanEval/2"}
    assert all(
        f"def {name}(" in r["solution"]
        for r, name in zip(
            sorted(rows, key=lambda r: r["task_id"]), ["has_close_elements", "truncate_number"], strict=True
        )
    )  # the scored code is kept beside its verdict
    codegen.main(argv)  # resumed: nothing left to do, nothing appended
    assert len(jsonl.read_text().splitlines()) == 2
    assert json.loads(next(tmp_path.glob("*.summary.json")).read_text())["summary"]["pass@1"] == 1.0


MBPP_SAMPLE = Path(__file__).parent / "data" / "sanitized-mbpp-sample.json"


def test_mbpp_keeps_the_test_split_and_the_oracle_passes_it(tmp_path: Path) -> None:
    """A committed sample of the sanitized file (train task 2, test tasks 11, 12, 19), so
    the MBPP path runs in every checkout, not only where the full file lies beside it."""
    tasks = datasets.load("mbpp", MBPP_SAMPLE)
    assert [t.task_id for t in tasks] == ["Mbpp/11", "Mbpp/12", "Mbpp/19"]
    sample = ["--mbpp-file", str(MBPP_SAMPLE)]
    summary = codegen.main(["--bench", "mbpp", "--model", "oracle", *sample, "--out-dir", str(tmp_path)])
    assert summary["pass@1"] == 1.0 and summary["tasks_done"] == 3  # 19 is `test_duplicate`


def test_mbpp_without_its_file_says_where_to_get_it(tmp_path: Path) -> None:
    with pytest.raises(datasets.DatasetMissing, match=r"sanitized-mbpp\.json"):
        datasets.load("mbpp", tmp_path / "sanitized-mbpp.json")


@pytest.mark.skipif(not datasets.MBPP_DEFAULT.is_file(), reason="no full MBPP file beside the checkout")
def test_the_full_file_has_257_test_split_tasks() -> None:
    assert len(datasets.load("mbpp")) == 257


def test_a_wrong_solution_fails_the_hidden_tests_and_says_which_assert() -> None:
    task: Task = datasets.load_humaneval()[2]  # truncate_number
    passed, reason = score(task, solution_module(task, "def truncate_number(number):\n    return number\n"))
    assert not passed and reason.startswith("E ") and "assert" in reason


def test_a_killed_run_leaves_a_partial_line_that_is_cut(tmp_path: Path) -> None:
    path = tmp_path / "r.jsonl"
    path.write_text('{"task_id": "a", "sample": 0}\n{"task_id": "b", "sam')
    assert ResultLog(path).done() == {("a", 0)}


def test_pass_at_k_is_the_unbiased_estimator() -> None:
    assert pass_at_k(1, 1, 1) == 1.0 and pass_at_k(1, 0, 1) == 0.0
    assert pass_at_k(10, 3, 1) == pytest.approx(0.3)
    assert pass_at_k(5, 2, 2) == pytest.approx(1 - 3 / 10)


def test_parallel_jobs_give_each_worker_its_own_local_engine(tmp_path: Path) -> None:
    """A llama.cpp context runs one call at a time: ``--jobs 2`` must not share one engine."""
    pytest.importorskip("llama_cpp")
    from nodes.models.local import LocalChatModel

    model = LocalChatModel(model_path=str(tmp_path / "unused.gguf"), n_threads=1)  # loads lazily
    copies = worker_copies(model, 2)
    assert [c.replica for c in copies] == [0, 1]  # type: ignore[attr-defined]
    assert all(c.model_path == model.model_path and c.n_threads == 1 for c in copies)  # type: ignore[attr-defined]


def test_parallel_jobs_score_like_one_job(tmp_path: Path) -> None:
    argv = ["--bench", "humaneval", "--mode", "direct", "--model", "oracle", "--ids", "0,1,2,3"]
    summary = codegen.main([*argv, "--jobs", "2", "--out-dir", str(tmp_path)])
    assert summary["pass@1"] == 1.0 and summary["tasks_done"] == 4
    rows = ResultLog(next(tmp_path.glob("*.jsonl"))).rows()
    assert sorted(r["task_id"] for r in rows) == [f"HumanEval/{i}" for i in range(4)]


def _rows_by_task(out_dir: Path, mode: str) -> dict[str, dict[str, Any]]:
    stem = codegen.results_stem("humaneval", mode, "oracle", 0)
    return {r["task_id"]: r for r in ResultLog(out_dir / f"{stem}.jsonl").rows()}


SAME_WORK = ("solution", "prompt_tokens", "completion_tokens", "calls", "status", "fix_rounds", "test_runs")


@pytest.fixture
def committed_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """A developer's tree may hold uncommitted SOP changes (then nothing is continued, by
    design); these tests are about the continuation, so they take the tree as committed."""
    monkeypatch.setattr(sop_branches, "sop_code_committed", lambda: True)


@pytest.mark.usefixtures("committed_tree")
def test_sop_feedback_continues_the_kept_sop_runs_and_equals_a_fresh_run(tmp_path: Path) -> None:
    argv = ["--bench", "humaneval", "--model", "oracle", "--ids", HUMANEVAL_IDS]
    codegen.main([*argv, "--mode", "sop", "--out-dir", str(tmp_path)])
    assert len(list((tmp_path / "runs").rglob("*.db"))) == 2  # one kept run per task
    codegen.main([*argv, "--mode", "sop+feedback", "--out-dir", str(tmp_path)])
    fresh_dir = tmp_path / "fresh"
    codegen.main([*argv, "--mode", "sop+feedback", "--out-dir", str(fresh_dir), "--no-branch"])
    sop = _rows_by_task(tmp_path, "sop")
    branched = _rows_by_task(tmp_path, "sop+feedback")
    fresh = _rows_by_task(fresh_dir, "sop+feedback")
    for task_id, row in branched.items():
        assert row["continued_sop_run"] is True
        assert {k: row[k] for k in SAME_WORK} == {k: fresh[task_id][k] for k in SAME_WORK}
        assert row["calls"] > sop[task_id]["calls"]  # QA's calls on top of the carried ones
        assert row["sop_seconds"] == sop[task_id]["seconds"]
        assert "def test_" in next(iter(row["agent_tests"].values()))  # QA's suite is kept
        assert row["agent_tests_last_run"].endswith(" passed, 0 failed, 0 errors")  # QA + examples
    assert "continued_sop_run" not in next(iter(fresh.values()))


def test_a_sop_run_made_by_other_code_is_not_continued(tmp_path: Path) -> None:
    argv = ["--bench", "humaneval", "--model", "oracle", "--ids", "0", "--out-dir", str(tmp_path)]
    codegen.main([*argv, "--mode", "sop"])
    stem = codegen.results_stem("humaneval", "sop", "oracle", 0)
    log = ResultLog(tmp_path / f"{stem}.jsonl")
    log.rewrite([row | {"commit": "0000000"} for row in log.rows()])  # a commit git does not know
    codegen.main([*argv, "--mode", "sop+feedback"])
    (row,) = _rows_by_task(tmp_path, "sop+feedback").values()
    assert "continued_sop_run" not in row and row["passed"] is True


def _root_commit() -> str:
    out = subprocess.run(["git", "rev-list", "--max-parents=0", "HEAD"], cwd=sop_branches.REPO,
                         capture_output=True, text=True, check=True)  # fmt: skip
    return out.stdout.split()[0][:7]


@pytest.mark.usefixtures("committed_tree")
def test_runs_verified_identical_at_head_are_continued_across_a_code_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The kept row claims the project's first commit (other SOP code); re-running it at HEAD
    gives the same row, so the pair is recorded and the kept run continued."""
    record = tmp_path / "equivalence.json"
    monkeypatch.setattr(sop_branches, "EQUIVALENCE_FILE", record)
    argv = ["--bench", "humaneval", "--model", "oracle", "--ids", "0", "--out-dir", str(tmp_path)]
    codegen.main([*argv, "--mode", "sop"])
    log = ResultLog(tmp_path / f"{codegen.results_stem('humaneval', 'sop', 'oracle', 0)}.jsonl")
    old = _root_commit()
    assert not sop_branches.same_sop_code(old, codegen.report.conditions()["git_commit"])
    log.rewrite([row | {"commit": old} for row in log.rows()])

    assert verify_sop.main(["--model", "oracle", "--ids", "0", "--out-dir", str(tmp_path)]) == 0
    (entry,) = sop_branches.equivalence_records(record)
    assert entry["from"] == old and entry["tasks"] == ["HumanEval/0"]
    codegen.main([*argv, "--mode", "sop+feedback"])
    (row,) = _rows_by_task(tmp_path, "sop+feedback").values()
    assert row["continued_sop_run"] is True and row["sop_commit"] == old


@pytest.mark.usefixtures("committed_tree")
def test_a_run_that_differs_at_head_records_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    record = tmp_path / "equivalence.json"
    argv = ["--bench", "humaneval", "--model", "oracle", "--ids", "0", "--out-dir", str(tmp_path)]
    codegen.main([*argv, "--mode", "sop"])
    log = ResultLog(tmp_path / f"{codegen.results_stem('humaneval', 'sop', 'oracle', 0)}.jsonl")
    log.rewrite([row | {"commit": _root_commit(), "calls": row["calls"] + 1} for row in log.rows()])
    assert verify_sop.main([*argv[:-2], "--out-dir", str(tmp_path), "--record", str(record)]) == 1
    assert not record.exists()


def test_committed_results_name_their_file_relative_to_the_checkout() -> None:
    from benchmarks.report import REPO, repo_relative

    assert repo_relative(REPO / "docs" / "benchmarks" / "x.jsonl") == "docs/benchmarks/x.jsonl"


def test_no_sandbox_stops_the_run_before_any_row(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Refused rows would count as done on a resume: the refusal ends the run instead."""
    monkeypatch.setenv(BACKEND_ENV, "nonsense")
    probe_isolation.cache_clear()
    try:
        argv = ["--bench", "humaneval", "--mode", "sop+feedback", "--model", "oracle", "--ids", HUMANEVAL_IDS]
        with pytest.raises(SystemExit, match=r"^codegen: refusing to run generated code"):
            codegen.main([*argv, "--out-dir", str(tmp_path)])
    finally:
        probe_isolation.cache_clear()
    assert not list(tmp_path.glob("*.jsonl"))


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--ids", "99999"], "codegen: no humaneval task matches --ids '99999'"),
        (["--mode", "sop", "--candidates", "0", "--ids", "0"], "codegen: --candidates: Input should"),
        (["--mode", "sop+feedback", "--max-retries", "99", "--ids", "0"], "codegen: --max-retries: Input"),
    ],
)
def test_bad_options_stop_before_any_row(tmp_path: Path, argv: list[str], said: str) -> None:
    with pytest.raises(SystemExit, match=re.escape(said)):
        codegen.main(["--model", "oracle", *argv, "--out-dir", str(tmp_path)])
    assert not list(tmp_path.glob("*.jsonl"))
