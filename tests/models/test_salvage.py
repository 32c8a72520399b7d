"""Salvaging a JSON artifact from a reply cut off in a loop (nodes/salvage.py, nodes/llm.py)."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import RunnableLambda
from pydantic import Field

from nodes.errors import InvalidArtifact
from nodes.llm import Ledger, ask
from nodes.models.repetition import REPETITION_FINISH
from nodes.salvage import close_json, loop_start, salvage_json
from state.artifacts import SystemDesign
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
    assert start is not None and text[:start].endswith("abcdefgh" * 2)
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


class CutOffDesigner(BaseChatModel):
    """Answers every structured request with a cut-off reply: ``text``, finish ``reason``."""

    text: str
    reason: str = REPETITION_FINISH
    calls: list[int] = Field(default_factory=list)

    @property
    def _llm_type(self) -> str:
        return "cut-off"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:  # fmt: skip
        self.calls.append(1)
        message = AIMessage(self.text, response_metadata={"finish_reason": self.reason})
        return ChatResult(generations=[ChatGeneration(message=message)])

    def with_structured_output(self, schema: Any, *, include_raw: bool = False, **kwargs: Any) -> Any:
        """Like a JSON-mode model: the reply's text is parsed, a parse error is kept."""

        def parse(messages: Any) -> dict[str, Any]:
            raw = self.invoke(messages)
            try:
                return {"raw": raw, "parsed": schema.model_validate_json(raw.text), "parsing_error": None}
            except ValueError as error:
                return {"raw": raw, "parsed": None, "parsing_error": error}

        return RunnableLambda(parse)


def ask_design(model: CutOffDesigner) -> SystemDesign:
    ledger = Ledger(role="architect", model=model, settings=RunSettings(max_repairs=1))
    return ask(ledger, system="s", prompt="p", schema=SystemDesign, artifact="design")


def test_ask_keeps_the_salvaged_design_without_a_repair_call() -> None:
    model = CutOffDesigner(text=LOOPED_DESIGN)
    assert ask_design(model).file_list == ["solution.py"]
    assert len(model.calls) == 1


def test_a_reply_that_stopped_on_its_own_is_repaired_not_salvaged() -> None:
    """Only a cut-off reply is trimmed; an answer the model ended itself is the model's answer."""
    model = CutOffDesigner(text=LOOPED_DESIGN, reason="stop")
    with pytest.raises(InvalidArtifact, match="still invalid after 1 repair"):
        ask_design(model)
    assert len(model.calls) == 2
