"""The project benchmark's harness: its hidden tests are passable (every reference solution
passes them in the real sandbox) and not trivially passed (a broken solution fails), the
answer parser finds the files, and the oracle run scores 1.0, writes its rows and resumes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from benchmarks import project_bench
from benchmarks.project_bench import files_from_reply, grade
from benchmarks.project_data import Project, load_projects, select
from benchmarks.project_oracle import direct_reply

PROJECTS = load_projects()
ORACLE = ["--model", "oracle-projects"]


def by_name(name: str) -> Project:
    return select(PROJECTS, name)[0]


def test_the_benchmark_has_twelve_or_more_projects_about_half_with_examples() -> None:
    assert len(PROJECTS) >= 12
    with_examples = sum(p.has_examples for p in PROJECTS)
    assert abs(with_examples - (len(PROJECTS) - with_examples)) <= 2
    for project in PROJECTS:
        assert 4 <= project.hidden_test.count("\ndef test_") <= 8, project.name
        for module in project.modules:  # the requirement names every module the tests import
            assert f"`{module}`" in project.requirement, (project.name, module)


@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_the_reference_solution_passes_every_hidden_test(project: Project) -> None:
    result = grade(project, project.reference)
    assert result.passed, result.reason
    assert result.hidden_passed == result.hidden_total == project.tests


def test_a_broken_solution_fails_and_says_why() -> None:
    project = by_name("rle")
    broken = project.reference["rle.py"].replace("{len(list(run))}{char}", "{char}{len(list(run))}")
    result = grade(project, {"rle.py": broken})
    assert not result.passed
    assert 0 < result.hidden_passed < result.hidden_total
    assert result.reason.startswith("E ")


def test_a_missing_module_fails_the_whole_project() -> None:
    project = by_name("todo")
    result = grade(project, {"todo_store.py": project.reference["todo_store.py"]})
    assert not result.passed and result.hidden_passed == 0
    assert "todo_cli" in result.reason


def test_nested_files_are_put_on_the_import_path_and_tests_are_not_copied() -> None:
    project = by_name("todo")
    files = {f"src/{path}": code for path, code in project.reference.items()}
    files["tests/test_mine.py"] = "def test_red():\n    assert False\n"  # the model's own, not graded
    assert grade(project, files).passed


def test_every_candidate_is_graded_in_the_shipped_project_for_the_ceiling() -> None:
    project = by_name("todo")
    right = project.reference["todo_store.py"]
    wrong = right.replace("ORDER BY id", "ORDER BY id DESC")
    assert wrong != right
    candidates: list[dict[str, Any]] = [
        {"index": 0, "origin": "sop", "content": wrong},
        {"index": 1, "origin": "direct", "content": right},
    ]
    produced = project_bench.Produced(
        files=dict(project.reference) | {"todo_store.py": wrong},
        details={"selection": {"path": "todo_store.py", "chosen": 0}, "chosen": 0, "candidates": candidates},
    )
    project_bench.graded_candidates(project, produced)
    assert [c["hidden_passed"] for c in candidates] == [False, True]
    assert candidates[1]["hidden_tests_passed"] == project.tests > candidates[0]["hidden_tests_passed"]
    assert candidates[1]["code"] == right and "content" not in candidates[1]
    row = {"task_id": "todo", "has_examples": False, "passed": False, "hidden_passed": 0, "hidden_total": 6,
           "prompt_tokens": 1, "completion_tokens": 1, "calls": 1, "seconds": 1.0, "status": "failed_tests",
           "chosen": 0, "candidates": candidates}  # fmt: skip
    summary = project_bench.summarize([row], [project])
    assert summary["candidates"] == {
        "projects_with_candidates": 1,
        "some_candidate_passes": 1,
        "chosen_candidate_passes": 0,
        "shipped_passes": 0,
    }


def test_files_from_reply_reads_labelled_blocks_and_tolerates_drift() -> None:
    reply = (
        "Here you go.\n\n**FILE: `todo_store.py`**\n```python\nA = 1\n```\n"
        "### FILE: pkg/todo_cli.py\n```py\ndef broken(:\n```\n"
    )
    assert files_from_reply(reply, ("todo_store.py", "todo_cli.py")) == {
        "todo_store.py": "A = 1\n",
        "pkg/todo_cli.py": "def broken(:\n",  # kept: the hidden tests judge it, not the parser
    }
    assert files_from_reply("```python\nX = 1\n```", ("rle.py",)) == {"rle.py": "X = 1\n"}
    named = "```python\n# a.py\nA = 1\n```\n```python\n# b.py\nB = 2\n```"
    assert set(files_from_reply(named, ("a.py", "b.py"))) == {"a.py", "b.py"}
    assert files_from_reply("no code at all", ("a.py", "b.py")) == {}
    project = by_name("todo")
    assert files_from_reply(direct_reply(project), project.modules) == project.reference


def rows(folder: Path) -> list[dict]:
    (jsonl,) = folder.glob("*.jsonl")
    return [json.loads(line) for line in jsonl.read_text().splitlines()]


def test_the_oracle_scores_one_in_direct_mode_and_a_second_run_resumes(tmp_path: Path) -> None:
    argv = ["--mode", "direct", *ORACLE, "--ids", "rle,todo", "--out-dir", str(tmp_path)]
    summary = project_bench.main(argv)
    assert summary["all_pass_rate"] == 1.0 and summary["projects_done"] == 2
    assert summary["with_examples"] == {"projects": 1, "passed": 1, "pass_rate": 1.0}
    assert summary["without_examples"] == {"projects": 1, "passed": 1, "pass_rate": 1.0}
    assert summary["partial"] is True
    found = rows(tmp_path)
    assert (tmp_path / "projects-direct-oracle-projects-s0.jsonl").is_file()
    assert {r["task_id"] for r in found} == {"rle", "todo"}
    assert all(r["hidden_passed"] == r["hidden_total"] > 0 and r["calls"] == 1 for r in found)
    todo = next(r for r in found if r["task_id"] == "todo")
    assert sorted(todo["files"]) == ["todo_cli.py", "todo_store.py"]
    project_bench.main(argv)  # resumed: nothing left to do, nothing appended
    assert len(rows(tmp_path)) == 2
    saved = json.loads((tmp_path / "projects-direct-oracle-projects-s0.summary.json").read_text())
    assert saved["summary"]["all_pass_rate"] == 1.0
    assert saved["conditions"]["projects_with_examples"] == sum(p.has_examples for p in PROJECTS)


def test_a_killed_run_continues_with_the_projects_it_had_not_finished(tmp_path: Path) -> None:
    jsonl = tmp_path / "projects-direct-oracle-projects-s0.jsonl"
    done = {"task_id": "rle", "sample": 0, "passed": False, "has_examples": True, "hidden_passed": 3,
            "hidden_total": 7, "status": "done", "prompt_tokens": 1, "completion_tokens": 1, "calls": 1,
            "seconds": 1.0}  # fmt: skip
    jsonl.write_text(json.dumps(done) + '\n{"task_id": "todo", "sam')  # killed mid-line
    argv = ["--mode", "direct", *ORACLE, "--ids", "rle,todo", "--out-dir", str(tmp_path)]
    summary = project_bench.main(argv)
    assert [r["task_id"] for r in rows(tmp_path)] == ["rle", "todo"]  # rle kept, not run again
    assert summary["all_passed"] == 1 and summary["all_pass_rate"] == 0.5
    assert summary["hidden_tests_passed_share"] == round((3 + 6) / (7 + 6), 4)


def test_the_oracle_passes_through_the_whole_graph(tmp_path: Path) -> None:
    summary = project_bench.main(["--mode", "sop", *ORACLE, "--ids", "todo", "--out-dir", str(tmp_path)])
    assert summary["all_pass_rate"] == 1.0
    (row,) = rows(tmp_path)
    assert row["calls"] > 1 and row["status"] != "error"
    assert row["selection"] is None and row["fixes_undone"] == 0  # todo states no example: no candidates
    assert row["tests"] == {}  # no QA in `sop`


def test_a_feedback_row_keeps_qas_suite_for_replays(tmp_path: Path) -> None:
    project_bench.main(["--mode", "sop+feedback", *ORACLE, "--ids", "todo", "--out-dir", str(tmp_path)])
    (row,) = rows(tmp_path)
    assert list(row["tests"]) == ["tests/test_todo.py"] and "def test_" in row["tests"]["tests/test_todo.py"]


def test_unknown_project_names_are_refused(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        project_bench.main(["--ids", "nope", *ORACLE, "--out-dir", str(tmp_path)])


def test_settings_the_graph_refuses_stop_the_run_before_any_row(tmp_path: Path) -> None:
    argv = ["--model", "oracle-projects", "--mode", "sop", "--candidates", "9", "--ids", "rpn"]
    said = r"^project_bench: --candidates: Input should be less than or equal to 8$"
    with pytest.raises(SystemExit, match=said):
        project_bench.main([*argv, "--out-dir", str(tmp_path)])
    assert not list(tmp_path.glob("*.jsonl"))
