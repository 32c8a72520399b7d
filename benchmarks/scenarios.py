"""Scripted projects for driving the whole graph with ``ScriptedChatModel``.

A tiny calculator: two source files, one test file. ``buggy_first`` makes the first draft
of ``calc.py`` wrong so the test-and-fix loop has something real to fix; the tests are run
for real in the sandbox. It lives beside ``benchmarks.fakes`` because the benchmarks' oracles
and overhead measurements script the same project, and a benchmark does not import from
``tests/``.
"""

from __future__ import annotations

from typing import Any

from state.artifacts import (
    PRD,
    CodeDraft,
    CodeFile,
    CodeReview,
    FixPlan,
    LogicItem,
    RequirementItem,
    SystemDesign,
    TaskPlan,
    TestSuite,
)

REQUIREMENT = "Make a command-line calculator that adds two numbers"

GOOD_CALC = "def add(a: float, b: float) -> float:\n    return a + b\n"
BAD_CALC = "def add(a: float, b: float) -> float:\n    return a - b\n"
MAIN = (
    "import sys\n\nfrom calc import add\n\n\ndef main(argv: list[str]) -> int:\n"
    "    if len(argv) != 2:\n"
    '        print("usage: python main.py A B", file=sys.stderr)\n'
    "        return 2\n"
    "    print(add(float(argv[0]), float(argv[1])))\n"
    "    return 0\n\n\n"
    'if __name__ == "__main__":\n    sys.exit(main(sys.argv[1:]))\n'
)
"""Started with no arguments it prints its usage and exits 2: a CLI that starts."""
CRASHING_MAIN = (
    "import sys\n\nfrom calc import add\n\n\ndef main(argv: list[str]) -> None:\n"
    "    print(add(float(argv[0]), float(argv[1])))\n\n\n"
    'if __name__ == "__main__":\n    main(sys.argv[1:])\n'
)
"""Started with no arguments it dies with ``IndexError``: a crash on start."""
TESTS = (
    "from calc import add\n\n\ndef test_add_integers():\n    assert add(2, 3) == 5\n\n\n"
    "def test_add_negative():\n    assert add(-1, 1) == 0\n"
)


def prd(name: str = "calculator") -> PRD:
    return PRD(
        original_requirement=REQUIREMENT,
        project_name=name,
        product_goals=["Add two numbers from the command line"],
        user_stories=["As a user, I want to add two numbers so that I get their sum"],
        competitive_analysis=["bc: powerful but arcane"],
        competitive_quadrant_chart="quadrantChart\n    title Calculators\n    bc: [0.3, 0.6]",
        requirement_analysis="Two numbers in, their sum out.",
        ui_design_draft="calc 2 3 prints 5",
        requirement_pool=[RequirementItem(requirement="add two numbers", priority="P0")],
    )


def design() -> SystemDesign:
    return SystemDesign(
        implementation_approach="Standard library only.",
        file_list=["calc.py", "main.py"],
        data_structures_and_interfaces="classDiagram\n    class calc {\n        +add(a, b) float\n    }",
        program_call_flow="sequenceDiagram\n    main->>calc: add(a, b)",
    )


def tasks() -> TaskPlan:
    return TaskPlan(
        logic_analysis=[
            LogicItem(file="calc.py", description="add()"),
            LogicItem(file="main.py", description="CLI using calc.add"),
        ],
        task_list=["calc.py", "main.py"],
    )


def lgtm(path: str = "") -> CodeReview:
    return CodeReview(path=path, verdict="LGTM")


def script(*, buggy_first: bool = False, fix_rounds: int = 1) -> dict[str, list[Any]]:
    """Every answer a full happy run (or a run with ``fix_rounds`` failing drafts) needs."""
    calc = BAD_CALC if buggy_first else GOOD_CALC
    fixes = [  # each still wrong, each a change (a fix that changes nothing ends the loop)
        FixPlan(diagnosis="add subtracts", files=[CodeFile(path="calc.py", content=f"{BAD_CALC}# try {n}\n")])
        for n in range(1, fix_rounds)
    ]
    fixes.append(FixPlan(diagnosis="add subtracts", files=[CodeFile(path="calc.py", content=GOOD_CALC)]))
    return {
        "PRD": [prd()],
        "SystemDesign": [design()],
        "TaskPlan": [tasks()],
        "CodeDraft": [CodeDraft(content=calc), CodeDraft(content=MAIN)],
        "CodeReview": [lgtm(), lgtm()],
        "TestSuite": [TestSuite(files=[CodeFile(path="tests/test_calc.py", content=TESTS)])],
        "FixPlan": fixes if buggy_first else [],
    }
