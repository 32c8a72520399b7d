"""Parent side of a sandboxed run: read its output under a cap, enforce the wall clock.

Output is read as it arrives (a child blocked on a full pipe would look like a hang) and
only the first ``keep_bytes`` are kept; the rest is counted and dropped, and past
``kill_bytes`` the run is killed because a program that prints that much is stuck. One
more pipe, ``result_fd``, carries pytest's JUnit XML out of the sandbox (pytest writes it
to ``/dev/fd/N``), so no file has to be copied out of a filesystem the run controlled.
"""

from __future__ import annotations

import contextlib
import os
import selectors
import signal
import subprocess
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

GRACE_AFTER_EXIT_S = 0.5
"""How long to keep reading after the sandbox exits, for pipes a straggler still holds."""
KILL_GIVE_UP_S = 10.0
"""A process stuck in uninterruptible sleep ignores SIGKILL; stop waiting for it after this."""


@dataclass
class RawRun:
    """What one contained process did, before any interpretation."""

    stdout: bytes = b""
    stderr: bytes = b""
    result: bytes = b""
    """What arrived on the result pipe (the JUnit XML), at most ``result_max`` bytes."""
    result_total: int = 0
    output_total: int = 0
    timed_out: bool = False
    output_killed: bool = False
    returncode: int | None = None
    cpu_s: float | None = None
    """User+system CPU of the process and every descendant it reaped (wait4's rusage)."""
    duration_s: float = 0.0
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
    """Drains stdout/stderr into capped buffers, and the result pipe into its own."""

    def __init__(self, fds: Sequence[int], result_fd: int | None, keep_bytes: int, result_max: int) -> None:
        self.keep = keep_bytes
        self.result_max = result_max
        self.result_fd = result_fd
        self.total = 0
        self.result_total = 0
        self.buffers = {fd: bytearray() for fd in fds}
        self.result = bytearray()
        self.selector = selectors.DefaultSelector()
        for fd in [*fds, *([result_fd] if result_fd is not None else [])]:
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
            if fd == self.result_fd:
                self.result_total += len(chunk)
                self.result += chunk[: max(0, self.result_max - len(self.result))]
                continue
            self.total += len(chunk)
            kept = sum(len(buffer) for buffer in self.buffers.values())
            self.buffers[fd] += chunk[: max(0, self.keep - kept)]

    @property
    def open(self) -> bool:
        return bool(self.selector.get_map())


def _reap(proc: subprocess.Popen[bytes], run: RawRun) -> bool:
    """Collect the exit status and rusage once the process has ended (True then)."""
    if run.returncode is not None:
        return True
    try:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
    except ChildProcessError:
        run.returncode = proc.poll()
        return True
    if pid == 0:
        return False
    run.returncode = os.waitstatus_to_exitcode(status)
    run.cpu_s = round(usage.ru_utime + usage.ru_stime, 3)
    proc.returncode = run.returncode  # so Popen does not wait for it again
    return True


def run_contained(
    argv: Sequence[str],
    *,
    wall_seconds: float,
    keep_bytes: int,
    kill_bytes: int,
    pass_fds: Sequence[int] = (),
    env: Mapping[str, str] | None = None,
    cwd: str | None = None,
    result_fd: int | None = None,
    result_max: int = 0,
) -> RawRun:
    """Run ``argv`` in a new session, stdin closed; kill its group on timeout or flood.

    ``result_fd`` is the read end of the result pipe (the caller closes its write end after
    this starts the child, which is why the write end is passed in ``pass_fds``).
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
            cwd=cwd,
            start_new_session=True,
        )
    except OSError as exc:
        run.started = False
        run.errors.append(f"could not start {argv[0]!r}: {exc}")
        return run
    finally:
        for fd in pass_fds:  # the child holds its copies; ours would keep the result pipe open
            with contextlib.suppress(OSError):
                os.close(fd)
    assert proc.stdout is not None and proc.stderr is not None
    reader = _Reader([proc.stdout.fileno(), proc.stderr.fileno()], result_fd, keep_bytes, result_max)
    deadline = start + wall_seconds
    exited_at: float | None = None
    killed_at: float | None = None
    with proc:
        while True:
            now = time.monotonic()
            if exited_at is None and _reap(proc, run):
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
                killed_at = now
            if reader.open:
                reader.pump(0.05)
            else:
                time.sleep(0.02)
        _kill_group(proc)
        _reap(proc, run)
        reader.selector.close()
    run.duration_s = time.monotonic() - start
    stdout, stderr = reader.buffers.values()
    run.stdout, run.stderr = bytes(stdout), bytes(stderr)
    run.result, run.result_total = bytes(reader.result), reader.result_total
    run.output_total = reader.total
    return run
