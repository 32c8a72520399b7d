"""The direct candidate is the benchmarks' direct call, word for word (a function-level run's
``nodes.candidates.given_code``, a project's ``DIRECT_PROJECT_PROMPT``), so execution always
has the model's bare answer to choose."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from langchain_core.messages import BaseMessage
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks import scenarios
from benchmarks.project_bench import solve_direct
from benchmarks.project_data import Project
from benchmarks.scenarios import lgtm
from benchmarks.solvers import DIRECT_PROMPT, DIRECT_SYSTEM, REQUIREMENT
from nodes.candidates import DIRECT_PROJECT_PROMPT, given_code
from nodes.prompt_layout import ALONE_SYSTEM
from state.artifacts import CodeDraft
from state.settings import Role, RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import make_runner
from tests.test_selection import DESIGN, RIGHT

STUB = '''def add(a: int, b: int) -> int:
    """Add two numbers.
    >>> add(2, 3)
    5
    """
'''
MBPP_TASK = '"""\nWrite a function to add two numbers.\nassert add(2, 3) == 5\n"""\n'


@pytest.mark.parametrize("block", [STUB, MBPP_TASK])
def test_a_block_holding_the_task_is_given_as_it_stands(block: str) -> None:
    requirement = REQUIREMENT.format(entry="add", file="solution.py", prompt=block)
    assert given_code(requirement) == block


@pytest.mark.parametrize(
    "requirement",
    [
        "Write `add(a, b)` in calc.py.\n```python\nassert add(2, 3) == 5\n```",  # no docstring
        f"Two blocks.\n```python\n{STUB}```\nand\n```python\n{STUB}```",
        "Doctest lines are not Python.\n```python\n>>> add(2, 3)\n5\n```",
        "Make a command-line tool that converts temperatures",
    ],
)
def test_anything_else_keeps_the_whole_requirement(requirement: str) -> None:
    assert given_code(requirement) is None


def test_the_graphs_direct_candidate_sends_the_benchmarks_direct_call() -> None:
    sent: list[Sequence[BaseMessage]] = []

    def draft(_: str, messages: Sequence[BaseMessage]) -> CodeDraft:
        sent.append(messages)
        return CodeDraft(content=RIGHT)

    model = ScriptedChatModel(script={"SystemDesign": [DESIGN], "CodeDraft": draft, "CodeReview": [lgtm()]})
    requirement = REQUIREMENT.format(entry="add", file="solution.py", prompt=STUB)
    settings = RunSettings(model="scripted", scope="function", candidates=3, roles=("architect", "engineer"))
    outcome = make_runner(InMemorySaver(), model).start(requirement, settings)
    assert outcome.status == "succeeded"
    direct_call = [("system", DIRECT_SYSTEM), ("human", DIRECT_PROMPT.format(prompt=STUB))]
    as_sent = [[(m.type, m.content) for m in messages] for messages in sent]
    # three drafts: the SOP's file, the direct candidate, one sample (the last two in any order)
    assert len(as_sent) == 3 and as_sent.count(direct_call) == 1 and as_sent[0] != direct_call
    (sample,) = [messages for messages in as_sent[1:] if messages != direct_call]
    assert "in the single file `solution.py`" in str(sample[-1][1])  # the sample reads it all


CALC_REQUIREMENT = "Write `calc.py` with `add(a: float, b: float) -> float`, for example `add(2, 3) == 5`"
PROJECT_ROLES: tuple[Role, ...] = ("product_manager", "architect", "project_manager", "engineer")
PROJECT_DIRECT_CALL = [
    ("system", ALONE_SYSTEM),
    ("human", DIRECT_PROJECT_PROMPT.format(requirement=CALC_REQUIREMENT)),
]


def labelled(**files: str) -> str:
    """A reply in the direct call's form: each file as a `FILE:` line and its code block."""
    return "".join(f"FILE: {name}.py\n```python\n{content}```\n\n" for name, content in files.items())


def test_a_projects_direct_candidate_is_the_project_benchmarks_direct_call() -> None:
    # rle at ba58eea: asked for rle.py alone, the greedy 1.5B wrote a worse decoder (2 of 7
    # hidden tests) than its direct answer to the whole requirement (5 of 7)
    sent: list[Sequence[BaseMessage]] = []
    both_files = labelled(main=scenarios.MAIN, calc=scenarios.GOOD_CALC)
    replies = iter([CodeDraft(content=scenarios.BAD_CALC), CodeDraft(content=scenarios.MAIN), both_files])

    def draft(_: str, messages: Sequence[BaseMessage]) -> CodeDraft | str:
        sent.append(messages)
        return next(replies)

    answers = scenarios.script()
    answers["CodeDraft"] = draft
    model = ScriptedChatModel(script=answers)
    settings = RunSettings(model="scripted", candidates=2, roles=PROJECT_ROLES)
    values = make_runner(InMemorySaver(), model).start(CALC_REQUIREMENT, settings).values
    assert [(m.type, m.content) for m in sent[-1]] == PROJECT_DIRECT_CALL
    assert values["candidates"]["1"].content == scenarios.GOOD_CALC  # its calc.py, not its main.py
    assert values["code"]["calc.py"].content == scenarios.GOOD_CALC


def test_a_direct_answer_without_the_file_under_selection_is_asked_again() -> None:
    answers = scenarios.script()
    answers["CodeDraft"] = [
        CodeDraft(content=scenarios.BAD_CALC),
        CodeDraft(content=scenarios.MAIN),
        labelled(main=scenarios.MAIN),
        labelled(calc=scenarios.GOOD_CALC),
    ]
    model = ScriptedChatModel(script=answers)
    settings = RunSettings(model="scripted", candidates=2, roles=PROJECT_ROLES)
    values = make_runner(InMemorySaver(), model).start(CALC_REQUIREMENT, settings).values
    assert "the reply holds no `calc.py`" in model.prompts[-1]
    assert values["candidates"]["1"].content == scenarios.GOOD_CALC


def test_the_project_benchmarks_direct_mode_sends_the_same_call() -> None:
    sent: list[Sequence[BaseMessage]] = []

    def reply(_: str, messages: Sequence[BaseMessage]) -> str:
        sent.append(messages)
        return labelled(calc=scenarios.GOOD_CALC)

    project = Project("calc", CALC_REQUIREMENT, "", True, ("calc.py",), 1)
    produced = solve_direct(project, ScriptedChatModel(script={"text": reply}))
    assert [(m.type, m.content) for m in sent[0]] == PROJECT_DIRECT_CALL
    assert produced.files == {"calc.py": scenarios.GOOD_CALC}
