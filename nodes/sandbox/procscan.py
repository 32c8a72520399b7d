"""Finding processes by a marker in ``/proc``: the last net for anything that escaped.

Namespaces and cgroups already kill a run's whole tree; this sweep covers the fallback
without them, where a ``setsid`` + double-fork daemon leaves both our process group and our
children. Every sandboxed process inherits ``SOPGRAPH_SANDBOX_RUN=<run id>`` in its initial
environment, which ``/proc/<pid>/environ`` still shows after ``os.environ`` is cleared.
(Overwriting that memory is possible, which is why this is the last net, not the first.)
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from collections.abc import Callable


def find_marked(marker: str) -> list[int]:
    """Pids (other than ours) whose environment or command line contains ``marker``."""
    needle = marker.encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        for part in ("environ", "cmdline"):
            try:
                with open(f"/proc/{entry}/{part}", "rb") as handle:
                    if needle in handle.read():
                        found.append(int(entry))
                        break
            except OSError:
                continue
    return found


def kill_until_gone(list_pids: Callable[[], list[int]], timeout_s: float = 5.0) -> int:
    """SIGKILL whatever ``list_pids`` returns until it returns nothing; returns kills sent.

    Repeats because a fork bomb keeps forking between our listing and our kill; a bound
    on its process count (pids cgroup, RLIMIT_NPROC) is what makes this loop finish.
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
