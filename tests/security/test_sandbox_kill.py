"""kill -9 of sopgraph during ``run_tests`` leaves nothing behind (issue 24 item 4).

Probe: eight kills of the old root-only sandbox left eight process trees, eight temp
folders holding the generated code and eight pids cgroups. Now bubblewrap's parent-death
signal ends the run's tree with its owner, and the next start's sweep removes the folder.
"""

from __future__ import annotations

import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from nodes.sandbox import probe_isolation
from nodes.sandbox.leftovers import stale_workspaces, sweep_leftovers
from nodes.sandbox.procscan import find_marked, kill_marked, owner_tag

ROOT = Path(__file__).resolve().parents[2]
RUN = """
import sys
from nodes.sandbox import SandboxLimits, run_tests_sandboxed
token = sys.argv[1]
sleeper = f"[sys.executable, '-c', 'import time; time.sleep(600)', {token!r}]"
test = (
    "import os, subprocess, sys, time\\n"
    "def test_hang():\\n"
    f"    subprocess.Popen({sleeper})\\n"
    "    if os.fork() == 0:\\n"
    "        os.setsid()\\n"
    f"        os.execv(sys.executable, {sleeper})\\n"
    "    time.sleep(600)\\n"
)
limits = SandboxLimits(wall_seconds=120, cpu_seconds=120)
run_tests_sandboxed({f"test_{token}.py": test}, test_paths=[f"test_{token}.py"], limits=limits)
"""


def _sleepers(token: str) -> list[int]:
    """The run's two sleepers: a child of the test and a ``setsid`` daemon."""
    needle = b"import time; time.sleep(600)\0" + token.encode()
    found = []
    for pid in find_marked(token):
        try:
            if needle in Path(f"/proc/{pid}/cmdline").read_bytes():
                found.append(pid)
        except OSError:
            continue
    return found


def _wait_for(condition: object, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if callable(condition) and condition():
            return True
        time.sleep(0.05)
    return False


def _cgroups() -> set[Path]:
    return set(Path("/sys/fs/cgroup/pids").glob("sopgraph-*"))


def _workspaces_of(pid: int) -> list[Path]:
    return list(Path(tempfile.gettempdir()).glob(f"sopgraph-sandbox-{pid}.*"))


def test_kill_9_during_run_tests_leaves_no_process_folder_or_cgroup() -> None:
    iso = probe_isolation()
    if not iso.isolated or iso.refusal:
        reason = f"needs the bubblewrap backend: {iso.refusal or 'not isolated'}"
        if os.environ.get("SOPGRAPH_REQUIRE_SANDBOX_ISOLATION") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    token = "kill" + secrets.token_hex(6)
    cgroups_before = _cgroups()
    proc = subprocess.Popen([sys.executable, "-c", RUN, token], cwd=ROOT)
    try:
        assert _wait_for(lambda: len(_sleepers(token)) == 2, 30), "the sandboxed run never started"
        assert _workspaces_of(proc.pid), "the run's workspace should exist while it runs"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        assert _wait_for(lambda: not find_marked(token), 5), find_marked(token)  # died with their owner
        assert _cgroups() <= cgroups_before
        leftovers = _workspaces_of(proc.pid)
        assert leftovers and set(leftovers) <= set(stale_workspaces()), (
            "kill -9 leaves the folder to the sweep"
        )
        notes = sweep_leftovers()
        assert not _workspaces_of(proc.pid), notes
    finally:
        proc.kill()
        kill_marked(token)


def test_the_sweep_spares_a_live_owner() -> None:
    """A concurrent run's workspace (its owner alive) is never swept."""
    live = Path(tempfile.mkdtemp(prefix=f"sopgraph-sandbox-{owner_tag()}-"))
    try:
        assert live not in stale_workspaces()
        sweep_leftovers()
        assert live.is_dir()
    finally:
        live.rmdir()


def test_the_sweep_kills_only_runs_whose_owner_is_dead() -> None:
    """A dead owner's run is killed; a live owner's, and one with a marker of another shape
    (an older sopgraph's bare run id, whose owner cannot be told), are left alone."""
    dead = subprocess.Popen(["true"])
    dead.wait()
    dead_owner = f"{dead.pid}.1"  # no such start time: a dead (or reused) pid
    markers = {"dead": f"{dead_owner}.aa", "live": f"{owner_tag()}.bb", "legacy": secrets.token_hex(8)}
    procs = {
        name: subprocess.Popen(["sleep", "30"], env={**os.environ, "SOPGRAPH_SANDBOX_RUN": marker})
        for name, marker in markers.items()
    }
    try:
        assert _wait_for(lambda: all(find_marked(marker) for marker in markers.values()), 5)
        sweep_leftovers()
        assert procs["dead"].wait(timeout=5) == -signal.SIGKILL
        assert procs["live"].poll() is None and procs["legacy"].poll() is None
    finally:
        for proc in procs.values():
            proc.kill()
            proc.wait()
