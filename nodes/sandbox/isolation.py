"""What this machine lets the sandbox use, measured once per process.

Each mechanism is probed rather than assumed: a container may lack ``unshare``, forbid
new namespaces, or mount cgroups read-only. The answer decides how a run is started and
is written into every report's notes, so a report says how isolated its run really was.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from .cgroup import pids_hierarchy

UNSHARE_ARGS = (
    "--net",
    "--pid",
    "--mount",
    "--ipc",
    "--uts",
    "--fork",
    "--kill-child",
    "--mount-proc",
    "--propagation",
    "private",
)
"""New network (no interfaces up), pid (dies with its init), mount, SysV IPC and hostname
namespaces."""

MASKED_DIRS: tuple[tuple[str, str], ...] = (
    ("/tmp", "1777"),
    ("/var/tmp", "1777"),
    ("/dev/shm", "1777"),
    ("/run/lock", "1777"),
    ("/root", "0755"),
    ("/home", "0755"),
)
"""Hidden behind a fresh tmpfs: every world-writable directory found on this image, plus
the home directories that may hold credentials. (dir, tmpfs mode)"""


@dataclass(frozen=True)
class Isolation:
    """The mechanisms a run will use; build one by hand to force a fallback in tests."""

    namespaces: bool
    pids_base: Path | None
    drop_privileges: bool
    notes: tuple[str, ...] = ()


def _namespaces_work(unshare: str) -> bool:
    try:
        done = subprocess.run([unshare, *UNSHARE_ARGS, "true"], capture_output=True, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return False
    return done.returncode == 0


def reachable_by_others(path: str) -> bool:
    """True if an unprivileged uid can traverse every folder above ``path`` and read it."""
    current = Path(os.path.realpath(path))
    for folder in [current, *current.parents]:
        try:
            mode = folder.stat().st_mode
        except OSError:
            return False
        if folder != current and not mode & 0o001:
            return False
    return bool(current.stat().st_mode & 0o004)


def interpreter_roots() -> list[str]:
    """Folders the child's interpreter needs: the venv and the Python it was made from."""
    roots = {os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)}
    return sorted(roots)


@functools.cache
def probe_isolation() -> Isolation:
    """Measure what works here (cached: a probe costs one short ``unshare`` run)."""
    notes: list[str] = []
    unshare = shutil.which("unshare")
    namespaces = bool(unshare) and _namespaces_work(str(unshare))
    if namespaces:
        notes.append("isolated: network, pid, mount, IPC and UTS namespaces (unshare)")
    else:
        notes.append("NOT isolated: no usable unshare; network is reachable, no pid namespace")
    pids_base = pids_hierarchy()
    if pids_base is None:
        notes.append("no writable pids cgroup: process count bounded by RLIMIT_NPROC only")
    is_root = os.geteuid() == 0
    reachable = all(reachable_by_others(root) for root in interpreter_roots())
    drop = is_root and (namespaces or reachable)
    if not is_root:
        notes.append("not root: the run keeps our uid (it can write wherever we can)")
    elif not drop:
        notes.append("NOT isolated: interpreter unreachable for an unprivileged uid; runs as root")
    return Isolation(namespaces, pids_base, drop, tuple(notes))
