"""The project prompt variants' harness, checked with the reference solutions as answers."""

from __future__ import annotations

from pathlib import Path

from benchmarks import project_prompts
from benchmarks.project_data import load_projects

ORACLE_RUN = ["--model", "oracle-projects", "--ids", "rle,todo"]


def test_the_reference_answers_pass_where_the_variant_asks_for_every_file_graded(tmp_path: Path) -> None:
    summary = project_prompts.main([*ORACLE_RUN, "--out-dir", str(tmp_path)])
    assert summary["direct-call"]["best_per_project"] == {"rle": 7, "todo": 6}
    # a one-file variant is graded on the one file it asks for: todo's second module is missing
    assert summary["file-alone"]["best_per_project"] == {"rle": 7, "todo": 0}
    rows = (tmp_path / "project-prompts-oracle-projects.jsonl").read_text().splitlines()
    assert len(rows) == 6  # two projects x three variants; a second run adds none
    project_prompts.main([*ORACLE_RUN, "--out-dir", str(tmp_path)])
    assert len((tmp_path / "project-prompts-oracle-projects.jsonl").read_text().splitlines()) == 6


def test_rules_first_only_adds_its_request_to_the_candidates_prompt() -> None:
    rle = next(project for project in load_projects() if project.name == "rle")
    alone, first = project_prompts.file_alone(rle), project_prompts.VARIANTS["rules-first"](rle)
    assert first.replace(project_prompts.RULES_FIRST, "") == alone and project_prompts.RULES_FIRST in first
