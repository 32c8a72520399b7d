"""Scripted changes to the calculator of ``benchmarks.scenarios``: add ``sub`` to ``calc.py``.

The change plans ``calc.py`` only, so ``main.py`` and the old test file must come out byte
for byte as they went in. ``breaking`` makes the Engineer's rewrite break ``add`` (the old
tests catch the regression) and scripts the fix that restores it.
"""

from __future__ import annotations

from typing import Any

from benchmarks.scenarios import BAD_CALC, GOOD_CALC, design, lgtm, prd
from state.artifacts import CodeDraft, CodeFile, FixPlan, LogicItem, TaskPlan, TestSuite

CHANGE = "Add a function sub(a, b) to calc.py that subtracts b from a"
SUB = "\n\ndef sub(a: float, b: float) -> float:\n    return a - b\n"
CALC_WITH_SUB = GOOD_CALC + SUB
BROKEN_CALC_WITH_SUB = BAD_CALC + SUB
CHANGE_TESTS = "from calc import sub\n\n\ndef test_sub():\n    assert sub(5, 3) == 2\n"


def change_tasks() -> TaskPlan:
    return TaskPlan(
        logic_analysis=[LogicItem(file="calc.py", description="add sub(a, b)")], task_list=["calc.py"]
    )


def change_script(*, breaking: bool = False, qa_reply: Any = None) -> dict[str, list[Any]]:
    """Every answer the change run needs (and, ``breaking``, its one fix)."""
    suite = TestSuite(files=[CodeFile(path="tests/test_change_1.py", content=CHANGE_TESTS)])
    return {
        "PRD": [prd()],
        "SystemDesign": [design()],
        "TaskPlan": [change_tasks()],
        "CodeDraft": [CodeDraft(content=BROKEN_CALC_WITH_SUB if breaking else CALC_WITH_SUB)],
        "CodeReview": [lgtm()],
        "TestSuite": [qa_reply if qa_reply is not None else suite],
        "FixPlan": [
            FixPlan(
                diagnosis="add subtracts since the change",
                files=[CodeFile(path="calc.py", content=CALC_WITH_SUB)],
            )
        ]
        if breaking
        else [],
    }
