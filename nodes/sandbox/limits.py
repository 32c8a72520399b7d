"""The bounds one sandboxed run may not cross, and how each maps onto a kernel mechanism.

The numbers live in one frozen value so a run's bounds can be logged and compared; the
mapping to rlimits is here too, as util-linux ``prlimit`` options: ``prlimit`` is the first
program run *inside* the sandbox, so ``RLIMIT_NPROC`` is set inside the new user namespace,
where it counts this run's processes alone (set outside, it would count every process the
user owns, and be checked against them again when the namespace is created).
"""

from __future__ import annotations

from dataclasses import dataclass, fields

GIB = 1024**3
MIB = 1024**2


@dataclass(frozen=True, kw_only=True)
class SandboxLimits:
    """Bounds for one run. Each field says which mechanism enforces it (see docs/sandbox.md).

    ``max_processes`` is enforced by ``RLIMIT_NPROC`` inside the run's own user namespace.
    The kernel ignores ``RLIMIT_NPROC`` for host root, which is why a root caller runs
    bubblewrap as a fresh unprivileged uid (see ``bubblewrap.py``).
    """

    wall_seconds: float = 60.0
    """Wall clock for the whole pytest run; the parent kills the process tree after it."""
    cpu_seconds: int = 60
    """RLIMIT_CPU of the test process: SIGXCPU at the soft limit, SIGKILL one second later."""
    address_space_bytes: int = 2 * GIB
    """RLIMIT_AS per process: a memory hog gets ``MemoryError`` instead of the OOM killer."""
    file_size_bytes: int = 64 * MIB
    """RLIMIT_FSIZE: no single file the run writes may grow past this."""
    max_processes: int = 64
    """Tasks (processes *and* threads) the run may hold at once."""
    open_files: int = 256
    """RLIMIT_NOFILE per process."""
    output_bytes: int = 1 * MIB
    """stdout+stderr kept for the report; the rest is read and dropped."""
    output_kill_bytes: int | None = None
    """Total output after which the run is killed (``limit_hit='output'``); None: 8x kept."""
    tmpfs_bytes: int = 256 * MIB
    """Size of the private /tmp the run sees (the project is copied there) under bubblewrap."""
    smoke_seconds: float = 10.0
    """Wall clock for the entry-point smoke run (servers and GUIs simply time out)."""
    test_seconds: float | None = None
    """Wall clock per test (pytest-timeout, signal method): a hanging test fails on its own
    and the others still report, where the whole-run bound would leave no result at all.
    ``None``: no per-test bound (the benchmark scorer's hidden tests are one test)."""

    def __post_init__(self) -> None:
        for field in fields(self):
            value = getattr(self, field.name)
            if value is not None and value <= 0:
                raise ValueError(f"SandboxLimits.{field.name} must be positive, got {value!r}")

    @property
    def kill_output_bytes(self) -> int:
        """Output volume that ends the run: generous, so a long but honest log is kept."""
        return self.output_kill_bytes or max(8 * self.output_bytes, 8 * MIB)

    def rlimits(self) -> dict[str, tuple[int, int]]:
        """``resource`` limit names to (soft, hard), applied in the child before ``exec``.

        The CPU hard limit sits one second above the soft one so the soft limit's SIGXCPU
        names the cause before SIGKILL ends it.
        """
        return {
            "RLIMIT_CPU": (self.cpu_seconds, self.cpu_seconds + 1),
            "RLIMIT_AS": (self.address_space_bytes, self.address_space_bytes),
            "RLIMIT_FSIZE": (self.file_size_bytes, self.file_size_bytes),
            "RLIMIT_NPROC": (self.max_processes, self.max_processes),
            "RLIMIT_NOFILE": (self.open_files, self.open_files),
            "RLIMIT_CORE": (0, 0),
        }


PRLIMIT_OPTIONS = {
    "RLIMIT_CPU": "--cpu",
    "RLIMIT_AS": "--as",
    "RLIMIT_FSIZE": "--fsize",
    "RLIMIT_NPROC": "--nproc",
    "RLIMIT_NOFILE": "--nofile",
    "RLIMIT_CORE": "--core",
}


def prlimit_args(limits: SandboxLimits, *, count_processes: bool) -> list[str]:
    """``prlimit`` options for ``limits``; ``count_processes=False`` leaves out RLIMIT_NPROC.

    Without a user namespace of its own, RLIMIT_NPROC would count every process of the
    caller's uid (an IDE, a browser, the benchmark next door) and fail at random, so the
    unisolated backend goes without it.
    """
    return [
        f"{PRLIMIT_OPTIONS[name]}={soft}:{hard}"
        for name, (soft, hard) in limits.rlimits().items()
        if count_processes or name != "RLIMIT_NPROC"
    ]
