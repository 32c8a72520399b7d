"""The adversarial corpus: every hostile program must end inside its bounds, cleanly.

For each case: the report names the right limit (or none), the run took no longer than
its wall clock plus cleanup, the host sentinels are intact, the fake API key never shows
up anywhere in the report, no process carrying the case's token survives, and the host
workspace is gone. The checks are about containment (the secret was not read, the file
outside was not written, the network was not reached), never about one error code: under
bubblewrap a forbidden file is usually simply absent.
"""

from __future__ import annotations

import os
import tempfile
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
    return {"namespaces", "unprivileged", "process_bound"} if iso.isolated and not iso.refusal else set()


def _assert_host_clean(token: str) -> None:
    """Our workspace is gone (the cgroup check went with the cgroups: none are made)."""
    assert not list(Path(tempfile.gettempdir()).glob(f"sopgraph-sandbox-*/work/test_{token}.py"))


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
    files = {host.substitute(name): host.substitute(body) for name, body in case.files().items()}

    started = time.monotonic()
    report = run_tests_sandboxed(files, limits=case.limits, entry_point=case.entry_point)
    elapsed = time.monotonic() - started

    assert report.limit_hit == case.limit_hit, (report.limit_hit, report.failing_output)
    case.check(report)
    assert elapsed < case.limits.wall_seconds + CLEANUP_ALLOWANCE_S
    assert FAKE_KEY not in report.model_dump_json()
    assert f"TOP-SECRET-{host.token}" not in report.model_dump_json()
    host.assert_untouched()
    host.assert_no_process_left()
    _assert_host_clean(host.token)
