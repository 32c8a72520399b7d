"""The oracle: a scripted, zero-latency model that answers every task with its reference.

It checks the harness, not a model: prompts reach the model, answers are turned into
``solution.py`` and scored in the sandbox against the hidden tests. With the oracle, pass@1
is the share of the benchmark's own reference solutions our scoring accepts (1.0 unless
the scoring is broken), in every mode, through the real graph for the SOP modes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from langchain_core.messages import BaseMessage
from pydantic import BaseModel

from benchmarks import scenarios
from benchmarks.datasets import Task
from benchmarks.fakes import Response, ScriptedChatModel
from benchmarks.scoring import SOLUTION_FILE
from state.artifacts import (
    CodeDraft,
    CodeFile,
    CodeReview,
    FixPlan,
    LogicItem,
    SystemDesign,
    TaskPlan,
    TestSuite,
)


def _task_in(tasks: Sequence[Task], messages: Sequence[BaseMessage]) -> Task:
    text = "\n".join(str(m.content) for m in messages)
    for task in tasks:
        if task.prompt.strip()[:200] in text:
            return task
    raise LookupError("the oracle was asked about no task it knows")


def _tests(task: Task) -> TestSuite:
    content = (
        f"from solution import {task.entry_point}\n\n\n"
        f"def test_defined():\n    assert callable({task.entry_point})\n"
    )
    return TestSuite(files=[CodeFile(path="tests/test_solution.py", content=content)])


_ANSWERS: dict[str, Callable[[Task], BaseModel | str]] = {
    "text": lambda task: f"```python\n{task.reference}\n```",
    "SystemDesign": lambda task: SystemDesign(
        **{**scenarios.design().model_dump(), "file_list": [SOLUTION_FILE]}
    ),
    "TaskPlan": lambda task: TaskPlan(
        logic_analysis=[LogicItem(file=SOLUTION_FILE, description=task.entry_point)],
        task_list=[SOLUTION_FILE],
    ),
    "CodeDraft": lambda task: CodeDraft(content=task.reference),
    "CodeReview": lambda task: CodeReview(path=SOLUTION_FILE, verdict="LGTM"),
    "TestSuite": _tests,
    "FixPlan": lambda task: FixPlan(
        diagnosis="reference", files=[CodeFile(path=SOLUTION_FILE, content=task.reference)]
    ),
}
"""What the oracle answers per requested schema (``text``: a plain, unstructured call)."""


def oracle_model(tasks: Sequence[Task]) -> ScriptedChatModel:
    """A model that writes ``solution.py`` with the reference solution of the task asked about."""

    def answer(name: str, messages: Sequence[BaseMessage]) -> Response:
        task = _task_in(tasks, messages)
        return _ANSWERS[name](task)

    return ScriptedChatModel(script=dict.fromkeys(_ANSWERS, answer))
