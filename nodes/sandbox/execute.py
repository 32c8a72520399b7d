"""One sandboxed command: workspace, result pipe, backend launch, verdict, sweep.

Kept apart from ``runner`` so the pytest run and the entry-point start check share the
same mechanics and differ only in command and wall clock. The backend decides *how* the
command is contained (``bubblewrap.py``, ``backends.Unisolated``); this module decides
what every run gets whatever the backend: a fresh owner-named workspace, pytest's JUnit
XML through a pipe (``RESULT_PATH`` in the command becomes ``/dev/fd/N``), and a sweep by marker for
anything that slipped out.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from .backends import Job, Workspace, read_status
from .capture import RawRun, run_contained
from .isolation import Isolation
from .leftovers import new_workspace_root
from .limits import MIB, SandboxLimits
from .procscan import kill_marked, owner_tag

RESULT_PATH = "@@SANDBOX_RESULT@@"
"""Placeholder in a command for the file the run writes its result to (the JUnit XML)."""
JUNIT_MAX_BYTES = 8 * MIB


@contextlib.contextmanager
def workspace() -> Iterator[Workspace]:
    """A fresh folder named after this process, removed afterwards whatever the run did.

    If this process is killed first, the next start's sweep (``leftovers.py``) removes it.
    """
    root = new_workspace_root(owner_tag())
    try:
        root.chmod(0o711)  # traversable (not listable), so root's fresh uid reaches stage/
        work = root / "work"
        work.mkdir(mode=0o755)
        yield Workspace(root, work)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Execution:
    """A contained run plus what its backend said about it."""

    raw: RawRun
    status: dict[str, Any] = field(default_factory=dict)
    stray_killed: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def result(self) -> bytes | None:
        """The JUnit XML the run wrote, or None (not written, or over the size cap)."""
        raw = self.raw
        if not raw.result or raw.result_total > JUNIT_MAX_BYTES:
            return None
        return raw.result


def execute(
    isolation: Isolation,
    ws: Workspace,
    command: Sequence[str],
    *,
    limits: SandboxLimits,
    wall_seconds: float,
    python_paths: Sequence[str] = (),
) -> Execution:
    """Run ``command`` once under ``isolation``'s backend and ``limits``."""
    backend = isolation.backend
    marker = f"{owner_tag()}.{secrets.token_hex(6)}"
    result_r, result_w = os.pipe()
    os.fchmod(result_w, 0o622)  # reopened via /dev/fd by the run's uid, which may not be ours
    command = [arg.replace(RESULT_PATH, f"/dev/fd/{result_w}") for arg in command]
    try:
        try:
            launch = backend.launch(Job(ws, command, limits, python_paths, marker, keep_fds=(result_w,)))
        except OSError:
            os.close(result_w)
            raise
        raw = run_contained(
            launch.argv,
            wall_seconds=wall_seconds,
            keep_bytes=limits.output_bytes,
            kill_bytes=limits.kill_output_bytes,
            pass_fds=launch.pass_fds,
            env=launch.env,
            cwd=launch.cwd,
            result_fd=result_r,
            result_max=JUNIT_MAX_BYTES,
        )
        status = backend.status(raw, read_status(launch.status_fd))
    finally:
        os.close(result_r)
    execution = Execution(raw=raw, status=status, notes=list(launch.notes))
    execution.stray_killed = kill_marked(marker)
    if execution.stray_killed:
        execution.notes.append(f"killed {execution.stray_killed} stray process(es) found by /proc scan")
    return execution
