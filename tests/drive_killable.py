"""A separate process for the kill -9 test: starts or resumes a run on a SQLite store.

Usage: python -m tests.drive_killable start|resume DB_PATH CALL_LOG [HANG_AT_CALL]
The scripted model appends every call to CALL_LOG; with HANG_AT_CALL it blocks forever on
that call (after touching CALL_LOG.hang), so the parent can SIGKILL it mid-run.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.scenarios import REQUIREMENT, script
from checkpoints.savers import open_saver
from graph.api import SopRunner
from nodes.context import Context
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import FAST_SANDBOX

THREAD = "killed-run"


def main(argv: list[str]) -> int:
    mode, db, log = argv[0], argv[1], Path(argv[2])
    hang = int(argv[3]) if len(argv) > 3 else None
    model = ScriptedChatModel(script=script(buggy_first=True), call_log=log, hang_at_call=hang)
    if mode == "resume":  # answers already consumed by the killed process are not needed again
        model = ScriptedChatModel(script=_unused_answers(log), call_log=log)
    with open_saver(f"sqlite:///{db}") as saver:
        runner = SopRunner(saver, Context(model=model, sandbox=FAST_SANDBOX))
        if mode == "start":
            outcome = runner.start(
                REQUIREMENT, RunSettings(model="scripted", candidates=1, fix_on="any"), thread_id=THREAD
            )
        else:
            outcome = runner.resume(THREAD)
    print(outcome.status)
    return 0


def _unused_answers(log: Path) -> dict[str, list[object]]:
    """The answers a correct resume needs after the kill at call 6, and no more.

    The PM, Architect and ProjectManager answers are left out: if a finished node ran
    again it would hit ``ScriptExhausted`` and the resumed process would fail.
    """
    answers = script(buggy_first=True)
    for finished in ("PRD", "SystemDesign", "TaskPlan"):
        answers[finished] = []
    answers["CodeDraft"] = answers["CodeDraft"][1:]  # calc.py is checkpointed; main.py is not
    answers["CodeReview"] = answers["CodeReview"][1:]
    return answers


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
