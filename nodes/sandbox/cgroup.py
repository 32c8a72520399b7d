"""A throw-away ``pids`` cgroup per run: the one bound a fork bomb cannot outrun as root.

RLIMIT_NPROC counts per uid and is skipped for privileged processes; a pids cgroup counts
every task the run creates, whatever its uid, and lets the parent list and kill all of them
afterwards even if they double-forked and called ``setsid``. cgroup v1 (a ``pids``
hierarchy) and v2 (a unified tree with ``pids`` delegated to our cgroup) expose the same
three files, ``cgroup.procs``, ``pids.max`` and ``pids.events``, so one class serves both.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from .procscan import kill_until_gone

_PROC_MOUNTS = Path("/proc/self/mountinfo")


def _v1_root(mountinfo: str) -> Path | None:
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        fstype, _, options = ([*right.split(), "", "", ""])[:3]
        if fstype == "cgroup" and "pids" in options.split(","):
            return Path(left.split()[4])
    return None


def _v2_parent(mountinfo: str) -> Path | None:
    """Our own v2 cgroup, if it delegates ``pids`` to children we may create."""
    for line in mountinfo.splitlines():
        left, _, right = line.partition(" - ")
        if right.split()[:1] == ["cgroup2"]:
            mount = Path(left.split()[4])
            own = Path("/proc/self/cgroup").read_text().splitlines()
            rel = next((entry[3:] for entry in own if entry.startswith("0::")), "/")
            parent = mount / rel.lstrip("/")
            controls = (parent / "cgroup.subtree_control").read_text().split()
            return parent if "pids" in controls else None
    return None


def pids_hierarchy() -> Path | None:
    """Where a per-run pids cgroup can be created, or None (not mounted / not writable)."""
    try:
        mountinfo = _PROC_MOUNTS.read_text()
        base = _v1_root(mountinfo) or _v2_parent(mountinfo)
    except OSError:
        return None
    if base is None or not os.access(base, os.W_OK):
        return None
    return base


class PidsCgroup:
    """One run's cgroup: created with a task cap, joined by the launcher, emptied and removed."""

    def __init__(self, base: Path, name: str, max_tasks: int) -> None:
        self.path = base / name
        self.path.mkdir(mode=0o755)
        try:
            (self.path / "pids.max").write_text(str(max_tasks))
        except OSError:
            self.path.rmdir()
            raise

    def tasks(self) -> list[int]:
        """Host pids still in the cgroup."""
        try:
            return [int(pid) for pid in (self.path / "cgroup.procs").read_text().split()]
        except (OSError, ValueError):
            return []

    def limit_hits(self) -> int:
        """How many forks/clones the cap refused (the ``max`` line of ``pids.events``)."""
        try:
            for line in (self.path / "pids.events").read_text().splitlines():
                key, _, value = line.partition(" ")
                if key == "max":
                    return int(value)
        except (OSError, ValueError):
            pass
        return 0

    def peak(self) -> int | None:
        """Most tasks held at once (newer kernels only)."""
        try:
            return int((self.path / "pids.peak").read_text())
        except (OSError, ValueError):
            return None

    def kill_all(self) -> int:
        """SIGKILL every task until the cgroup is empty; returns how many kills were sent."""
        return kill_until_gone(self.tasks)

    def remove(self) -> None:
        """Kill what is left and delete the cgroup (rmdir only succeeds once it is empty)."""
        self.kill_all()
        for _ in range(100):
            try:
                self.path.rmdir()
                return
            except FileNotFoundError:
                return
            except OSError:
                time.sleep(0.02)
