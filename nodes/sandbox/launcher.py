"""Runs *inside* the sandbox as its init process: set up, drop privileges, exec, clean up.

Started by the runner as ``unshare --net --pid --mount --fork --kill-child --mount-proc
python -I -S launcher.py CONFIG`` (or without ``unshare`` when namespaces are unavailable),
so it must stay standard-library only and import nothing from sopgraph. It

1. joins the run's pids cgroup, so every later task is counted and killable;
2. under a mount namespace, hides every world-writable place (/tmp, /var/tmp, /dev/shm, ...)
   and /root behind fresh tmpfs mounts, binds back read-only what the interpreter needs,
   and copies the workspace onto the private /tmp, so the disk the run can fill is bounded;
3. forks the child, which drops to an unprivileged uid, sets the rlimits and execs pytest;
4. reaps orphans until the child exits, then kills whatever the child left behind;
5. copies the JUnit XML out (never following symlinks) and writes a JSON status line to a
   pipe only the parent holds, so generated code cannot forge the verdict.
"""

from __future__ import annotations

import ctypes
import json
import os
import resource
import shutil
import signal
import stat
import sys

MS_NOSUID, MS_NODEV, MS_REMOUNT, MS_BIND, MS_REC, MS_RDONLY = 2, 4, 32, 4096, 16384, 1
PR_SET_CHILD_SUBREAPER, PR_SET_NO_NEW_PRIVS = 36, 38
SCAN_MAX_ENTRIES = 20_000

_libc = ctypes.CDLL(None, use_errno=True)


def _mount(source: str | None, target: str, fstype: str | None, flags: int, data: str = "") -> None:
    def enc(text: str | None) -> bytes | None:
        return text.encode() if text else None

    if _libc.mount(enc(source), enc(target), enc(fstype), flags, enc(data)) != 0:
        err = ctypes.get_errno()
        raise OSError(err, f"mount {target}: {os.strerror(err)}")


def _join_cgroup(path: str) -> None:
    """Fail closed: a run that was promised a process bound must not start without it."""
    with open(os.path.join(path, "cgroup.procs"), "w") as handle:
        handle.write("0")


def _setup_mounts(cfg: dict, notes: list[str]) -> str:
    """Private tmpfs over writable/secret places, read-only binds back; returns the workdir."""
    keep = {path: os.open(path, os.O_PATH | os.O_DIRECTORY) for path in cfg["binds"]}
    work_fd = os.open(cfg["host_work"], os.O_PATH | os.O_DIRECTORY)
    for path, size, mode in cfg["masks"]:
        if os.path.isdir(path) and not os.path.islink(path):
            _mount("tmpfs", path, "tmpfs", MS_NOSUID | MS_NODEV, f"size={size},mode={mode}")
    for path, fd in keep.items():
        os.makedirs(path, exist_ok=True)
        _mount(f"/proc/self/fd/{fd}", path, None, MS_BIND | MS_REC)
        _mount(None, path, None, MS_BIND | MS_REMOUNT | MS_RDONLY | MS_NOSUID)
        os.close(fd)
    workdir = cfg["workdir"]
    shutil.copytree(f"/proc/self/fd/{work_fd}", workdir, symlinks=True)
    os.close(work_fd)
    os.makedirs(cfg["env"]["HOME"], exist_ok=True)
    notes.append("mounts: private tmpfs over " + ", ".join(m[0] for m in cfg["masks"]))
    return workdir


def _chown_tree(root: str, uid: int, gid: int) -> None:
    os.lchown(root, uid, gid)
    for dirpath, dirnames, filenames in os.walk(root):
        for name in dirnames + filenames:
            os.lchown(os.path.join(dirpath, name), uid, gid)


def _exec_child(cfg: dict, workdir: str, status_fd: int) -> None:
    """In the forked child: become the unprivileged uid, apply limits, exec. Never returns."""
    try:
        os.close(status_fd)
        os.chdir(workdir)
        if cfg["uid"] is not None:
            os.setgroups([])
            os.setresgid(cfg["gid"], cfg["gid"], cfg["gid"])
            os.setresuid(cfg["uid"], cfg["uid"], cfg["uid"])
        _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0)
        for name, (soft, hard) in cfg["rlimits"].items():
            resource.setrlimit(getattr(resource, name), (soft, hard))
        for signum in (signal.SIGPIPE, signal.SIGXFSZ, signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, signal.SIG_DFL)
        os.execve(cfg["command"][0], cfg["command"], cfg["env"])
    except BaseException as exc:
        os.write(2, f"sandbox launcher: could not start the command: {exc!r}\n".encode())
    os._exit(126)


def _wait_for(child: int) -> dict:
    """Reap every child (we are init or a subreaper) until ``child`` itself has exited."""
    while True:
        try:
            pid, status, usage = os.wait4(-1, 0)
        except ChildProcessError:
            return {"exit_code": None, "signal": None, "cpu_s": None}
        except InterruptedError:
            continue
        if pid == child:
            return {
                "exit_code": os.waitstatus_to_exitcode(status),
                "signal": os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
                "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
                "maxrss_kb": usage.ru_maxrss,
            }


def _children_of(parent: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat", "rb") as handle:
                    fields = handle.read().rsplit(b")", 1)[1].split()
                if int(fields[1]) == parent:
                    found.append(int(entry))
            except (OSError, IndexError, ValueError):
                continue
    return found


def _tasks_of(uid: int | None) -> int | None:
    """Tasks (threads included) the sandbox uid still holds: fork-bomb evidence without a cgroup."""
    if uid is None:
        return None
    total = 0
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/status") as handle:
                fields = dict(line.split(":", 1) for line in handle if ":" in line)
            if int(fields["Uid"].split()[0]) == uid:
                total += int(fields["Threads"])
        except (OSError, KeyError, ValueError):
            continue
    return total


def _kill_leftovers() -> int:
    """Kill what the child left: everything in our pid namespace, or our adopted orphans."""
    killed = 0
    if os.getpid() == 1:
        try:
            os.kill(-1, signal.SIGKILL)  # as pid-ns init: every other task in the namespace
        except ProcessLookupError:
            return 0
        while True:
            try:
                os.wait()
                killed += 1
            except ChildProcessError:
                return killed
    for _ in range(200):  # subreaper: orphans re-parent to us as their parents die
        pids = _children_of(os.getpid())
        if not pids:
            break
        for pid in pids:
            try:
                os.kill(pid, signal.SIGKILL)
                killed += 1
            except ProcessLookupError:
                pass
        while True:
            try:
                if os.waitpid(-1, os.WNOHANG)[0] == 0:
                    break
            except ChildProcessError:
                break
    return killed


def _files_at_limit(roots: list[str], limit: int, skip: list[str]) -> list[str]:
    """Files that reached RLIMIT_FSIZE: the evidence for ``limit_hit='file_size'``.

    ``skip`` are the read-only binds (the interpreter, a venv that may live under /tmp):
    the run cannot have written them, and a large shared library there is no evidence.
    """
    hits: list[str] = []
    seen = 0
    skipped = {os.path.normpath(path) for path in skip}
    for root in roots:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = [d for d in dirnames if os.path.join(dirpath, d) not in skipped]
            for name in filenames:
                seen += 1
                if seen > SCAN_MAX_ENTRIES or len(hits) >= 5:
                    return hits
                try:
                    info = os.lstat(os.path.join(dirpath, name))
                except OSError:
                    continue
                if stat.S_ISREG(info.st_mode) and info.st_size >= limit:
                    hits.append(os.path.join(dirpath, name))
    return hits


def _copy_out(src: str, out_fd: int, name: str, max_bytes: int) -> bool:
    """Copy one result file the child wrote, refusing symlinks, hard links and non-files."""
    try:
        fd = os.open(src, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1 or info.st_size > max_bytes:
            return False
        data = os.read(fd, max_bytes + 1)[:max_bytes]
    finally:
        os.close(fd)
    flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
    with os.fdopen(os.open(name, flags, 0o600, dir_fd=out_fd), "wb") as handle:
        handle.write(data)
    return True


def main() -> None:
    """Run the configured command once and report on the status fd (see module docstring)."""
    cfg = json.loads(sys.argv[1])
    status_fd = cfg["status_fd"]
    notes: list[str] = []
    status: dict = {"notes": notes}
    try:
        if cfg["cgroup"]:
            _join_cgroup(cfg["cgroup"])
        out_fd = os.open(cfg["host_out"], os.O_RDONLY | os.O_DIRECTORY)  # before /tmp is hidden
        if cfg["namespaces"]:
            workdir = _setup_mounts(cfg, notes)
        else:
            workdir = cfg["workdir"]
            _libc.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
        if cfg["uid"] is not None:
            _chown_tree(workdir, cfg["uid"], cfg["gid"])
            if cfg["namespaces"]:
                _chown_tree(cfg["env"]["HOME"], cfg["uid"], cfg["gid"])
        child = os.fork()
        if child == 0:
            _exec_child(cfg, workdir, status_fd)
        status.update(_wait_for(child))
        status["tasks_left"] = _tasks_of(cfg["uid"])
        status["leftovers_killed"] = _kill_leftovers()
        status["files_at_limit"] = _files_at_limit(
            cfg["scan_roots"], cfg["fsize_limit"], cfg.get("binds", [])
        )
        src = os.path.join(workdir, cfg["junit_rel"])
        status["junit_copied"] = _copy_out(src, out_fd, "junit.xml", cfg["junit_max_bytes"])
    except BaseException as exc:
        status["error"] = f"{type(exc).__name__}: {exc}"
    os.write(status_fd, (json.dumps(status) + "\n").encode())
    os.close(status_fd)


if __name__ == "__main__":
    main()
