"""The backend interface: how one sandboxed command is started, and the unisolated backend.

A backend turns a ``Job`` (the workspace, the command, the limits, the read-only folders
the interpreter needs) into a ``Launch`` (argv, fds, environment) that ``capture`` starts
and watches, and reads the verdict back from what the launch left. Everything else (the
wall clock, the output cap, the report) is shared, so a backend stays small: bubblewrap
(``bubblewrap.py``, the default) is one argv, and a container backend later would be
another (``podman run --network=none ...``) without touching the runner.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from .capture import RawRun
from .env import sandbox_env
from .limits import SandboxLimits, prlimit_args


@dataclass
class Workspace:
    """Host-side temp folder: ``work`` holds the project as written, ``root`` everything."""

    root: Path
    work: Path


@dataclass
class Job:
    """One command to run contained; ``marker`` goes into its environment (see procscan)."""

    ws: Workspace
    command: list[str]
    limits: SandboxLimits
    python_paths: Sequence[str]
    marker: str
    keep_fds: Sequence[int] = ()
    """fds the command itself must inherit (the result pipe)."""


@dataclass
class Launch:
    """What ``capture.run_contained`` starts. It closes ``pass_fds`` once the child has them."""

    argv: list[str]
    pass_fds: list[int]
    env: dict[str, str]
    cwd: str | None = None
    status_fd: int | None = None
    """Read end of the backend's own status pipe, if it has one (closed by ``execute``)."""
    notes: list[str] = field(default_factory=list)


class Backend(Protocol):
    """A way to run generated code. ``isolated`` False means it protects nothing."""

    @property
    def name(self) -> str:
        """Short name for notes and ``SOPGRAPH_SANDBOX_BACKEND``."""
        ...

    @property
    def isolated(self) -> bool:
        """False when the backend protects nothing (the opt-in ``none``)."""
        ...

    @property
    def drops_privileges(self) -> bool:
        """True when the run has no rights over the caller's files and processes."""
        ...

    def launch(self, job: Job) -> Launch:
        """Build the argv for ``job`` (opening whatever fds it needs)."""
        ...

    def status(self, raw: RawRun, status_bytes: bytes) -> dict[str, Any]:
        """``exit_code`` (negative: killed by that signal), ``signal`` and ``error`` if any."""
        ...


def read_status(fd: int | None) -> bytes:
    """Whatever is waiting on a status pipe's read end, which is then closed.

    Non-blocking: a process of the run that still holds the write end must not hang us.
    """
    if fd is None:
        return b""
    os.set_blocking(fd, False)
    chunks = []
    try:
        while chunk := os.read(fd, 65536):
            chunks.append(chunk)
    except BlockingIOError:
        pass
    finally:
        os.close(fd)
    return b"".join(chunks)


def interpreter() -> str:
    """Our interpreter by a path the sandbox can reach.

    ``sys.executable`` keeps the path Python was started by, ``..`` and symlinked folders
    included (``../main/.venv/bin/python`` run from a worktree beside ``main``); inside
    bubblewrap only the venv's real folders exist, so such a path fails to exec. The folder is
    resolved and the file name kept: ``bin/python`` is the venv's link, and resolving it too
    would leave the venv.
    """
    folder, name = os.path.split(sys.executable)
    return os.path.join(os.path.realpath(folder), name)


def python_dir() -> str:
    """Where our interpreter lives: first on the sandbox's PATH, so ``python`` is ours."""
    return os.path.dirname(interpreter())


def interpreter_roots() -> list[str]:
    """Folders the child's interpreter needs: the venv and the Python it was made from."""
    return sorted({os.path.realpath(sys.prefix), os.path.realpath(sys.base_prefix)})


def exit_status(returncode: int | None) -> dict[str, Any]:
    """A Popen-style return code as the runner's ``exit_code``/``signal`` pair."""
    signal_number = -returncode if returncode is not None and returncode < 0 else None
    return {"exit_code": returncode, "signal": signal_number}


@dataclass(frozen=True)
class Unisolated:
    """No isolation at all: the caller's uid, network, files and processes.

    Only ever used when the user opts in (``SOPGRAPH_SANDBOX_BACKEND=none``) or a test
    forces it: it still applies the rlimits but RLIMIT_NPROC (it would count every process
    the user owns), scrubs the environment, runs in a new session that a timeout kills,
    and leaves the sweep by marker to catch ``setsid`` daemons.
    """

    prlimit: str = "prlimit"
    name: str = "none"
    isolated: bool = False
    drops_privileges: bool = False

    def launch(self, job: Job) -> Launch:
        private = job.ws.work / ".sopgraph"
        home, tmpdir = private / "home", private / "tmp"
        for folder in (home, tmpdir):
            folder.mkdir(parents=True, exist_ok=True)
        env = sandbox_env(
            os.environ,
            home=str(home),
            tmpdir=str(tmpdir),
            python_dir=python_dir(),
            python_paths=job.python_paths,
            marker=job.marker,
        )
        argv = [self.prlimit, *prlimit_args(job.limits, count_processes=False), "--", *job.command]
        return Launch(argv=argv, pass_fds=list(job.keep_fds), env=env, cwd=str(job.ws.work))

    def status(self, raw: RawRun, status_bytes: bytes) -> dict[str, Any]:
        return exit_status(raw.returncode)
