"""``RunSettings.scope``: one-function runs give every role its function-level prompt.

The benchmarks' ``sop`` modes run with ``scope="function"``; on HumanEval the project
prompts made the 0.5B design a ``Solution`` class and import a ``game`` module copied from
an example, so each prompt a role sees is checked here, for both scopes.
"""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import lgtm
from nodes import architect, engineer, qa_engineer
from nodes.prompting import ScopedPrompt
from state.artifacts import CodeDraft, CodeFile, SystemDesign, TestSuite
from state.settings import RunSettings
from tests.graph_helpers import run

FUNCTION = "def add(a: int, b: int) -> int:\n    return a + b\n"
TESTS = "from solution import add\n\n\ndef test_add():\n    assert add(2, 3) == 5\n"


def function_script() -> dict[str, list[object]]:
    return {
        "SystemDesign": [
            SystemDesign(
                implementation_approach="Return the sum.",
                file_list=["solution.py"],
                data_structures_and_interfaces="classDiagram\n    class solution {\n"
                "        <<module>>\n        +add(a: int, b: int) int\n    }",
                program_call_flow="sequenceDiagram\n    Caller->>solution: add(a, b)",
            )
        ],
        "CodeDraft": [CodeDraft(content=FUNCTION)],
        "CodeReview": [lgtm()],
        "TestSuite": [TestSuite(files=[CodeFile(path="tests/test_project.py", content=TESTS)])],
    }


def prompts_by_role(scope: str) -> list[str]:
    outcome, model = run(
        InMemorySaver(), function_script(), roles=("architect", "engineer", "qa_engineer"), scope=scope
    )
    assert outcome.status == "succeeded", outcome.values.get("failure")
    return model.prompts


def test_function_scope_sends_every_role_its_function_prompt() -> None:
    design, write, review, tests = prompts_by_role("function")
    assert "one Python function, not an application" in design
    assert "never a method of a class" in design
    assert "module-level `def`" in write
    assert "defined at module level" in review
    assert "from solution import <function>" in tests
    for prompt in (design, write, review, tests):
        assert "game" not in prompt, "no example module name for a small model to copy"


def test_project_scope_keeps_the_project_prompts() -> None:
    design, write, review, tests = prompts_by_role("project")
    assert 'include "main.py" as entry point' in design
    assert "from <module> import <Name>" in write and "from <module> import <Name>" in tests
    assert "against the design and the task plan" in review
    assert "one Python function" not in design + write + review + tests
    for prompt in (write, review, tests):
        assert "game" not in prompt, "no example module name to copy (the 1.5B's tests imported `game`)"


def test_scoped_prompt_falls_back_to_the_project_template() -> None:
    prompt = ScopedPrompt("project {inputs}")
    assert prompt.for_scope("function") == prompt.for_scope("project") == "project {inputs}"
    assert ScopedPrompt("p", function="f").for_scope("function") == "f"


@pytest.mark.parametrize(
    "template",
    [
        architect.FUNCTION_PROMPT,
        engineer.FUNCTION_WRITE_PROMPT,
        engineer.FUNCTION_REVIEW_PROMPT,
        qa_engineer.FUNCTION_WRITE_PROMPT,
    ],
)
def test_function_templates_fill_with_the_fields_their_roles_pass(template: str) -> None:
    filled = template.format(inputs="IN", feedback="", path="solution.py", logic="", content="x = 1")
    assert filled.startswith("IN")


def test_scope_is_validated() -> None:
    with pytest.raises(ValueError, match="scope"):
        RunSettings(scope="module")  # type: ignore[arg-type]


SOLUTION_CLASS = "class Solution:\n    def add(self, a: int, b: int) -> int:\n        return a + b\n"


def test_a_function_hidden_in_a_class_is_sent_back_without_asking_the_model() -> None:
    script = function_script() | {
        "CodeDraft": [CodeDraft(content=SOLUTION_CLASS), CodeDraft(content=FUNCTION)]
    }
    outcome, model = run(InMemorySaver(), script, roles=("architect", "engineer"), scope="function")
    assert outcome.status == "succeeded"
    first, second = outcome.values["reviews"]
    assert first.verdict == "LBTM" and "method of class Solution" in first.comments[0]
    assert second.verdict == "LGTM"
    assert outcome.values["code"]["solution.py"].content == FUNCTION
    assert model.calls.count("CodeReview") == 1  # the static check cost no model call
    rewrite = model.prompts[model.calls.index("CodeDraft") + 1]
    assert "was rejected" in rewrite and "def add(self" not in rewrite  # the draft is not shown


def test_a_copied_stub_is_sent_back_as_well() -> None:
    stub = 'def add(a: int, b: int) -> int:\n    """Add."""\n'
    script = function_script() | {"CodeDraft": [CodeDraft(content=stub), CodeDraft(content=FUNCTION)]}
    outcome, _ = run(InMemorySaver(), script, roles=("architect", "engineer"), scope="function")
    first, second = outcome.values["reviews"]
    assert first.verdict == "LBTM" and "no implementation" in first.comments[0]
    assert second.verdict == "LGTM"
