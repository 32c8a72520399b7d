"""``sop+feedback`` as a branch of the ``sop`` run: the shared part is not generated twice.

The two modes run the same roles on the same prompts until the Engineer's last file; only
then does ``sop+feedback`` add QA and the test loop. Local calls are greedy and start
from a reset KV cache (``nodes/models/engine.py``), so a call's answer depends on its prompt
alone and a fresh ``sop+feedback`` run repeats the ``sop`` run call for call up to there.
The ``sop`` mode therefore keeps each task's run in a SQLite file, and ``sop+feedback``
continues it with ``SopRunner.branch``: its tokens and calls come from the carried-over
usage, as if made again, and its time is the ``sop`` row's plus the continuation's.

A kept run is used only when its row's commit has the same SOP code as this one
(``SOP_CODE``: every path the roles' prompts and logic live in), or when the two commits'
``sop`` runs were shown to be the same by running them (``EQUIVALENCE_FILE``, written by
``python -m benchmarks.verify_sop``): a change that touches only what runs after the branch
point (QA, the test loop) leaves the shared part alone, which ``git diff`` cannot see.
Otherwise, or without a kept file, the task runs fresh.
"""

from __future__ import annotations

import functools
import json
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from benchmarks.report import REPO

RUNS_FOLDER = "runs"
"""Kept ``sop`` runs live in this folder beside the results, one SQLite file per task
(git-ignored: tens of MB, and a run remakes them)."""

SOP_CODE = ("nodes", "state", "graph", "checkpoints", "benchmarks/solvers.py", ":(exclude)graph/cli*.py")
"""What decides a SOP run's calls (the CLI does not): two commits equal here make the same
``sop`` calls."""

EQUIVALENCE_FILE = REPO / "docs" / "benchmarks" / "sop-equivalence.json"
"""Committed evidence: pairs of commits whose ``sop`` runs came out identical, task by task."""

RUN_THREAD = "run"
"""The thread id inside a kept run's file (one run per file)."""


@dataclass(frozen=True)
class SopSource:
    """A kept ``sop`` run to continue, and what its own row measured."""

    path: Path
    seconds: float
    commit: str


def run_file(runs_dir: Path, stem: str, task_id: str, sample: int) -> Path:
    """Where the ``sop`` run of one (task, sample) is kept."""
    return runs_dir / stem / f"{task_id.replace('/', '_')}-s{sample}.db"


def fresh_file(path: Path) -> Path:
    """``path`` with any left-over run (from a killed attempt) removed, folder made."""
    path.parent.mkdir(parents=True, exist_ok=True)
    for leftover in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        leftover.unlink(missing_ok=True)
    return path


@functools.cache
def same_sop_code(commit: str | None, head: str | None) -> bool:
    """True when ``git`` says the two commits do not differ in ``SOP_CODE``."""
    if not commit or not head:
        return False
    if commit == head:
        return True
    try:
        command = ["git", "diff", "--quiet", commit, head, "--", *SOP_CODE]
        diff = subprocess.run(command, cwd=REPO, capture_output=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return False
    return diff.returncode == 0


def sop_code_committed() -> bool:
    """True when the working tree's SOP code is HEAD's: rows name HEAD as the code that made
    them, which is only true of a clean tree."""
    try:
        command = ["git", "diff", "--quiet", "HEAD", "--", *SOP_CODE]
        return subprocess.run(command, cwd=REPO, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.SubprocessError):
        return False


def equivalence_records(path: Path | None = None) -> list[dict[str, Any]]:
    """The verified pairs of commits in ``path`` (default ``EQUIVALENCE_FILE``), if any."""
    path = path or EQUIVALENCE_FILE
    return list(json.loads(path.read_text())["records"]) if path.is_file() else []


def verified_same(commit: str | None, head: str | None, records: list[dict[str, Any]]) -> bool:
    """True when a record shows ``commit``'s SOP code and ``head``'s making identical runs."""
    return any(
        same_sop_code(commit, record["from"]) and same_sop_code(record["to"], head) for record in records
    )


def finished_rows(results: Path) -> list[dict[str, Any]]:
    """The complete lines of a results file, read only (a run may be appending to it)."""
    text = results.read_text() if results.is_file() else ""
    return [json.loads(line) for line in text[: text.rfind("\n") + 1].splitlines() if line.strip()]


def sop_sources(sop_results: Path, runs_dir: Path, head: str | None) -> dict[tuple[str, int], SopSource]:
    """Every (task, sample) of the ``sop`` results whose run is kept and made by the same code."""
    if not sop_code_committed():
        return {}  # uncommitted SOP changes: HEAD is not the code that would run
    stem = sop_results.name.removesuffix(".jsonl")
    records = equivalence_records()
    found: dict[tuple[str, int], SopSource] = {}
    for row in finished_rows(sop_results):
        path = run_file(runs_dir, stem, row["task_id"], row["sample"])
        commit = row.get("commit")
        if path.is_file() and (same_sop_code(commit, head) or verified_same(commit, head, records)):
            found[(row["task_id"], row["sample"])] = SopSource(path, float(row["seconds"]), str(commit))
    return found
