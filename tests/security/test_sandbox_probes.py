"""The sandbox's probe and its refusal, and root's uid drop (issue 24 item 4).

Probes: as an ordinary user the old sandbox reported the network reachable and ran the
generated code with the user's rights, silently; as root it is bubblewrap's uid mapping
(sandbox uid onto host uid 0) that would keep root's rights.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nodes.sandbox import SandboxLimits, SandboxUnavailable, probe_isolation, run_tests_sandboxed
from nodes.sandbox import isolation as isolation_module
from nodes.sandbox.procscan import find_marked

CODE = {"test_x.py": "def test_x():\n    assert True\n"}


@pytest.fixture
def fresh_probe(monkeypatch: pytest.MonkeyPatch) -> Iterator[object]:
    """``probe_isolation`` without its per-process cache, restored afterwards."""
    probe_isolation.cache_clear()
    yield probe_isolation
    monkeypatch.undo()
    probe_isolation.cache_clear()


def test_without_bubblewrap_generated_code_is_refused_in_one_line(
    fresh_probe: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = isolation_module._tool
    monkeypatch.setattr(isolation_module, "_tool", lambda name: None if name == "bwrap" else real(name))
    monkeypatch.delenv(isolation_module.BACKEND_ENV, raising=False)
    iso = probe_isolation()
    assert not iso.isolated and iso.refusal
    with pytest.raises(SandboxUnavailable) as caught:
        run_tests_sandboxed(CODE)
    message = str(caught.value)
    assert "\n" not in message
    assert "bwrap not installed" in message and "SOPGRAPH_SANDBOX_BACKEND=none" in message


FORBIDDEN_BWRAP = "#!/bin/sh\necho 'bwrap: No permissions to create new namespace' >&2\nexit 1\n"
"""What bubblewrap prints under Docker's default seccomp profile or an AppArmor ban."""


def test_user_namespaces_forbidden_is_refused_too(
    fresh_probe: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = Path(tempfile.mkdtemp())  # not under tmp_path: root runs bwrap as a fresh uid
    folder.chmod(0o755)
    fake = folder / "bwrap"
    fake.write_text(FORBIDDEN_BWRAP)
    fake.chmod(0o755)
    real = isolation_module._tool
    monkeypatch.setattr(isolation_module, "_tool", lambda name: str(fake) if name == "bwrap" else real(name))
    monkeypatch.delenv(isolation_module.BACKEND_ENV, raising=False)
    try:
        iso = probe_isolation()
    finally:
        shutil.rmtree(folder)
    assert iso.refusal and "No permissions to create new namespace" in iso.refusal
    assert any(note.startswith("NOT isolated: bubblewrap unusable") for note in iso.notes)


def test_the_explicit_opt_in_runs_unisolated_and_says_so(
    fresh_probe: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(isolation_module.BACKEND_ENV, "none")
    report = run_tests_sandboxed(CODE, limits=SandboxLimits(wall_seconds=20))
    assert report.ok, report.failing_output
    assert any(note.startswith("NOT isolated (SOPGRAPH_SANDBOX_BACKEND=none)") for note in report.notes)


def test_root_runs_the_code_as_a_fresh_unprivileged_host_uid() -> None:
    """Seen from the host: the sandboxed process's real, effective and saved uids are none
    of root's, and each run gets its own."""
    if os.geteuid() != 0:
        pytest.skip("the uid drop is root's; an ordinary user's runs are mapped onto their own uid")
    iso = probe_isolation()
    if iso.refusal:
        pytest.skip(iso.refusal)
    token = "uid" + secrets.token_hex(6)
    code = {f"test_{token}.py": "import time\n\ndef test_wait():\n    time.sleep(3)\n"}
    uids: list[list[int]] = []

    def sandboxed_pytest(pid: int) -> bool:
        """The pytest run itself: a Python interpreter, not a launcher (the staging shell,
        setpriv, bubblewrap) whose command line merely carries pytest's arguments."""
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        return Path(argv[0].decode()).name.startswith("python") and b"pytest" in argv

    def watch() -> None:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not uids:
            for pid in find_marked(token):
                with contextlib.suppress(OSError):  # gone between the scan and the read
                    if sandboxed_pytest(pid):
                        status = Path(f"/proc/{pid}/status").read_text()
                        line = next(row for row in status.splitlines() if row.startswith("Uid:"))
                        uids.append([int(value) for value in line.split()[1:]])
            time.sleep(0.05)

    watcher = threading.Thread(target=watch)
    watcher.start()
    report = run_tests_sandboxed(code, test_paths=[f"test_{token}.py"], limits=SandboxLimits(wall_seconds=20))
    watcher.join()
    assert report.ok, report.failing_output
    assert uids, "the sandboxed pytest was never seen"
    assert all(uid >= 200_000 for uid in uids[0]), uids


NESTED_USERNS = """
import ctypes, os

CLONE_NEWUSER = 0x10000000

def test_no_user_namespace_inside():
    libc = ctypes.CDLL(None, use_errno=True)
    assert libc.unshare(CLONE_NEWUSER) == -1, "created a user namespace inside the sandbox"
"""


def test_the_run_cannot_create_user_namespaces_of_its_own() -> None:
    """``--disable-userns``: the kernel code behind user namespaces stays out of reach."""
    iso = probe_isolation()
    if iso.refusal or not iso.isolated:
        pytest.skip(iso.refusal or "not isolated")
    if any("older than 0.8" in note for note in iso.notes):
        pytest.skip("bubblewrap older than 0.8 cannot forbid nested user namespaces")
    report = run_tests_sandboxed({"test_userns.py": NESTED_USERNS}, limits=SandboxLimits(wall_seconds=20))
    assert report.ok, report.failing_output


def test_a_refused_sandbox_refuses_the_run_before_any_model_call(
    fresh_probe: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Through the runner (CLI and Python API) the refusal comes before the first paid
    call: a refused request, one line, nothing in the store."""
    from langgraph.checkpoint.memory import InMemorySaver

    from benchmarks.scenarios import REQUIREMENT, script
    from graph.errors import RunRequestError
    from tests.fakes import ScriptedChatModel
    from tests.graph_helpers import make_runner

    monkeypatch.setattr(isolation_module, "_tool", lambda name: None)
    monkeypatch.delenv(isolation_module.BACKEND_ENV, raising=False)
    saver = InMemorySaver()
    model = ScriptedChatModel(script=script())
    with pytest.raises(RunRequestError, match=r"^refusing to run generated code: no sandbox isolation here"):
        make_runner(saver, model).start(REQUIREMENT, thread_id="t")
    assert model.calls == [] and saver.get_tuple({"configurable": {"thread_id": "t"}}) is None


def test_a_refused_sandbox_stops_the_graph_run_cleanly_and_resumably(
    fresh_probe: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Driven without the runner (or isolation lost before a resume), the refusal is the
    run's failure line, not a traceback: the ``run_tests`` node stops the run (resumable
    once bubblewrap works or the user opts out)."""
    from langgraph.checkpoint.memory import InMemorySaver

    from benchmarks.scenarios import REQUIREMENT, script
    from graph.builder import compile_graph
    from nodes.context import Context
    from state.settings import RunSettings
    from tests.fakes import ScriptedChatModel
    from tests.graph_helpers import FAST_SANDBOX

    monkeypatch.setattr(isolation_module, "_tool", lambda name: None)
    monkeypatch.delenv(isolation_module.BACKEND_ENV, raising=False)
    graph = compile_graph(InMemorySaver())
    context = Context(model=ScriptedChatModel(script=script()), sandbox=FAST_SANDBOX)
    settings = RunSettings(model="scripted", candidates=1)
    config = {"configurable": {"thread_id": "t"}, "recursion_limit": 200}
    values = graph.invoke(
        {"requirement": REQUIREMENT, "settings": settings, "status": "running"}, config, context=context
    )
    failure = values["failure"]
    assert values["status"] == "failed_error"
    assert failure.node == "run_tests", failure
    assert failure.message.startswith("refusing to run generated code: no sandbox isolation here")
    assert "\n" not in failure.message


def test_an_unknown_backend_name_is_refused_not_guessed(
    fresh_probe: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(isolation_module.BACKEND_ENV, "nnone")
    iso = probe_isolation()
    assert iso.refusal and "'nnone' is none of auto, bubblewrap, none" in iso.refusal
