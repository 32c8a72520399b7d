"""Per-task results as an append-only JSONL file, so a killed run continues where it stopped.

Every finished (task, sample) is one line, written and fsynced before the next task starts;
a process killed mid-line leaves a partial last line, which the next run cuts off before
appending. A run skips every (task, sample) the file already holds.
"""

from __future__ import annotations

import json
import os
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from pathlib import Path
from statistics import mean
from typing import Any

from benchmarks.scoring import pass_at_k


def finished_rows(path: Path) -> list[dict[str, Any]]:
    """The complete lines of a rows file, read without writing to it: a partial last line (a
    run appending right now, or one killed mid-line) is skipped, not cut off."""
    if not path.is_file():
        return []
    lines = path.read_text().splitlines(keepends=True)
    return [json.loads(line) for line in lines if line.endswith("\n") and line.strip()]


class ResultLog:
    """The JSONL file of one (benchmark, mode, model, seed) configuration."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._drop_partial_line()

    def _drop_partial_line(self) -> None:
        if not self.path.is_file():
            return
        data = self.path.read_bytes()
        if data and not data.endswith(b"\n"):
            self.path.write_bytes(data[: data.rfind(b"\n") + 1])

    def rows(self) -> list[dict[str, Any]]:
        return finished_rows(self.path)

    def done(self) -> set[tuple[str, int]]:
        return {(row["task_id"], int(row["sample"])) for row in self.rows()}

    def rewrite(self, rows: Iterable[dict[str, Any]]) -> None:
        """Replace every line at once (write a temp file, then rename), e.g. after a regrade."""
        temp = self.path.with_suffix(".jsonl.tmp")
        temp.write_text("".join(json.dumps(row, default=str) + "\n" for row in rows))
        with self._lock:
            os.replace(temp, self.path)

    def append(self, row: dict[str, Any]) -> None:
        line = json.dumps(row, default=str) + "\n"
        with self._lock, self.path.open("a") as out:
            out.write(line)
            out.flush()
            os.fsync(out.fileno())


def summarize(rows: Iterable[dict[str, Any]], task_ids: Sequence[str], k: int = 1) -> dict[str, Any]:
    """pass@k over the tasks that have results, and the cost per task."""
    wanted = set(task_ids)
    by_task: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        if row["task_id"] in wanted:
            by_task[row["task_id"]].append(row)
    scored = {t: rs for t, rs in by_task.items() if len(rs) >= k}
    if not scored:
        return {"tasks_done": 0, "tasks_selected": len(wanted)}
    flat = [r for rs in scored.values() for r in rs]
    per_task = len(flat) / len(scored)
    return {
        "tasks_done": len(scored),
        "tasks_selected": len(wanted),
        f"pass@{k}": round(
            mean(pass_at_k(len(rs), sum(r["passed"] for r in rs), k) for rs in scored.values()), 4
        ),
        "samples_per_task": round(per_task, 2),
        "prompt_tokens_per_task": round(sum(r["prompt_tokens"] for r in flat) / len(scored)),
        "completion_tokens_per_task": round(sum(r["completion_tokens"] for r in flat) / len(scored)),
        "model_calls_per_task": round(sum(r["calls"] for r in flat) / len(scored), 2),
        "seconds_per_task": round(sum(r["seconds"] for r in flat) / len(scored), 2),
        "scoring_seconds_per_task": round(sum(r["score_seconds"] for r in flat) / len(scored), 2),
        "errors": sum(r["status"] == "error" for r in flat),
    }
