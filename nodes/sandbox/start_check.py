"""The start check: ``python main.py`` once, stdin closed, after the tests.

Why it can turn a run red: QA's tests come from the same model as the code and often never
import the entry point, so a program that dies on its first line (SoftwareDev on the 1.5B:
snake's ``AttributeError``, tank battle's ``IndexError``, 2048's circular import) could go
green and ship. A user's first act is to start the program; the loop should see that crash
and its traceback the way it sees a failing test.

What counts as a crash is narrow on purpose, so nothing that merely *waits* is sent back to
the Engineer: an uncaught exception's traceback, except ``EOFError`` (an interactive program
reading the closed stdin) and ``KeyboardInterrupt``. A program still running at the wall
clock (games, servers) started; so did one that exits non-zero without a traceback
(``argparse`` usage, ``sys.exit("no input file")``), and so did one that refuses the empty
command line by raising an exception the requirement says it raises (``stated_refusal``).
A GUI toolkit that cannot find a
display is noted but not a crash: no rewrite of the code can give the sandbox a screen.
pygame and matplotlib get headless drivers from the sandbox's environment instead.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from state.generated_paths import UnsafePathError, check_generated_path

from .backends import Workspace, interpreter
from .execute import execute
from .isolation import Isolation
from .limits import SandboxLimits
from .text import clean_text, head_tail

TRACEBACK = "Traceback (most recent call last)"
WAITING_EXCEPTIONS = ("EOFError", "KeyboardInterrupt")
"""Last-line exceptions of a program that started and was waiting or being stopped."""
NO_DISPLAY_SIGNS = (
    "no display name",
    "couldn't connect to display",
    "cannot connect to X server",
    "No available video device",
)
"""Last-line text of a GUI that needs a screen the sandbox does not have (Tk, X11, SDL)."""
CRASH_CHARS = 2000
"""The traceback's share of ``failing_output``; its end (the exception) is always kept."""


@dataclass(frozen=True)
class StartCheck:
    """What starting the entry point showed: a line for the notes, and the crash, if any."""

    note: str
    crash: str = ""
    """The traceback, from its first line to the exception; empty when the program started."""


def needs_display(line: str) -> bool:
    """A GUI's complaint that there is no screen (no rewrite of the code can fix that)."""
    return any(sign in line for sign in NO_DISPLAY_SIGNS)


def last_traceback(stderr: str) -> str:
    """The last traceback in ``stderr`` (chained exceptions and warnings before it dropped)."""
    start = stderr.rfind(TRACEBACK)
    return stderr[start:].strip() if start >= 0 else ""


_FRAME = re.compile(r'^\s*File "(?P<file>[^"]+)", line \d+')


def stated_refusal(traceback: str, written: Collection[str], stated: Collection[str]) -> str:
    """The exception's name when the crash is the program refusing its empty command line on
    purpose: the last frame is a ``raise`` statement in one of its own files, and the
    exception is one the requirement says the program raises (``stated``); else ``""``.

    Why: the change benchmark's units converter is specified as "``main.py`` prints
    ``run(sys.argv[1:])``" with "an unknown command raises ``ValueError``"; started with no
    arguments it raised that ``ValueError``, the start check called it a crash, and two fix
    rounds and a QA revision were spent on code that did what it was asked.
    """
    lines = traceback.strip().splitlines()
    name = lines[-1].split(":", 1)[0].strip().rsplit(".", 1)[-1] if lines else ""
    frames = [i for i, line in enumerate(lines) if _FRAME.match(line)]
    if not name or name not in stated or not frames or frames[-1] + 1 >= len(lines) - 1:
        return ""
    frame = _FRAME.match(lines[frames[-1]])
    own = frame is not None and any(frame["file"].endswith(f"/{path}") for path in written)
    return name if own and lines[frames[-1] + 1].strip().startswith("raise") else ""


def crash_of(exit_code: object, timed_out: bool, stderr: str) -> str:
    """The traceback of a crash on start, or ``""`` when the program counts as started."""
    if timed_out or exit_code == 0:
        return ""
    traceback = last_traceback(stderr)
    if not traceback:
        return ""
    exception = traceback.splitlines()[-1]
    if exception.startswith(WAITING_EXCEPTIONS) or needs_display(exception):
        return ""
    return head_tail(traceback, CRASH_CHARS)


def start_entry_point(
    ws: Workspace,
    isolation: Isolation,
    entry_point: str,
    written: Sequence[str],
    limits: SandboxLimits,
    python_paths: Sequence[str],
    stated_exceptions: Collection[str] = (),
) -> StartCheck:
    """Run ``python <entry_point>`` in the same sandbox as the tests, stdin closed.
    ``stated_exceptions``: those the requirement says the program raises (``stated_refusal``)."""
    try:
        rel = check_generated_path(entry_point)
    except UnsafePathError as exc:
        return StartCheck(f"entry point not run: {exc}")
    if rel not in written:
        return StartCheck(f"entry point {rel!r} not run: no such file was written")
    wall = min(limits.smoke_seconds, limits.wall_seconds)
    run = execute(
        isolation, ws, [interpreter(), rel], limits=limits, wall_seconds=wall, python_paths=python_paths
    )
    if run.raw.timed_out:
        return StartCheck(
            f"entry point {rel!r} still running after {wall:g}s with stdin closed; killed "
            "(normal for servers, games and GUIs)"
        )
    code = run.status.get("exit_code")
    stderr = clean_text(run.raw.stderr)
    if code == 0:
        return StartCheck(f"entry point {rel!r} exited 0 in {run.raw.duration_s:.1f}s with stdin closed")
    last_line = (stderr.strip().splitlines() or [""])[-1][:300]
    said = f"entry point {rel!r} exited {code} in {run.raw.duration_s:.1f}s: {last_line}"
    crash = crash_of(code, run.raw.timed_out, stderr)
    if crash and (refused := stated_refusal(last_traceback(stderr), written, stated_exceptions)):
        return StartCheck(
            f"{said} (its own `raise {refused}`, which the requirement says it raises: it refused the "
            "empty command line, not counted as a crash)"
        )
    if crash:
        return StartCheck(f"{said} (crashed on start: the run is red)", crash)
    if needs_display(last_line):
        return StartCheck(f"{said} (needs a display the sandbox does not have; not counted as a crash)")
    return StartCheck(said)
