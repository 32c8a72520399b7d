"""``run_tests_sandboxed``: generated code and tests in, a ``TestReport`` out.

The report is what the Engineer reads on the next attempt, so it says *why* a run is red
in terms it can act on: which tests failed and how (from JUnit XML), which bound the run
hit, and what the sandbox could not isolate on this machine.
"""

from __future__ import annotations

import signal
import time
from collections.abc import Mapping, Sequence

from state.artifacts import TestReport
from state.generated_paths import UnsafePathError, check_generated_path

from .backends import interpreter
from .execute import RESULT_PATH, Execution, execute, workspace
from .isolation import Isolation, SandboxUnavailable, probe_isolation
from .junit import FAILING_OUTPUT_CHARS, JunitError, JunitResult, parse_junit
from .limits import SandboxLimits
from .packages import imported_packages, prepare_packages
from .paths import write_files
from .start_check import StartCheck, start_entry_point
from .text import clean_text, head_tail, truncate_marker

PYTEST_FLAGS = (
    "-p",
    "no:cacheprovider",
    f"--junitxml={RESULT_PATH}",
    "-o",
    "junit_family=xunit2",
    "--tb=short",
    "-q",
    "-rfE",
    "--color=no",
    "--continue-on-collection-errors",
    "--rootdir=.",
)
"""No cache folder, XML for the parser (through a pipe, see ``execute.RESULT_PATH``), short
tracebacks for the prompt, and every module collected even when one is broken, so one bad
file does not hide the other tests' results."""


def per_test_flags(limits: SandboxLimits) -> tuple[str, ...]:
    """pytest-timeout, loaded by name (the sandbox turns plugin autoload off), when the
    limits bound each test. The signal method raises inside the test, so pytest records it
    as that test's failure ("Timeout (>10.0s) from pytest-timeout") and goes on."""
    if limits.test_seconds is None:
        return ()
    return ("-p", "pytest_timeout", f"--timeout={limits.test_seconds:g}", "--timeout-method=signal")


_OUTPUT_SIGNS = (
    ("memory", "MemoryError"),
    ("processes", "BlockingIOError: [Errno 11]"),
    ("processes", "can't start new thread"),
    ("open_files", "Too many open files"),
    ("file_size", "File too large"),
)
"""Exception text that names a limit when no signal or counter did (stderr / XML only)."""


def _classify(execution: Execution, junit: JunitResult | None, limits: SandboxLimits) -> str | None:
    """Which bound ended or broke the run, strongest evidence first."""
    raw, status = execution.raw, execution.status
    if raw.output_killed:
        return "output"
    if raw.timed_out:
        return "timeout"
    sig = status.get("signal")
    cpu = raw.cpu_s or 0.0
    if sig == signal.SIGXCPU or (sig == signal.SIGKILL and cpu >= limits.cpu_seconds):
        return "cpu"
    if sig == signal.SIGXFSZ:
        return "file_size"
    if (status.get("tasks_left") or 0) >= limits.max_processes - 2:
        return "processes"  # RLIMIT_NPROC was (nearly) full when pytest ended: a bomb's children
    evidence = _error_text(execution, junit)
    return next((limit for limit, sign in _OUTPUT_SIGNS if sign in evidence), None)


def _error_text(execution: Execution, junit: JunitResult | None) -> str:
    """Exception text only: failure messages, stderr, and the ``E``/INTERNALERROR lines of
    tracebacks. Never headers or summaries, where a test *named* test_memoryerror would
    otherwise count as running out of memory."""
    tracebacks = clean_text(execution.raw.stdout) + (junit.failing_output if junit else "")
    error_lines = [line for line in tracebacks.splitlines() if line.startswith(("E ", "INTERNALERROR"))]
    messages = [junit.messages()] if junit else []
    return "\n".join([*messages, clean_text(execution.raw.stderr), *error_lines])


def _signal_name(number: int) -> str:
    try:
        return signal.Signals(number).name
    except ValueError:
        return f"signal {number}"


def _limit_line(limit: str | None, execution: Execution, limits: SandboxLimits) -> str:
    """The first line of ``failing_output`` when the sandbox, not an assertion, ended the run."""
    if limit is None:
        sig = execution.status.get("signal")
        if not sig:
            return ""
        return f"[sandbox] pytest was killed by {_signal_name(sig)} (a crash, e.g. C stack overflow)\n"
    detail = {
        "timeout": f"killed after {limits.wall_seconds:g}s of wall clock",
        "output": f"killed after printing more than {limits.kill_output_bytes} bytes",
        "cpu": f"killed after {limits.cpu_seconds}s of CPU time",
        "memory": f"ran out of its {limits.address_space_bytes} bytes of address space",
        "processes": f"tried to run more than {limits.max_processes} processes/threads",
        "file_size": f"wrote a file up to the {limits.file_size_bytes}-byte limit",
        "open_files": f"opened more than {limits.open_files} files",
    }[limit]
    return f"[sandbox] the run {detail} (limit_hit={limit})\n"


def _read_junit(execution: Execution, files: Sequence[str], notes: list[str]) -> JunitResult | None:
    xml = execution.result
    if xml is None:
        notes.append(
            "no JUnit XML: pytest did not finish (killed, crashed, or the process exited via "
            "os._exit); counts are unknown, see the output excerpt"
        )
        return None
    try:
        return parse_junit(xml, files)
    except JunitError as exc:
        notes.append(f"JUnit XML unusable: {exc}")
        return None


def _output_excerpt(execution: Execution) -> str:
    raw = execution.raw
    text = clean_text(raw.stdout) + clean_text(raw.stderr)
    return head_tail(text, FAILING_OUTPUT_CHARS)


def _stream(data: bytes, execution: Execution) -> str:
    text = clean_text(data)
    if execution.raw.truncated:
        kept = len(execution.raw.stdout) + len(execution.raw.stderr)
        text += truncate_marker(execution.raw.output_total, kept)
    return text


def _execution_notes(execution: Execution) -> list[str]:
    notes = list(execution.notes)
    if error := execution.status.get("error"):
        notes.append(f"sandbox failed to start the run: {error}")
    notes.extend(execution.raw.errors)
    return notes


def _build_report(
    execution: Execution,
    junit: JunitResult | None,
    *,
    command: list[str],
    attempt: int,
    limits: SandboxLimits,
    notes: list[str],
) -> TestReport:
    limit = _classify(execution, junit, limits)
    failing = junit.failing_output if junit else ""
    if not failing and (junit is None or execution.status.get("exit_code") not in (0, None)):
        failing = _output_excerpt(execution)
    exit_code = execution.status.get("exit_code")
    report = TestReport(
        attempt=attempt,
        command=command,
        exit_status=exit_code if isinstance(exit_code, int) else None,
        outcomes=junit.outcomes if junit else [],
        failing_output=_limit_line(limit, execution, limits) + failing,
        stdout=_stream(execution.raw.stdout, execution),
        stderr=_stream(execution.raw.stderr, execution),
        duration_s=round(execution.raw.duration_s, 3),
        limit_hit=limit,
        notes=notes,
    )
    if junit:
        report.passed, report.failed = junit.count("passed"), junit.count("failed")
        report.errors, report.skipped = junit.count("error"), junit.count("skipped")
    return report


def _check_targets(test_paths: Sequence[str] | None, written: Sequence[str]) -> list[str]:
    """Test selections must name written files or folders (``path::node`` allowed)."""
    targets = []
    for target in test_paths or ():
        path, sep, node = target.partition("::")
        if "/" in path.rstrip("/") or path.endswith(".py"):
            rel = check_generated_path(path)
        else:
            rel = check_generated_path(f"{path.rstrip('/')}/__init__.py").rsplit("/", 1)[0]
        if not any(name == rel or name.startswith(rel + "/") for name in written):
            raise UnsafePathError(target, "unknown_test_path", "not among the written files")
        targets.append(rel + sep + node)
    return targets


def _add_start_check(report: TestReport, check: StartCheck) -> None:
    """The verdict goes into the notes; a crash also into what the Engineer reads next."""
    report.notes.append(check.note)
    if check.crash:
        report.start_error = check.crash
        report.failing_output += (
            f"\n[start] the entry point crashed on start (stdin closed):\n{check.crash}\n"
        )


def run_tests_sandboxed(
    files: Mapping[str, str],
    *,
    test_paths: Sequence[str] | None = None,
    limits: SandboxLimits = SandboxLimits(),  # noqa: B008 - frozen, safe as a default
    attempt: int = 0,
    required_packages: Sequence[str] = (),
    entry_point: str | None = None,
    stated_exceptions: Sequence[str] = (),
    isolation: Isolation | None = None,
) -> TestReport:
    """Write ``files`` into a fresh sandbox, run pytest there, and report what happened.

    Never raises for anything the generated code does: bad file names, crashes, hangs and
    floods all come back as a red ``TestReport`` whose ``failing_output`` and ``notes`` say
    why. ``isolation`` is for tests that need to force a backend; normally it is probed.
    ``stated_exceptions``: the exceptions the requirement says the program raises (the start
    check does not call the entry point's own ``raise`` of one of them a crash).

    Raises :class:`SandboxUnavailable` (one line) when nothing here can isolate the run
    and the user has not opted in to running it unisolated (``SOPGRAPH_SANDBOX_BACKEND``).
    """
    started = time.monotonic()
    iso = isolation or probe_isolation()
    if iso.refusal:
        raise SandboxUnavailable(iso.refusal)
    notes = list(iso.notes)
    command = [interpreter(), "-m", "pytest", *PYTEST_FLAGS, *per_test_flags(limits)]
    with workspace() as ws:
        try:
            written = write_files(ws.work, files)
            command += _check_targets(test_paths, written)
        except UnsafePathError as exc:
            notes.append("nothing was run: a generated path was refused")
            return TestReport(attempt=attempt, command=command, failing_output=str(exc), notes=notes)
        inferred = imported_packages(files, required_packages)
        if inferred:
            notes.append(
                "packages the code imports but the plan did not list, added: "
                + ", ".join(f"{dist} ({path})" for dist, path in inferred.items())
            )
        python_paths, package_notes = prepare_packages([*required_packages, *inferred])
        notes += package_notes
        execution = execute(
            iso,
            ws,
            command,
            limits=limits,
            wall_seconds=limits.wall_seconds,
            python_paths=python_paths,
        )
        notes += _execution_notes(execution)
        junit = _read_junit(execution, written, notes)
        report = _build_report(execution, junit, command=command, attempt=attempt, limits=limits, notes=notes)
        if entry_point:
            check = start_entry_point(ws, iso, entry_point, written, limits, python_paths, stated_exceptions)
            _add_start_check(report, check)
    report.duration_s = round(time.monotonic() - started, 3)
    return report
