"""Which backend runs generated code here, decided once per process by trying it.

bubblewrap needs unprivileged user namespaces, which Docker's default seccomp profile and
some distributions' AppArmor settings forbid; so the probe runs a real (empty) sandbox
instead of trusting a sysctl. Where no isolation works, generated code is refused unless
the user opts in with ``SOPGRAPH_SANDBOX_BACKEND=none``: running a model's code with the
user's rights and network must be a choice, not a silent fallback. The probe's findings
open every report's notes, so a report says how isolated its run really was.
"""

from __future__ import annotations

import dataclasses
import functools
import os
import shutil
import subprocess
from dataclasses import dataclass

from nodes.errors import RunStopped

from .backends import Backend, Job, Unisolated, Workspace, interpreter, read_status
from .bubblewrap import Bubblewrap
from .capture import run_contained
from .leftovers import new_workspace_root, sweep_leftovers
from .limits import SandboxLimits
from .procscan import owner_tag

BACKEND_ENV = "SOPGRAPH_SANDBOX_BACKEND"
"""``auto`` (default: bubblewrap, refused when it does not work), ``bubblewrap``, or
``none``: the explicit opt-in to run generated code without any isolation."""
OPT_OUT = "none"
CHOICES = ("auto", "bubblewrap", OPT_OUT)


class SandboxUnavailable(RunStopped, RuntimeError):
    """No isolation is possible here and the user did not opt out of it; one line.

    A ``RunStopped``, so inside the graph the ``run_tests`` node ends the run cleanly and
    resumably with this line as its failure (install bubblewrap or opt out, then resume);
    a ``RuntimeError`` for direct callers such as the benchmarks.
    """


@dataclass(frozen=True)
class Isolation:
    """The backend a run will use; build one by hand to force a backend in tests."""

    backend: Backend
    notes: tuple[str, ...] = ()
    refusal: str = ""
    """Set when generated code must not run: the one line the user sees."""

    @property
    def isolated(self) -> bool:
        """True when the backend isolates anything at all."""
        return self.backend.isolated

    @property
    def drop_privileges(self) -> bool:
        """True when the run's uid has no rights over the caller's files and processes."""
        return self.backend.drops_privileges


def _tool(name: str) -> str | None:
    return shutil.which(name) or shutil.which(name, path="/usr/sbin:/usr/bin:/sbin:/bin")


def _bubblewrap() -> tuple[Bubblewrap | None, str]:
    """A bubblewrap backend, or None and why not."""
    tools = {name: _tool(name) for name in ("bwrap", "prlimit", "unshare", "setpriv")}
    as_root = os.geteuid() == 0
    needed = ("bwrap", "prlimit", "unshare", "setpriv") if as_root else ("bwrap", "prlimit")
    missing = [name for name in needed if tools[name] is None]
    if missing:
        return None, f"{', '.join(missing)} not installed (Debian: bubblewrap, util-linux)"
    backend = Bubblewrap(
        bwrap=str(tools["bwrap"]),
        prlimit=str(tools["prlimit"]),
        unshare=str(tools["unshare"] or "unshare"),
        setpriv=str(tools["setpriv"] or "setpriv"),
        as_root=as_root,
    )
    works, why = try_backend(backend)
    if works:
        return backend, ""
    older = dataclasses.replace(backend, modern=False)
    return (older, "") if try_backend(older)[0] else (None, why)


def try_backend(backend: Backend) -> tuple[bool, str]:
    """Run ``python -c pass`` through ``backend`` once: (it worked, the last error line)."""
    root = new_workspace_root(owner_tag())  # owner-named: a kill -9 here is swept too
    try:
        root.chmod(0o711)
        (root / "work").mkdir(mode=0o755)
        job = Job(
            Workspace(root, root / "work"), [interpreter(), "-I", "-c", "pass"], SandboxLimits(), (), "probe"
        )
        launch = backend.launch(job)
        raw = run_contained(launch.argv, wall_seconds=20, keep_bytes=4000, kill_bytes=65536,
                            pass_fds=launch.pass_fds, env=launch.env, cwd=launch.cwd)  # fmt: skip
        result = backend.status(raw, read_status(launch.status_fd))
    except (OSError, subprocess.SubprocessError) as exc:
        return False, str(exc)
    finally:
        shutil.rmtree(root, ignore_errors=True)
    if result.get("exit_code") == 0:
        return True, ""
    said = [line for line in raw.stderr.decode(errors="replace").splitlines() if line.strip()]
    return False, (said or [str(result.get("error") or f"exit {result.get('exit_code')}")])[-1][:200]


def refusal_line(why: str) -> str:
    """The one line shown when generated code is refused."""
    return (
        f"refusing to run generated code: no sandbox isolation here ({why}); "
        f"install bubblewrap and allow user namespaces, or set {BACKEND_ENV}={OPT_OUT} "
        "to run it unisolated, with your rights and network"
    )


@functools.cache
def probe_isolation() -> Isolation:
    """Sweep what killed runs left, then pick the backend (cached: once per process)."""
    notes = sweep_leftovers()
    choice = os.environ.get(BACKEND_ENV, "auto").strip().lower() or "auto"
    unisolated = Unisolated(prlimit=_tool("prlimit") or "prlimit")
    if choice not in CHOICES:
        why = f"{BACKEND_ENV}={choice!r} is none of {', '.join(CHOICES)}"
        return Isolation(unisolated, (*notes, f"NOT isolated: {why}"), refusal=refusal_line(why))
    if choice == OPT_OUT:
        notes.append(f"NOT isolated ({BACKEND_ENV}=none): network reachable, the run has our uid and files")
        return Isolation(unisolated, tuple(notes))
    backend, why = _bubblewrap()
    if backend is None:
        notes.append(f"NOT isolated: bubblewrap unusable ({why})")
        return Isolation(unisolated, tuple(notes), refusal=refusal_line(why))
    who = "a fresh unprivileged uid (root drops it)" if backend.as_root else "the caller's uid, mapped"
    notes.append(f"isolated: user, pid, network, mount, IPC and UTS namespaces (bubblewrap), as {who}")
    if not backend.modern:
        notes.append("bubblewrap older than 0.8: tmpfs sizes unbounded, nested user namespaces allowed")
    return Isolation(backend, tuple(notes))
