"""Processes seen through ``/proc``: who owns a run, how many tasks it holds, what to kill.

Every sandboxed process inherits ``SOPGRAPH_SANDBOX_RUN=<owner>.<run id>`` in its initial
environment, which ``/proc/<pid>/environ`` still shows after ``os.environ`` is cleared.
``<owner>`` is ``<pid>.<start time>`` of the sopgraph process that started the run, so a
later start can tell an orphan (its owner is gone) from a run still in flight. Overwriting
that memory is possible, which is why the marker is the last net behind bubblewrap's pid
namespace and parent-death signal, not the first.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable

MARKER_NAME = b"SOPGRAPH_SANDBOX_RUN="


def start_time(pid: int) -> str | None:
    """The process's start time in clock ticks since boot (``stat`` field 22), or None."""
    try:
        with open(f"/proc/{pid}/stat", "rb") as handle:
            return handle.read().rsplit(b")", 1)[1].split()[19].decode()
    except (OSError, IndexError):
        return None


def owner_tag(pid: int | None = None) -> str:
    """``<pid>.<start time>`` of a process (ours by default): unique even after pid reuse."""
    pid = os.getpid() if pid is None else pid
    return f"{pid}.{start_time(pid)}"


def owner_alive(tag: str) -> bool:
    """True while the process ``tag`` names still runs (a reused pid does not count)."""
    pid, _, started = tag.partition(".")
    return pid.isdigit() and start_time(int(pid)) == started


def marker_owner(marker: str) -> str | None:
    """The ``<pid>.<start time>`` part of a run marker, or None for any other shape.

    Markers of other shapes (an older sopgraph's bare run id) are never swept: their owner
    cannot be told, and killing a concurrent run's processes would be worse than a leftover.
    """
    parts = marker.split(".")
    if len(parts) == 3 and parts[0].isdigit() and parts[1].isdigit():
        return f"{parts[0]}.{parts[1]}"
    return None


def _pids() -> list[int]:
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit() and int(entry) != os.getpid()]


def _read(pid: int, part: str) -> bytes:
    with open(f"/proc/{pid}/{part}", "rb") as handle:
        return handle.read()


def find_marked(marker: str) -> list[int]:
    """Live pids (other than ours) whose environment or command line contains ``marker``."""
    needle = marker.encode()
    found = []
    for pid in _pids():
        with contextlib.suppress(OSError):
            if b") Z " in _read(pid, "stat"):
                continue  # a zombie holds nothing and waits only for its reaper
            if needle in _read(pid, "environ") or needle in _read(pid, "cmdline"):
                found.append(pid)
    return found


def orphaned_runs() -> list[int]:
    """Pids of sandboxed processes whose owning sopgraph process has died."""
    found = []
    for pid in _pids():
        with contextlib.suppress(OSError):
            for entry in _read(pid, "environ").split(b"\0"):
                if entry.startswith(MARKER_NAME):
                    owner = marker_owner(entry[len(MARKER_NAME) :].decode(errors="replace"))
                    if owner is not None and not owner_alive(owner):
                        found.append(pid)
                    break
    return found


def kill_until_gone(list_pids: Callable[[], list[int]], timeout_s: float = 5.0) -> int:
    """SIGKILL whatever ``list_pids`` returns until it returns nothing; returns kills sent.

    Repeats because a fork bomb keeps forking between our listing and our kill; a bound
    on its process count (RLIMIT_NPROC) is what makes this loop finish.
    """
    killed = 0
    deadline = time.monotonic() + timeout_s
    while (pids := list_pids()) and time.monotonic() < deadline:
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
                killed += 1
        time.sleep(0.01)
    return killed


def kill_marked(marker: str) -> int:
    """SIGKILL every process carrying ``marker`` until none is left; returns kills sent."""
    return kill_until_gone(lambda: find_marked(marker))
