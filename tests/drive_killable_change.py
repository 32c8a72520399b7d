"""A separate process for the kill -9 test of a change run, on a SQLite store.

Usage: python -m tests.drive_killable_change start|resume DB_PATH CALL_LOG [HANG_AT_CALL]
``start`` builds the calculator (thread ``source``), then changes it (thread ``changed``)
with a model that logs its calls and, with HANG_AT_CALL, blocks on that call so the parent
can SIGKILL it. ``resume`` continues ``changed`` with only the answers a correct resume
needs after a kill at the change's sixth call (QA's tests): any other call fails it.
"""

from __future__ import annotations

import sys
from pathlib import Path

from benchmarks.scenarios import REQUIREMENT, script
from checkpoints.savers import open_saver
from graph.api import SopRunner
from nodes.context import Context
from state.settings import RunSettings
from tests.change_scenarios import CHANGE, change_script
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import FAST_SANDBOX

SOURCE, CHANGED = "source", "changed"


def main(argv: list[str]) -> int:
    mode, db, log = argv[0], argv[1], Path(argv[2])
    hang = int(argv[3]) if len(argv) > 3 else None
    with open_saver(f"sqlite:///{db}") as saver:
        if mode == "start":
            builder = SopRunner(
                saver, Context(model=ScriptedChatModel(script=script()), sandbox=FAST_SANDBOX)
            )
            settings = RunSettings(model="scripted", candidates=1, fix_on="any")
            builder.start(REQUIREMENT, settings, thread_id=SOURCE)
            model = ScriptedChatModel(script=change_script(), call_log=log, hang_at_call=hang)
            outcome = SopRunner(saver, Context(model=model, sandbox=FAST_SANDBOX)).change(
                SOURCE, CHANGE, thread_id=CHANGED
            )
        else:
            remaining = {"TestSuite": change_script()["TestSuite"]}
            model = ScriptedChatModel(script=remaining, call_log=log)
            outcome = SopRunner(saver, Context(model=model, sandbox=FAST_SANDBOX)).resume(CHANGED)
    print(outcome.status)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
