"""The bubblewrap backend: user, pid, network, mount, IPC and UTS namespaces, without root.

The run sees a fresh root holding only what it needs, read-only: ``/usr`` (and the
``/bin``, ``/lib`` links), ``/etc``, the interpreter and the package cache. The project is
copied by bubblewrap itself (``--file``) into a size-bounded tmpfs at ``/tmp/project``; the
rest of the host (homes, ``/work``, ``/run``, other users' ``/tmp``) does not exist inside.
``supervisor.py`` is
pid 1 inside (it reports the exit status on a pipe the run never sees); the command it
starts is ``prlimit``, so ``RLIMIT_NPROC`` is set within the new user namespace, where it
counts this run's tasks alone. ``--die-with-parent`` gives every
process a parent-death signal: a ``kill -9`` of sopgraph ends the run's whole tree.

As an ordinary user, bubblewrap maps the sandbox uid onto the user's own uid, so what the
run can reach is bounded by what is mounted, not by permissions. Run as root, bubblewrap
would map the sandbox onto host uid 0, where the kernel skips RLIMIT_NPROC and file
ownership checks still match root's files; so root starts it as a fresh unprivileged uid
(``setpriv``) instead. Folders that uid cannot reach (the interpreter under ``/root``,
mode 0700) are first bind-mounted to a reachable staging path in a private mount
namespace (``unshare --mount``) that disappears with the run.
"""

from __future__ import annotations

import json
import os
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from .backends import Job, Launch, exit_status, interpreter, interpreter_roots, python_dir
from .capture import RawRun
from .env import sandbox_env
from .limits import MIB, prlimit_args

SUPERVISOR = Path(__file__).with_name("supervisor.py").read_text()
"""pid 1 inside the sandbox, passed as ``python -c`` so no host path has to be reachable."""
SANDBOX_WORKDIR = "/tmp/project"
"""Where the project appears inside: on the private, size-bounded /tmp."""
SANDBOX_HOME = "/tmp/home"
SANDBOX_UID = 1000
"""The uid the run sees inside its user namespace (never 0, so bubblewrap drops every
capability before running the command)."""
UID_RANGE = (200_000, 260_000)
"""Host uids for root's runs: no passwd entry, fresh per run, so concurrent runs cannot
signal each other and RLIMIT_NPROC counts this run alone."""
ROOT_LINKS = ("bin", "sbin", "lib", "lib32", "lib64", "libx32")
"""Top-level names that are links into /usr on a merged-/usr system, folders otherwise."""
SMALL_TMPFS = 16 * MIB
"""/dev/shm and /var/tmp: room for multiprocessing's semaphores, not for a disk filler."""
STAGE_SCRIPT = (
    'set -e; while [ "$1" != -- ]; do mount --bind -o ro "$1" "$2"; shift 2; done; shift; exec "$@"'
)
"""Inside ``unshare --mount`` (still root): bind each unreachable folder to its staging
path, then exec the rest of the argv (``setpriv ... bwrap ...``)."""


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


def outermost(paths: Sequence[str]) -> list[str]:
    """``paths`` without any that lie inside another (binding the outer one covers them)."""
    kept: list[str] = []
    for path in sorted({os.path.realpath(p) for p in paths}):
        if not any(path == k or path.startswith(k.rstrip("/") + "/") for k in kept):
            kept.append(path)
    return kept


def _root_layout() -> list[str]:
    args = ["--ro-bind", "/usr", "/usr"]
    for name in ROOT_LINKS:
        path = Path("/") / name
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    return [*args, "--ro-bind", "/etc", "/etc"]


def _project_files(work: Path) -> tuple[list[str], list[int]]:
    """``--dir``/``--file`` arguments copying ``work`` into the sandbox, and the fds opened."""
    args, fds = ["--perms", "0755", "--dir", SANDBOX_WORKDIR], []
    for folder, dirnames, filenames in os.walk(work):
        rel = os.path.relpath(folder, work)
        inside = SANDBOX_WORKDIR if rel == "." else f"{SANDBOX_WORKDIR}/{rel}"
        for name in sorted(dirnames):
            args += ["--perms", "0755", "--dir", f"{inside}/{name}"]
        for name in sorted(filenames):
            fd = os.open(os.path.join(folder, name), os.O_RDONLY | os.O_NOFOLLOW)
            fds.append(fd)
            args += ["--perms", "0644", "--file", str(fd), f"{inside}/{name}"]
    return args, fds


@dataclass(frozen=True)
class Bubblewrap:
    """Runs each command under ``bwrap``; as root, under a fresh uid (see module docstring)."""

    bwrap: str = "bwrap"
    prlimit: str = "/usr/bin/prlimit"
    unshare: str = "unshare"
    setpriv: str = "setpriv"
    as_root: bool = False
    modern: bool = True
    """bubblewrap 0.8 (Debian 12): tmpfs sizes and ``--disable-userns``. Older ones (Ubuntu
    22.04 ships 0.6) run without both rather than not at all; the notes say so."""
    name: str = "bubblewrap"
    isolated: bool = True
    drops_privileges: bool = True

    def _modern(self, args: list[str]) -> list[str]:
        return args if self.modern else []

    def _binds(self, job: Job) -> tuple[list[str], list[str]]:
        """``--ro-bind`` args for the interpreter and packages, and the staging pairs root needs."""
        args, staged = [], []
        for index, path in enumerate(outermost([*interpreter_roots(), *job.python_paths])):
            source = path
            if self.as_root and not reachable_by_others(path):
                source = str(job.ws.root / "stage" / str(index))
                os.makedirs(source, mode=0o755, exist_ok=True)
                staged += [path, source]
            args += ["--ro-bind", source, path]
        return args, staged

    def _bwrap_args(self, job: Job, status_fd: int) -> tuple[list[str], list[int], list[str]]:
        binds, staged = self._binds(job)
        files, fds = _project_files(job.ws.work)
        limits = job.limits
        args = [
            self.bwrap,
            "--unshare-user", "--unshare-pid", "--unshare-net", "--unshare-ipc",
            "--unshare-uts", "--unshare-cgroup-try", *self._modern(["--disable-userns"]),
            "--uid", str(SANDBOX_UID), "--gid", str(SANDBOX_UID), "--hostname", "sandbox",
            "--die-with-parent", "--new-session", "--as-pid-1",
            *_root_layout(),
            "--proc", "/proc", "--dev", "/dev",
            "--perms", "1777", *self._modern(["--size", str(SMALL_TMPFS)]), "--tmpfs", "/dev/shm",
            "--remount-ro", "/dev",
            "--perms", "1777", *self._modern(["--size", str(limits.tmpfs_bytes)]), "--tmpfs", "/tmp",
            "--perms", "1777", *self._modern(["--size", str(SMALL_TMPFS)]), "--tmpfs", "/var/tmp",
            *binds,  # after the tmpfs mounts: a venv or package cache may live under /tmp
            *files, "--perms", "0700", "--dir", SANDBOX_HOME,
            "--remount-ro", "/", "--chdir", SANDBOX_WORKDIR, "--",
            interpreter(), "-I", "-S", "-c", SUPERVISOR, str(status_fd),
            self.prlimit, *prlimit_args(limits, count_processes=True), "--", *job.command,
        ]  # fmt: skip
        return args, fds, staged

    def launch(self, job: Job) -> Launch:
        status_r, status_w = os.pipe()
        bwrap_args, fds, staged = self._bwrap_args(job, status_w)
        env = sandbox_env(
            os.environ,
            home=SANDBOX_HOME,
            tmpdir="/tmp",
            python_dir=python_dir(),
            python_paths=job.python_paths,
            marker=job.marker,
        )
        argv = bwrap_args
        if self.as_root:
            uid = str(secrets.randbelow(UID_RANGE[1] - UID_RANGE[0]) + UID_RANGE[0])
            drop = [
                self.setpriv,
                f"--reuid={uid}",
                f"--regid={uid}",
                "--clear-groups",
                "--no-new-privs",
                "--",
            ]
            argv = [*drop, *bwrap_args]
            if staged:
                mount_ns = [self.unshare, "--mount", "--propagation", "private", "--"]
                argv = [*mount_ns, "/bin/sh", "-c", STAGE_SCRIPT, "sh", *staged, "--", *argv]
        return Launch(argv=argv, pass_fds=[status_w, *fds, *job.keep_fds], env=env, status_fd=status_r)

    def status(self, raw: RawRun, status_bytes: bytes) -> dict[str, Any]:
        """What ``supervisor.py`` wrote; nothing when bubblewrap failed or the run was killed."""
        try:
            status = json.loads(status_bytes.decode(errors="replace").strip().splitlines()[-1])
        except (ValueError, IndexError):
            status = None
        if isinstance(status, dict) and "exit_code" in status:
            code = status["exit_code"]
            return {
                **exit_status(code if isinstance(code, int) else None),
                "tasks_left": status.get("tasks_left"),
            }
        if raw.timed_out or raw.output_killed:
            return {"exit_code": None, "signal": None}
        said = [line for line in raw.stderr.decode(errors="replace").splitlines() if line.strip()]
        return {"exit_code": None, "signal": None, "error": (said or ["no exit status"])[-1][:300]}
