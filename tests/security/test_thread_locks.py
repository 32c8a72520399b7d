"""One writer per thread (issue 24 item 3): a second writer is refused, a dead one's lock
is recovered. Probes: four simultaneous starts on one id ran the SOP four times; two
resumes of one killed run both paid for the rest."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from benchmarks.scenarios import REQUIREMENT, script
from checkpoints import locks
from checkpoints.locks import ThreadBusyError, thread_lock
from checkpoints.runs import delete_run, prune_runs, run_exists
from checkpoints.savers import open_saver
from graph.cli import app
from graph.errors import RunRequestError
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import make_runner, spawn_killable

ROOT = Path(__file__).resolve().parents[2]
HOLD = """
import sys, time
from pathlib import Path
from checkpoints import locks
release = locks._flock(Path(sys.argv[1]), sys.argv[2])
print("held", flush=True)
time.sleep(600)
"""


def _hold_in_child(db: Path, thread: str) -> subprocess.Popen[str]:
    child = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(db), thread], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    assert child.stdout is not None and child.stdout.readline().strip() == "held"
    return child


def test_the_same_task_reenters_and_another_task_is_refused() -> None:
    with open_saver("memory") as saver, thread_lock(saver, "t"), thread_lock(saver, "t"):
        refused: list[BaseException] = []

        def other() -> None:
            try:
                with thread_lock(saver, "t"):
                    pass
            except ThreadBusyError as error:
                refused.append(error)

        worker = threading.Thread(target=other)
        worker.start()
        worker.join()
        assert len(refused) == 1 and f"pid {os.getpid()}" in str(refused[0])
        with thread_lock(saver, "another-thread"):
            pass
    with open_saver("memory") as saver, thread_lock(saver, "t"):
        pass  # released on exit, re-entry included


def test_a_lock_held_by_another_process_is_refused_naming_it_then_recovered_after_kill_9(
    tmp_path: Path,
) -> None:
    db = tmp_path / "runs.db"
    thread = "../[/bold] odd id"
    with open_saver(f"sqlite:///{db}") as saver:
        child = _hold_in_child(db, thread)
        try:
            busy = pytest.raises(ThreadBusyError, match=f"pid {child.pid} on host ")
            with busy, thread_lock(saver, thread):
                pass
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=10)
        with thread_lock(saver, thread):  # the kernel dropped the dead holder's flock
            assert locks.lock_file(db.resolve(), thread).parent == db.resolve().with_name("runs.db.locks")


def test_delete_is_refused_and_prune_keeps_a_run_being_written(tmp_path: Path) -> None:
    db = tmp_path / "runs.db"
    with open_saver(f"sqlite:///{db}") as saver:
        runner = make_runner(saver, ScriptedChatModel(script=script()))
        runner.start(REQUIREMENT, RunSettings(model="scripted"), thread_id="live")
        child = _hold_in_child(db, "live")
        try:
            with pytest.raises(ThreadBusyError, match=f"pid {child.pid}"):
                delete_run(saver, "live")
            busy: list[str] = []
            assert prune_runs(saver, keep_last=0, busy=busy) == [] and busy == ["live"]
            cli = CliRunner().invoke(
                app, ["delete", "live", "--checkpoints", f"sqlite:///{db}", "--workspace", str(tmp_path)]
            )
            assert cli.exit_code == 2, cli.output
            errors = [line for line in cli.output.splitlines() if line.startswith("error:")]
            assert len(errors) == 1 and f"pid {child.pid}" in errors[0]
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=10)
        assert delete_run(saver, "live")


def test_a_busy_thread_is_a_refused_request_for_the_api_and_the_cli(tmp_path: Path) -> None:
    """``ThreadBusyError`` is a ``RunRequestError``: code that catches the API's refusals
    (``except RunRequestError``) catches a busy thread too, and the CLI gives one line
    naming the holder and exit 2; nothing is written."""
    assert issubclass(ThreadBusyError, RunRequestError)
    db = tmp_path / "runs.db"
    with open_saver(f"sqlite:///{db}") as saver:
        runner = make_runner(saver, ScriptedChatModel(script=script()))
        child = _hold_in_child(db, "busy")
        try:
            with pytest.raises(RunRequestError, match=f"thread 'busy' .*pid {child.pid} on host "):
                runner.start(REQUIREMENT, RunSettings(model="scripted"), thread_id="busy")
            assert not run_exists(saver, "busy")
            for command in (["resume", "busy", "--approve"], ["export", "busy"]):
                cli = CliRunner().invoke(
                    app, [*command, "--checkpoints", f"sqlite:///{db}", "--workspace", str(tmp_path)]
                )
                assert cli.exit_code == 2, cli.output
                errors = [line for line in cli.output.splitlines() if line.startswith("error:")]
                assert len(errors) == 1 and f"pid {child.pid} on host" in errors[0], cli.output
                assert "Traceback" not in cli.output
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=10)


@pytest.mark.slow
def test_a_second_process_is_refused_and_a_resume_after_kill_9_succeeds(tmp_path: Path) -> None:
    db, log = tmp_path / "runs.db", tmp_path / "calls.log"
    first = spawn_killable("start", str(db), str(log), "6")  # hangs on its 6th model call
    deadline = time.monotonic() + 60
    while not Path(f"{log}.hang").exists():
        assert first.poll() is None, first.stderr.read() if first.stderr else ""
        assert time.monotonic() < deadline, "the first process never reached the hang point"
        time.sleep(0.05)
    try:
        for mode in ("resume", "start"):  # a second resume, and a second start on the same id
            second = spawn_killable(mode, str(db), str(tmp_path / f"{mode}.log"))
            _, stderr = second.communicate(timeout=120)
            assert second.returncode != 0
            assert "ThreadBusyError" in stderr and f"pid {first.pid} on host" in stderr, stderr
            assert not (tmp_path / f"{mode}.log").exists()  # refused before any model call
    finally:
        os.kill(first.pid, signal.SIGKILL)
        first.wait(timeout=10)
    resumed = spawn_killable("resume", str(db), str(log))
    stdout, stderr = resumed.communicate(timeout=180)
    assert resumed.returncode == 0, stderr
    assert stdout.strip().splitlines()[-1] == "succeeded"


PG_HOLD = """
import sys, time
from checkpoints.locks import thread_lock
from checkpoints.savers import open_saver
with open_saver(sys.argv[1]) as saver, thread_lock(saver, sys.argv[2]):
    print("held", flush=True)
    time.sleep(600)
"""


@pytest.mark.postgres
def test_postgres_a_second_writer_is_refused_and_a_killed_holder_releases(tmp_path: Path) -> None:
    from tests.checkpointer_fixtures import POSTGRES_URL_VAR, _postgres_database, _postgres_unavailable

    server = os.environ.get(POSTGRES_URL_VAR)
    if not server:
        _postgres_unavailable(f"{POSTGRES_URL_VAR} is unset: start a server with .ci/postgres.sh")
    with _postgres_database(server) as url, open_saver(url) as saver:
        child = subprocess.Popen(
            [sys.executable, "-c", PG_HOLD, url, "t"], cwd=ROOT, stdout=subprocess.PIPE, text=True
        )
        try:
            assert child.stdout is not None and child.stdout.readline().strip() == "held"
            with pytest.raises(ThreadBusyError, match=f"pid {child.pid}"), thread_lock(saver, "t"):
                pass
            with thread_lock(saver, "another"):
                pass
        finally:
            os.kill(child.pid, signal.SIGKILL)
            child.wait(timeout=10)
        deadline = time.monotonic() + 10
        while True:  # the server notices the dead session's socket close
            try:
                with thread_lock(saver, "t"):
                    break
            except ThreadBusyError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)
