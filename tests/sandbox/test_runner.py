"""The runner's contract beyond the corpus: refusals, selection, smoke runs, fallbacks."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from nodes.sandbox import Isolation, SandboxLimits, SandboxUnavailable, probe_isolation, run_tests_sandboxed
from nodes.sandbox.backends import Unisolated
from nodes.sandbox.procscan import find_marked, kill_marked

from .conftest import Host

QUICK = SandboxLimits(wall_seconds=6, cpu_seconds=3, smoke_seconds=1.5, output_bytes=20_000)
CODE = {
    "calc.py": "def add(a, b):\n    return a + b\n",
    "tests/__init__.py": "",
    "tests/test_calc.py": "from calc import add\n\ndef test_add():\n    assert add(1, 2) == 3\n",
    "tests/test_other.py": "def test_other():\n    assert False, 'other ran'\n",
}


def test_refused_path_runs_nothing_and_says_why() -> None:
    report = run_tests_sandboxed({"../escape.py": "x = 1\n", **CODE}, limits=QUICK, attempt=3)
    assert report.attempt == 3 and report.exit_status is None and not report.ok
    assert "parent_component" in report.failing_output
    assert any("nothing was run" in note for note in report.notes)


def test_selected_test_paths_only() -> None:
    report = run_tests_sandboxed(CODE, test_paths=["tests/test_calc.py"], limits=QUICK)
    assert report.ok, report.failing_output
    assert [o.nodeid for o in report.outcomes] == ["tests/test_calc.py::test_add"]
    assert report.command[-1] == "tests/test_calc.py"


def test_selection_by_folder_and_node_id() -> None:
    report = run_tests_sandboxed(CODE, test_paths=["tests"], limits=QUICK)
    assert (report.passed, report.failed) == (1, 1)
    assert "other ran" in report.failing_output
    node = run_tests_sandboxed(CODE, test_paths=["tests/test_calc.py::test_add"], limits=QUICK)
    assert node.ok and node.passed == 1


@pytest.mark.parametrize("target", ["tests/test_missing.py", "/etc", "../tests"])
def test_unknown_or_unsafe_test_path_is_refused(target: str) -> None:
    report = run_tests_sandboxed(CODE, test_paths=[target], limits=QUICK)
    assert report.exit_status is None and not report.ok
    assert "unsafe generated path" in report.failing_output


@pytest.mark.parametrize(
    ("main", "expected"),
    [
        ("print('hello')\n", "exited 0"),
        ("import sys\nsys.exit('bad config')\n", "exited 1"),
        ("import time\nwhile True:\n    time.sleep(1)\n", "still running after 1.5s"),
        ("name = input()\n", "EOFError"),
    ],
)
def test_entry_point_smoke_run_is_noted(main: str, expected: str) -> None:
    report = run_tests_sandboxed({**CODE, "main.py": main}, limits=QUICK, entry_point="main.py")
    smoke = [note for note in report.notes if note.startswith("entry point 'main.py'")]
    assert len(smoke) == 1 and expected in smoke[0], report.notes


def test_missing_entry_point_is_noted_not_run() -> None:
    report = run_tests_sandboxed(CODE, limits=QUICK, entry_point="app.py")
    assert any("'app.py' not run" in note for note in report.notes)


def test_notes_say_how_the_run_was_isolated() -> None:
    iso = probe_isolation()
    if iso.refusal:
        pytest.skip(iso.refusal)
    report = run_tests_sandboxed(CODE, test_paths=["tests/test_calc.py"], limits=QUICK)
    notes = "\n".join(report.notes)
    if iso.isolated:
        assert "user, pid, network, mount, IPC and UTS namespaces (bubblewrap)" in notes
    else:
        assert "NOT isolated" in notes


def test_no_isolation_without_opt_in_is_refused_in_one_line() -> None:
    refused = Isolation(Unisolated(), ("x",), refusal="refusing to run generated code: no sandbox")
    with pytest.raises(SandboxUnavailable) as caught:
        run_tests_sandboxed(CODE, limits=QUICK, isolation=refused)
    assert "\n" not in str(caught.value) and "refusing" in str(caught.value)


DAEMON = (
    "import os, sys, time\n\n"
    "def test_daemon():\n"
    "    if os.fork() == 0:\n"
    "        os.setsid()\n"
    "        if os.fork() == 0:\n"
    "            os.execv(sys.executable, [sys.executable, '-c', 'import time; time.sleep(600)'])\n"
    "        os._exit(0)\n"
    "    time.sleep(0.3)\n"
)


def test_unisolated_backend_still_kills_escaped_daemons(host: Host) -> None:
    """The opt-in ``none`` backend: the marker sweep still ends a setsid daemon."""
    report = run_tests_sandboxed({"test_d.py": DAEMON}, limits=QUICK, isolation=Isolation(Unisolated()))
    assert report.ok, report.failing_output
    host.assert_no_process_left()


def test_fallback_timeout_kills_the_whole_group(host: Host) -> None:
    fallback = Isolation(Unisolated())
    slow = {"test_s.py": "import subprocess\n\ndef test_s():\n    subprocess.run(['sleep', '600'])\n"}
    limits = SandboxLimits(wall_seconds=1.5, smoke_seconds=1)
    report = run_tests_sandboxed(slow, limits=limits, isolation=fallback)
    assert report.limit_hit == "timeout"
    assert report.duration_s < 6
    host.assert_no_process_left()


def test_marker_scan_finds_and_kills_a_marked_process(host: Host) -> None:
    """The leftover check the corpus relies on really sees a process carrying the token."""
    proc = subprocess.Popen(["sleep", "30"])  # inherits SOPGRAPH_CORPUS_MARKER=<token>
    try:
        assert _marked_once_exec_done(host.token) == [proc.pid]
        assert kill_marked(host.token) >= 1
        assert proc.wait(timeout=5) == -9
        host.assert_no_process_left()
    finally:
        proc.kill()


def _marked_once_exec_done(token: str, within: float = 5.0) -> list[int]:
    """``find_marked`` after the child has exec'd.

    Between fork and exec ``/proc/<pid>/environ`` still shows the parent's start-up
    environment, which predates the marker the fixture set, so a scan straight after
    ``Popen`` can miss the child (seen once in CI). Polling keeps the check real: a child
    that never shows the marker still fails the test after ``within`` seconds.
    """
    deadline = time.monotonic() + within
    while not (found := find_marked(token)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return found


ORDINARY = """
import multiprocessing, pathlib, sqlite3, subprocess, sys, threading

def _square(x):
    return x * x

def test_tmp_path(tmp_path):
    (tmp_path / "a.txt").write_text("hi")
    assert (tmp_path / "a.txt").read_text() == "hi"

def test_multiprocessing_pool():
    with multiprocessing.get_context("fork").Pool(2) as pool:
        assert pool.map(_square, [1, 2, 3]) == [1, 4, 9]

def test_subprocess_python():
    out = subprocess.run([sys.executable, "-c", "print(6 * 7)"], capture_output=True, text=True)
    assert out.stdout.strip() == "42"

def test_threads():
    box = []
    workers = [threading.Thread(target=box.append, args=(i,)) for i in range(8)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(box) == list(range(8))

def test_sqlite_and_home(tmp_path):
    db = sqlite3.connect(tmp_path / "x.db")
    db.execute("create table t (x)")
    assert pathlib.Path.home().is_dir()

def test_capsys(capsys):
    print("captured")
    assert capsys.readouterr().out == "captured\\n"
"""


def test_ordinary_test_features_still_work() -> None:
    """The bounds must not break what honest generated tests do every day."""
    report = run_tests_sandboxed({"test_ordinary.py": ORDINARY}, limits=QUICK)
    assert report.ok, report.failing_output
    assert report.passed == 6


def test_a_test_named_after_a_limit_does_not_trip_it() -> None:
    """Limit names come from exception text, not from test names in the summary."""
    files = {"test_n.py": "def test_MemoryError_Too_many_open_files():\n    assert 1 == 2\n"}
    report = run_tests_sandboxed(files, limits=QUICK)
    assert report.failed == 1
    assert report.limit_hit is None


HANGS_IN_ONE_TEST = {
    "fib.py": "def fib(n):\n    return n if n < 2 else fib(n - 1) + fib(n - 2)\n",
    "tests/test_fib.py": "from fib import fib\n\n\ndef test_small():\n    assert fib(10) == 55\n\n\n"
    "def test_huge():\n    assert fib(100) == 354224848179261915075\n\n\n"
    "def test_zero():\n    assert fib(0) == 0\n",
}


def test_a_hanging_test_fails_alone_under_a_per_test_bound() -> None:
    limits = SandboxLimits(wall_seconds=30, cpu_seconds=30, test_seconds=1.5)
    report = run_tests_sandboxed(HANGS_IN_ONE_TEST, test_paths=["tests/test_fib.py"], limits=limits)
    assert (report.passed, report.failed, report.limit_hit) == (2, 1, None)
    [hung] = [o for o in report.outcomes if o.outcome == "failed"]
    assert hung.nodeid.endswith("test_huge") and "Timeout" in report.failing_output


def test_without_a_per_test_bound_the_whole_run_times_out() -> None:
    limits = SandboxLimits(wall_seconds=4, cpu_seconds=30)
    report = run_tests_sandboxed(HANGS_IN_ONE_TEST, test_paths=["tests/test_fib.py"], limits=limits)
    assert report.limit_hit == "timeout" and report.passed == 0


def test_interpreter_started_by_a_winding_path_still_runs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``../main/.venv/bin/python`` from a worktree: the path holds folders the sandbox lacks."""
    detour = tmp_path / "detour"
    detour.mkdir()
    winding = os.path.join(detour, os.path.relpath(sys.executable, detour))
    assert os.path.samefile(winding, sys.executable) and str(tmp_path) in winding
    monkeypatch.setattr(sys, "executable", winding)
    report = run_tests_sandboxed(CODE, test_paths=["tests/test_calc.py"], limits=QUICK)
    assert report.ok, report.failing_output
