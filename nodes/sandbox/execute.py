"""One launcher invocation: build its config, start it contained, clean up after it.

Kept apart from ``runner`` so the pytest run and the entry-point smoke run share the same
mechanics (namespaces, cgroup, uid, sweep) and differ only in command and wall clock.
"""

from __future__ import annotations

import contextlib
import json
import os
import secrets
import shutil
import sys
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .capture import RawRun, run_contained
from .cgroup import PidsCgroup
from .env import sandbox_env
from .isolation import MASKED_DIRS, UNSHARE_ARGS, Isolation, interpreter_roots
from .limits import MIB, SandboxLimits
from .procscan import kill_marked

LAUNCHER = Path(__file__).with_name("launcher.py")
SANDBOX_WORKDIR = "/tmp/project"
"""Where the project appears inside the mount namespace (a private tmpfs)."""
JUNIT_REL = ".sopgraph/junit.xml"
JUNIT_MAX_BYTES = 8 * MIB
UID_RANGE = (200_000, 260_000)
"""Unprivileged uids with no passwd entry; a fresh one per run so concurrent runs cannot
signal each other and RLIMIT_NPROC counts this run alone."""


@dataclass
class Workspace:
    """Host-side temp folder: ``work`` (the project, as written) and ``out`` (results)."""

    root: Path
    work: Path
    out: Path


@contextlib.contextmanager
def workspace() -> Iterator[Workspace]:
    """A fresh folder removed afterwards, whatever the run left in it."""
    root = Path(tempfile.mkdtemp(prefix="sopgraph-sandbox-"))
    try:
        root.chmod(0o711)  # traversable (not listable) so a dropped uid reaches work/
        work, out = root / "work", root / "out"
        work.mkdir(mode=0o755)
        out.mkdir(mode=0o700)
        yield Workspace(root, work, out)
    finally:
        shutil.rmtree(root, ignore_errors=True)


@dataclass
class Execution:
    """A contained run plus what the launcher and the cgroup said about it."""

    raw: RawRun
    status: dict[str, Any] = field(default_factory=dict)
    process_limit_hits: int = 0
    stray_killed: int = 0
    notes: list[str] = field(default_factory=list)


def _open_cgroup(
    isolation: Isolation, run_id: str, limits: SandboxLimits, notes: list[str]
) -> PidsCgroup | None:
    if isolation.pids_base is None:
        return None
    try:
        # +1 for the launcher, which joins the cgroup before forking the child.
        return PidsCgroup(isolation.pids_base, f"sopgraph-{run_id}", limits.max_processes + 1)
    except OSError as exc:
        notes.append(f"pids cgroup unavailable ({exc}); RLIMIT_NPROC only")
        return None


def _config(
    isolation: Isolation,
    ws: Workspace,
    command: Sequence[str],
    limits: SandboxLimits,
    run_id: str,
    python_paths: Sequence[str],
    status_fd: int,
    cgroup: PidsCgroup | None,
) -> dict[str, Any]:
    uid = secrets.randbelow(UID_RANGE[1] - UID_RANGE[0]) + UID_RANGE[0]
    inside = isolation.namespaces
    workdir = SANDBOX_WORKDIR if inside else str(ws.work)
    home, tmpdir = (
        ("/tmp/home", "/tmp") if inside else (f"{ws.work}/.sopgraph/home", f"{ws.work}/.sopgraph/tmp")
    )
    if not inside:
        for folder in (home, tmpdir):
            os.makedirs(folder, exist_ok=True)
    env = sandbox_env(
        os.environ,
        home=home,
        tmpdir=tmpdir,
        python_dir=os.path.dirname(sys.executable),
        python_paths=python_paths,
        marker=run_id,
    )
    rlimits = limits.rlimits()
    if not isolation.drop_privileges:
        del rlimits["RLIMIT_NPROC"]  # counts every process of our uid: it would hit the host
    elif cgroup is not None:
        # The cgroup is the bound that names itself (pids.events); NPROC stays as a backstop.
        backstop = limits.max_processes + 2
        rlimits["RLIMIT_NPROC"] = (backstop, backstop)
    masks = [(path, limits.tmpfs_bytes if mode == "1777" else MIB, mode) for path, mode in MASKED_DIRS]
    masks[1:] = [(path, min(size, 16 * MIB), mode) for path, size, mode in masks[1:]]
    return {
        "namespaces": inside,
        "host_work": str(ws.work),
        "host_out": str(ws.out),
        "workdir": workdir,
        "masks": masks,
        "binds": sorted({*interpreter_roots(), *python_paths}),
        "uid": uid if isolation.drop_privileges else None,
        "gid": uid if isolation.drop_privileges else None,
        "rlimits": rlimits,
        "cgroup": str(cgroup.path) if cgroup else None,
        "command": list(command),
        "env": env,
        "junit_rel": JUNIT_REL,
        "junit_max_bytes": JUNIT_MAX_BYTES,
        "fsize_limit": limits.file_size_bytes,
        "scan_roots": ["/tmp", "/var/tmp", "/dev/shm"] if inside else [str(ws.work)],
        "status_fd": status_fd,
    }


def _read_status(read_fd: int) -> dict[str, Any]:
    os.set_blocking(read_fd, False)
    chunks = []
    with contextlib.suppress(BlockingIOError):
        while chunk := os.read(read_fd, 65536):
            chunks.append(chunk)
    try:
        status = json.loads(b"".join(chunks) or b"{}")
    except ValueError:
        return {"error": "unreadable launcher status"}
    return status if isinstance(status, dict) else {}


def execute(
    isolation: Isolation,
    ws: Workspace,
    command: Sequence[str],
    *,
    limits: SandboxLimits,
    wall_seconds: float,
    python_paths: Sequence[str] = (),
) -> Execution:
    """Run ``command`` once through the launcher under ``isolation`` and ``limits``."""
    run_id = secrets.token_hex(8)
    notes: list[str] = []
    cgroup = _open_cgroup(isolation, run_id, limits, notes)
    read_fd, write_fd = os.pipe()
    try:
        config = _config(isolation, ws, command, limits, run_id, python_paths, write_fd, cgroup)
        launcher = [sys.executable, "-I", "-S", str(LAUNCHER), json.dumps(config)]
        prefix = ["unshare", *UNSHARE_ARGS] if isolation.namespaces else []
        raw = run_contained(
            [*prefix, *launcher],
            wall_seconds=wall_seconds,
            keep_bytes=limits.output_bytes,
            kill_bytes=limits.kill_output_bytes,
            pass_fds=(write_fd,),
            env={"PATH": os.environ.get("PATH", "/usr/bin:/bin")},
            on_kill=cgroup.kill_all if cgroup else (lambda: None),
        )
        os.close(write_fd)
        write_fd = -1
        execution = Execution(raw=raw, status=_read_status(read_fd), notes=notes)
    finally:
        os.close(read_fd)
        if write_fd >= 0:
            os.close(write_fd)
        if cgroup is not None:
            hits = cgroup.limit_hits()
            cgroup.remove()
    if cgroup is not None:
        execution.process_limit_hits = hits
    execution.stray_killed = kill_marked(run_id)
    if execution.stray_killed:
        notes.append(f"killed {execution.stray_killed} stray process(es) found by /proc scan")
    return execution
