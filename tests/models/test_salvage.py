"""Salvaging a JSON artifact from a reply cut off in a loop (nodes/salvage.py, nodes/llm.py)."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import RunnableLambda
from pydantic import Field

from nodes.errors import InvalidArtifact
from nodes.llm import Ledger, ask, ask_text
from nodes.models.repetition import REPETITION_FINISH
from nodes.salvage import close_json, compiling_prefix, loop_start, salvage_json
from nodes.suite_reply import trimmed_suite_reply
from state.artifacts import SystemDesign, TestSuite, suite_from_reply
from state.settings import RunSettings

# The 0.5B's real Architect answer for HumanEval/0, cut off by the repetition guard
# (abridged: the guard let the loop run a few more times).
LOOPED_DESIGN = (
    '{"implementation_approach": "Compare each pair of numbers.", "file_list": ["solution.py"], '
    '"data_structures_and_interfaces": "classDiagram\\n  class solution {\\n    <<module>>\\n    '
    '+has_close_elements(numbers: List[float], threshold: float) bool\\n  }", '
    '"program_call_flow": "sequenceDiagram\\n  Caller->>solution: has_close_elements(numbers, t)'
    + "\\n  solution-->>Caller: False\\n  Caller->>solution: has_close_elements(numbers, t)"
    * 6
)


def test_a_looped_design_is_cut_at_the_loop_and_closed() -> None:
    value = salvage_json(LOOPED_DESIGN)
    assert value is not None
    design = SystemDesign.model_validate(value)
    assert design.file_list == ["solution.py"]
    flow = design.program_call_flow
    assert flow.startswith("sequenceDiagram") and flow.count("solution-->>Caller") == 1


def test_loop_start_keeps_the_first_copy() -> None:
    text = "header " + "abcdefgh" * 20
    start = loop_start(text, probe=16)
    assert start is not None and text[:start] == "header abcdefgh"
    assert loop_start("no repeats in this short text at all", probe=16) is None


def test_close_json_closes_strings_and_brackets_and_drops_a_dangling_escape() -> None:
    assert close_json('{"a": ["x", "y') == '{"a": ["x", "y"]}'
    assert close_json('{"a": "line\\') == '{"a": "line"}'
    assert close_json('{"a": 1,') == '{"a": 1}'


def test_a_cut_inside_a_key_falls_back_to_the_last_complete_field() -> None:
    assert salvage_json('{"a": "one", "b": "two", "progr') == {"a": "one", "b": "two"}


def test_text_without_json_is_not_salvaged() -> None:
    assert salvage_json("I cannot do that.") is None
    assert salvage_json('{"a": ') is None


class RepliesInTurn(BaseChatModel):
    """Answers with ``replies`` in turn, each ``(text, finish_reason)``, parsed like a JSON-mode
    model parses them for the schema asked; records the schemas and prompts it saw."""

    replies: list[tuple[str, str]]
    asked: list[tuple[str, str]] = Field(default_factory=list)
    prompts: list[str] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "replies-in-turn"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:  # fmt: skip
        self.prompts.append(messages[-1].text)
        text, reason = self.replies.pop(0)
        message = AIMessage(text, response_metadata={"finish_reason": reason})
        return ChatResult(generations=[ChatGeneration(message=message)])

    def with_structured_output(self, schema: Any, *, include_raw: bool = False, **kwargs: Any) -> Any:
        def parse(messages: Any) -> dict[str, Any]:
            self.asked.append((schema.__name__, messages[-1].text))
            raw = self.invoke(messages)
            try:
                return {"raw": raw, "parsed": schema.model_validate_json(raw.text), "parsing_error": None}
            except ValueError as error:
                return {"raw": raw, "parsed": None, "parsing_error": error}

        return RunnableLambda(parse)


def ask_design(model: RepliesInTurn) -> tuple[SystemDesign, Ledger]:
    ledger = Ledger(role="architect", model=model, settings=RunSettings(max_repairs=1))
    return ask(ledger, system="s", prompt="p", schema=SystemDesign, artifact="design"), ledger


def test_ask_keeps_the_salvaged_design_without_another_call() -> None:
    model = RepliesInTurn(replies=[(LOOPED_DESIGN, REPETITION_FINISH)])
    design, ledger = ask_design(model)
    assert design.file_list == ["solution.py"]
    assert ledger.usage.calls == 1


# The shape of the 1.5B Architect on "Create a brick breaker game.": the loop begins in
# the first field, so the salvage keeps only a shortened implementation_approach.
LOOP_IN_FIRST_FIELD = '{"implementation_approach": "Use pygame. ' + "The ball bounces off the bricks. " * 8


def test_fields_a_loop_ate_are_asked_for_alone_and_merged() -> None:
    rest = {
        "file_list": ["main.py", "game.py"],
        "data_structures_and_interfaces": "classDiagram\n  class Game",
        "program_call_flow": "sequenceDiagram\n  main->>Game: run()",
    }
    model = RepliesInTurn(replies=[(LOOP_IN_FIRST_FIELD, REPETITION_FINISH), (json.dumps(rest), "stop")])
    design, ledger = ask_design(model)
    assert design.implementation_approach.startswith("Use pygame. The ball bounces")
    assert design.implementation_approach.count("The ball bounces") == 1
    assert design.file_list == ["main.py", "game.py"]
    (first, _), (second, continue_prompt) = model.asked
    assert (first, second) == ("SystemDesign", "SystemDesignRest")
    assert "only the remaining fields: file_list, data_structures_and_interfaces, " in continue_prompt
    assert ledger.usage.calls == 2  # the follow-up is charged like any call


def test_a_merged_design_that_still_fails_validation_goes_to_the_repair() -> None:
    wrong = {"file_list": ["main.py"], "data_structures_and_interfaces": "not mermaid",
             "program_call_flow": "sequenceDiagram"}  # fmt: skip
    model = RepliesInTurn(
        replies=[
            (LOOP_IN_FIRST_FIELD, REPETITION_FINISH),
            (json.dumps(wrong), "stop"),
            (LOOPED_DESIGN, REPETITION_FINISH),  # the repair's answer, salvaged
        ]
    )
    design, ledger = ask_design(model)
    assert design.file_list == ["solution.py"]
    assert ledger.usage.calls == 3


def test_a_reply_that_stopped_on_its_own_is_repaired_not_salvaged() -> None:
    """Only a cut-off reply is trimmed; an answer the model ended itself is the model's answer."""
    model = RepliesInTurn(replies=[(LOOPED_DESIGN, "stop"), (LOOPED_DESIGN, "stop")])
    with pytest.raises(InvalidArtifact, match="still invalid after 1 repair"):
        ask_design(model)
    assert [name for name, _ in model.asked] == ["SystemDesign", "SystemDesign"]


# The 1.5B's QA reply for HumanEval/0 (abridged): one assert written until the cap cut it.
LOOPED_SUITE = (
    "```python\nfrom solution import has_close_elements\n\n\ndef test_examples():\n"
    "    assert not has_close_elements([1.0, 2.0, 3.0], 0.5)\n"
    + "    assert not has_close_elements([1.0, 2.0, 3.0], 0.0001)\n" * 5
    + "    assert not has_close_elements([1.0, 2.0, 3.0], 0.000000"
)


def test_compiling_prefix_drops_the_unfinished_lines() -> None:
    kept = compiling_prefix("def f():\n    return 1\n\ndef g():\n    return (1,\n")
    assert kept == "def f():\n    return 1\n"
    assert compiling_prefix("x = (\n" * 3) is None
    assert compiling_prefix("a = 1\n" + "b = (\n" * 5, max_dropped_lines=2) is None


def ask_suite(model: RepliesInTurn) -> tuple[TestSuite, Ledger]:
    ledger = Ledger(role="qa_engineer", model=model, settings=RunSettings(max_repairs=1))
    suite = ask_text(
        ledger,
        system="s",
        prompt="p",
        schema=TestSuite,
        parse=functools.partial(suite_from_reply, path="tests/test_x.py"),
        artifact="tests",
        salvage=trimmed_suite_reply,
    )
    return suite, ledger


def test_a_cut_off_test_file_keeps_its_complete_lines_without_another_call() -> None:
    suite, ledger = ask_suite(RepliesInTurn(replies=[(LOOPED_SUITE, "length")]))
    content = suite.files[0].content
    assert content.count("assert not") == 6 and content.endswith("0.0001)\n")
    assert ledger.usage.calls == 1


def test_a_test_file_the_model_ended_itself_is_repaired_not_trimmed() -> None:
    """Trimming is only for a reply the cap cut; a syntax error the model wrote is its to fix."""
    good = "```python\nfrom solution import f\n\n\ndef test_f():\n    assert f() == 1\n```"
    model = RepliesInTurn(replies=[(LOOPED_SUITE, "stop"), (good, "stop")])
    suite, ledger = ask_suite(model)
    assert suite.files[0].content.endswith("assert f() == 1\n") and ledger.usage.calls == 2
    assert "does not compile: line 11" in model.prompts[-1]


def test_a_cut_off_reply_with_no_complete_test_goes_to_the_repair() -> None:
    cut_in_first_test = "```python\nfrom solution import f\n\ndef test_f():\n    assert f(1,"
    model = RepliesInTurn(replies=[(cut_in_first_test, "length"), (cut_in_first_test, "length")])
    with pytest.raises(InvalidArtifact, match="tests was still invalid after 1 repair"):
        ask_suite(model)
