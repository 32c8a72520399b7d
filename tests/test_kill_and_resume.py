"""kill -9 in the middle of a run, resume in another process: no finished node runs again."""

from __future__ import annotations

import os
import signal
import sqlite3
import time
from collections import Counter
from pathlib import Path

import pytest

from benchmarks.scenarios import REQUIREMENT, script
from checkpoints.savers import open_saver
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import call_counts, make_runner, spawn_killable


def _calls(log: Path) -> list[tuple[int, str]]:
    return [(int(pid), name) for pid, name in (line.split() for line in log.read_text().splitlines())]


@pytest.mark.slow
def test_killed_run_resumes_in_a_new_process_without_repeating_finished_nodes(
    tmp_path: Path,
) -> None:
    db, log = tmp_path / "runs.db", tmp_path / "calls.log"
    # Call 6 is the Engineer's second file (PRD, design, tasks, draft+review of calc.py = 5).
    first = spawn_killable("start", str(db), str(log), "6")
    deadline = time.monotonic() + 60
    while not Path(f"{log}.hang").exists():
        assert first.poll() is None, first.stderr.read() if first.stderr else ""
        assert time.monotonic() < deadline, "the first process never reached the hang point"
        time.sleep(0.05)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    assert first.returncode == -signal.SIGKILL

    second = spawn_killable("resume", str(db), str(log))
    stdout, stderr = second.communicate(timeout=180)
    assert second.returncode == 0, stderr
    assert stdout.strip().splitlines()[-1] == "succeeded"

    calls = _calls(log)
    killed = Counter(name for pid, name in calls if pid == first.pid)
    resumed = Counter(name for pid, name in calls if pid == second.pid)
    assert killed == {"PRD": 1, "SystemDesign": 1, "TaskPlan": 1, "CodeDraft": 2, "CodeReview": 1}
    # Finished nodes (PM, Architect, PjM, the Engineer's first file) are not paid for again;
    # only the node that was killed mid-call (file 2) runs again, then the rest of the run.
    assert resumed == {"CodeDraft": 1, "CodeReview": 1, "TestSuite": 1, "FixPlan": 1}


def test_a_step_whose_writes_were_saved_without_its_checkpoint_resumes_without_rerunning(
    tmp_path: Path,
) -> None:
    """What a kill between a step's saved writes and the checkpoint that applies them leaves:
    LangGraph shows no ``next`` there, and the run must still resume (CI hit it under load)."""
    db, thread = tmp_path / "runs.db", "cut"
    with open_saver(f"sqlite:///{db}") as saver:
        runner = make_runner(saver, ScriptedChatModel(script=script()))
        runner.start(REQUIREMENT, RunSettings(model="scripted", candidates=1, fix_on="any"), thread_id=thread)
        oldest_first = reversed(list(runner.graph.get_state_history(runner.config(thread))))
        first_file = next(s for s in oldest_first if s.next == ("write_file",))  # calc.py's wave
        cut = first_file.config["configurable"]["checkpoint_id"]
    with sqlite3.connect(db) as conn:
        conn.execute("DELETE FROM checkpoints WHERE thread_id = ? AND checkpoint_id > ?", (thread, cut))
    remaining = script() | {"PRD": [], "SystemDesign": [], "TaskPlan": []}
    remaining["CodeDraft"], remaining["CodeReview"] = remaining["CodeDraft"][1:], remaining["CodeReview"][1:]
    model = ScriptedChatModel(script=remaining)
    with open_saver(f"sqlite:///{db}") as saver:
        runner = make_runner(saver, model)
        snapshot = runner.snapshot(thread)
        assert snapshot.next == () and snapshot.tasks  # the state plan_resume used to refuse
        outcome = runner.resume(thread)
    assert outcome.status == "succeeded"
    assert call_counts(model) == {"CodeDraft": 1, "CodeReview": 1, "TestSuite": 1}
