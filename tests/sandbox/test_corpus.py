"""The adversarial corpus: every hostile program must end inside its bounds, cleanly.

For each case: the report names the right limit (or none), the run took no longer than
its wall clock plus cleanup, the host sentinels are intact, the fake API key never shows
up anywhere in the report, no process carrying the case's token survives, and neither
the host workspace nor the run's cgroup is left behind.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from nodes.sandbox import probe_isolation, run_tests_sandboxed

from .conftest import Host
from .corpus import CASES, Case

FAKE_KEY = "sk-FAKE-do-not-leak-0123456789"
CLEANUP_ALLOWANCE_S = 6.0


def _available_isolation() -> set[str]:
    iso = probe_isolation()
    have = {"namespaces"} if iso.namespaces else set()
    if iso.drop_privileges:
        have |= {"unprivileged", "process_bound"}
    if iso.pids_base is not None:
        have.add("process_bound")
    return have


def _cgroups() -> set[Path]:
    return set(Path("/sys/fs/cgroup/pids").glob("sopgraph-*"))


def _assert_host_clean(token: str, cgroups_before: set[Path], ended: float) -> None:
    """Our workspace is gone, and no cgroup made during our run is left empty and orphaned.

    Other sandbox runs may be in flight (parallel sessions share /sys/fs/cgroup), so only a
    cgroup created before our run ended that is still there, empty, seconds later counts.
    """
    assert not list(Path("/tmp").glob(f"sopgraph-sandbox-*/work/test_{token}.py"))
    time.sleep(0.2)
    suspects = {group for group in _cgroups() - cgroups_before if _created_before(group, ended)}
    deadline = time.monotonic() + 3
    while suspects and time.monotonic() < deadline:
        time.sleep(0.2)
        suspects = {group for group in suspects if group.exists() and not _tasks(group)}
    assert not suspects


def _created_before(group: Path, moment: float) -> bool:
    try:
        return group.stat().st_mtime <= moment
    except FileNotFoundError:
        return False


def _tasks(group: Path) -> str:
    try:
        return (group / "cgroup.procs").read_text().strip()
    except FileNotFoundError:
        return ""


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_hostile_program(case: Case, host: Host, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = case.requires - _available_isolation()
    if missing:
        reason = f"unsafe or meaningless without {sorted(missing)} here (see docs/sandbox.md)"
        if os.environ.get("SOPGRAPH_REQUIRE_SANDBOX_ISOLATION") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    monkeypatch.setenv("OPENAI_API_KEY", FAKE_KEY)
    monkeypatch.setenv("MY_SERVICE_TOKEN", FAKE_KEY)
    cgroups_before = _cgroups()
    files = {host.substitute(name): host.substitute(body) for name, body in case.files().items()}

    started = time.monotonic()
    report = run_tests_sandboxed(files, limits=case.limits, entry_point=case.entry_point)
    elapsed = time.monotonic() - started
    ended = time.time()

    assert report.limit_hit == case.limit_hit, (report.limit_hit, report.failing_output)
    case.check(report)
    assert elapsed < case.limits.wall_seconds + CLEANUP_ALLOWANCE_S
    assert FAKE_KEY not in report.model_dump_json()
    assert f"TOP-SECRET-{host.token}" not in report.model_dump_json()
    host.assert_untouched()
    host.assert_no_process_left()
    _assert_host_clean(host.token, cgroups_before, ended)
