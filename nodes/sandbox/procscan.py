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


def kill_marked(marker: str, rounds: int = 20) -> int:
    """SIGKILL every process carrying ``marker`` until none is left; returns kills sent."""
    killed = 0
    for _ in range(rounds):
        pids = find_marked(marker)
        if not pids:
            break
        for pid in pids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.kill(pid, signal.SIGKILL)
                killed += 1
        time.sleep(0.02)
    return killed
