"""Parent side of a sandboxed run: read its output under a cap, enforce the wall clock.

Output is read as it arrives (a child blocked on a full pipe would look like a hang) and
only the first ``keep_bytes`` are kept; the rest is counted and dropped, and past
``kill_bytes`` the run is killed because a program that prints that much is stuck.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

GRACE_AFTER_EXIT_S = 0.5
"""How long to keep reading after the launcher exits, for pipes a straggler still holds."""
KILL_GIVE_UP_S = 10.0
"""A process stuck in uninterruptible sleep ignores SIGKILL; stop waiting for it after this."""


@dataclass
class RawRun:
    """What one contained process did, before any interpretation."""

    stdout: bytes = b""
    stderr: bytes = b""
    output_total: int = 0
    timed_out: bool = False
    output_killed: bool = False
    returncode: int | None = None
    duration_s: float = 0.0
    status_line: bytes = b""
    started: bool = True
    errors: list[str] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        """True when some output was dropped."""
        return self.output_total > len(self.stdout) + len(self.stderr)


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()


class _Reader:
    """Drains stdout/stderr into capped buffers."""

    def __init__(self, proc: subprocess.Popen[bytes], keep_bytes: int) -> None:
        assert proc.stdout is not None and proc.stderr is not None
        self.keep = keep_bytes
        self.total = 0
        self.buffers = {proc.stdout.fileno(): bytearray(), proc.stderr.fileno(): bytearray()}
        self.selector = selectors.DefaultSelector()
        for fd in self.buffers:
            os.set_blocking(fd, False)
            self.selector.register(fd, selectors.EVENT_READ)

    def pump(self, timeout: float) -> None:
        for key, _ in self.selector.select(timeout):
            fd = int(key.fd)
            try:
                chunk = os.read(fd, 65536)
            except BlockingIOError:
                continue
            if not chunk:
                self.selector.unregister(fd)
                continue
            self.total += len(chunk)
            kept = sum(len(buffer) for buffer in self.buffers.values())
            self.buffers[fd] += chunk[: max(0, self.keep - kept)]

    @property
    def open(self) -> bool:
        return bool(self.selector.get_map())


def run_contained(
    argv: Sequence[str],
    *,
    wall_seconds: float,
    keep_bytes: int,
    kill_bytes: int,
    pass_fds: Sequence[int] = (),
    env: Mapping[str, str] | None = None,
    on_kill: Callable[[], object] = lambda: None,
) -> RawRun:
    """Run ``argv`` in a new session, stdin closed; kill its group on timeout or flood.

    ``on_kill`` runs after the group is killed, for the caller's wider net (cgroup, /proc
    sweep): a daemon that called ``setsid`` is no longer in our process group.
    """
    run = RawRun()
    start = time.monotonic()
    try:
        proc = subprocess.Popen(
            list(argv),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            pass_fds=tuple(pass_fds),
            env=dict(env) if env is not None else None,
            start_new_session=True,
        )
    except OSError as exc:
        run.started = False
        run.errors.append(f"could not start {argv[0]!r}: {exc}")
        return run
    reader = _Reader(proc, keep_bytes)
    deadline = start + wall_seconds
    exited_at: float | None = None
    killed_at: float | None = None
    with proc:
        while True:
            now = time.monotonic()
            if exited_at is None and proc.poll() is not None:
                exited_at = now
            if exited_at is not None and (not reader.open or now - exited_at > GRACE_AFTER_EXIT_S):
                break
            if killed_at is not None and now - killed_at > KILL_GIVE_UP_S:
                run.errors.append(f"the process did not die within {KILL_GIVE_UP_S}s of SIGKILL")
                break
            if killed_at is None and (now >= deadline or reader.total > kill_bytes):
                run.timed_out = now >= deadline
                run.output_killed = not run.timed_out
                _kill_group(proc)
                on_kill()
                killed_at = now
            if reader.open:
                reader.pump(0.05)
            else:
                time.sleep(0.02)
        _kill_group(proc)
        run.returncode = proc.poll()
        reader.selector.close()
    run.duration_s = time.monotonic() - start
    stdout, stderr = reader.buffers.values()
    run.stdout, run.stderr = bytes(stdout), bytes(stderr)
    run.output_total = reader.total
    return run
