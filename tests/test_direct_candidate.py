"""The direct candidate of a function-level run is the benchmarks' direct call, word for word
(``nodes.candidates.given_code``), so execution always has the model's bare answer to choose."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from langchain_core.messages import BaseMessage
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import lgtm
from benchmarks.solvers import DIRECT_PROMPT, DIRECT_SYSTEM, REQUIREMENT
from nodes.candidates import given_code
from state.artifacts import CodeDraft
from state.settings import RunSettings
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
