"""The sweep on start: what a killed sopgraph process could not clean up after itself.

A ``kill -9`` during ``run_tests`` gives the runner no chance to remove its workspace.
bubblewrap's ``--die-with-parent`` already takes the sandboxed processes down with it, so
what remains is the temp folder (the generated code) and, from the unisolated backend or
a version before bubblewrap, processes and ``pids`` cgroups. Each workspace is named
after its owner (``sopgraph-sandbox-<pid>.<start time>-...``), so the sweep removes only
folders whose owner is dead and never one a concurrent run is using.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
import time
from pathlib import Path

from .procscan import kill_until_gone, orphaned_runs, owner_alive

WORKSPACE_PREFIX = "sopgraph-sandbox-"
LEGACY_AGE_S = 3600.0
"""Folders and cgroups from before owner-named workspaces are only removed when this old:
no run lasts an hour (the default wall clock is a minute), so none is still in use."""
LEGACY_CGROUPS = Path("/sys/fs/cgroup/pids")


def workspace_owner(folder: Path) -> str | None:
    """``<pid>.<start time>`` from a workspace folder's name, or None for a legacy name."""
    rest = folder.name.removeprefix(WORKSPACE_PREFIX)
    owner = rest.rsplit("-", 1)[0] if "-" in rest else ""
    pid, _, started = owner.partition(".")
    return owner if pid.isdigit() and started.isdigit() else None


def _old(path: Path) -> bool:
    try:
        return time.time() - path.stat().st_mtime > LEGACY_AGE_S
    except OSError:
        return False


def stale_workspaces(root: Path | None = None) -> list[Path]:
    """Workspace folders whose owner is dead (or legacy ones older than an hour)."""
    base = Path(root or tempfile.gettempdir())
    stale = []
    for folder in base.glob(WORKSPACE_PREFIX + "*"):
        owner = workspace_owner(folder)
        if (owner is not None and not owner_alive(owner)) or (owner is None and _old(folder)):
            stale.append(folder)
    return stale


def _empty_legacy_cgroups() -> list[Path]:
    found = []
    for group in LEGACY_CGROUPS.glob("sopgraph-*"):
        with contextlib.suppress(OSError):
            if not (group / "cgroup.procs").read_text().strip() and _old(group):
                found.append(group)
    return found


def sweep_leftovers(root: Path | None = None) -> list[str]:
    """Kill orphaned sandbox processes, remove stale workspaces and legacy cgroups.

    Returns one note per kind of leftover found, for the first report's notes.
    """
    notes = []
    if killed := kill_until_gone(orphaned_runs):
        notes.append(f"swept {killed} orphaned sandbox process(es) of a killed sopgraph")
    if folders := stale_workspaces(root):
        for folder in folders:
            shutil.rmtree(folder, ignore_errors=True)
        notes.append(f"swept {len(folders)} workspace folder(s) left by a killed sopgraph")
    if groups := _empty_legacy_cgroups():
        for group in groups:
            with contextlib.suppress(OSError):
                group.rmdir()
        notes.append(f"swept {len(groups)} empty pids cgroup(s) left by an older sopgraph")
    return notes


def new_workspace_root(owner: str) -> Path:
    """A fresh temp folder named after ``owner`` so a later sweep can tell if it is orphaned."""
    return Path(tempfile.mkdtemp(prefix=f"{WORKSPACE_PREFIX}{owner}-"))
