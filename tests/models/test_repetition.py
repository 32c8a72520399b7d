"""The repetition guard on token streams, and the repair after a reply that looped."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.outputs import ChatGeneration, ChatResult
from pydantic import BaseModel, Field

from nodes.llm import LOOP_SHOWN_CHARS, Ledger, ask_text
from nodes.model_variants import REPAIR_REPEAT_PENALTY
from nodes.models.repetition import REPETITION_FINISH, RepetitionGuard
from state.settings import RunSettings


def feed(guard: RepetitionGuard, prompt: list[int], generated: list[int]) -> list[bool]:
    """Call the guard the way llama-cpp-python does: after every generated token."""
    tokens = list(prompt)
    verdicts = []
    for token in generated:
        tokens.append(token)
        verdicts.append(guard(np.array(tokens, dtype=np.intc), np.zeros(1, dtype=np.single)))
    return verdicts


def test_fires_at_the_third_occurrence_of_a_window() -> None:
    guard = RepetitionGuard(window=4, max_occurrences=3)
    period = [1, 2, 3, 4, 5]
    verdicts = feed(guard, [9, 9], period * 3)
    # windows of 4 recur every 5 tokens: the first window's third occurrence ends at token 14
    assert verdicts.index(True) == 13
    assert guard.fired


def test_varied_text_and_a_repetitive_prompt_do_not_fire() -> None:
    guard = RepetitionGuard(window=4, max_occurrences=3)
    prompt = [7, 7, 7, 7] * 10  # the prompt's own repetition must not count
    assert not any(feed(guard, prompt, list(range(100, 400))))
    # a block copied twice (a deliberate duplicate) is still allowed
    assert not any(feed(RepetitionGuard(window=4), [], list(range(20)) * 2))


def test_the_final_check_with_the_same_tokens_changes_nothing() -> None:
    guard = RepetitionGuard(window=4, max_occurrences=3)
    tokens = np.array([1, 2, 3, 4, 5, 6], dtype=np.intc)
    guard(tokens[:1], np.zeros(1))
    assert guard(tokens, np.zeros(1)) is False
    assert guard(tokens, np.zeros(1)) is False


def test_bad_settings_are_refused() -> None:
    with pytest.raises(ValueError):
        RepetitionGuard(window=0)


class LoopingOnce(BaseChatModel):
    """Loops on its first call (cut off by the guard), answers well once penalised."""

    repeat_penalty: float = 1.0
    seen: list[tuple[float, list[BaseMessage]]] = Field(default_factory=list)
    """Shared by the copies ``unlooped`` makes (a shallow copy)."""

    @property
    def _llm_type(self) -> str:
        return "looping-once"

    def _generate(self, messages: list[BaseMessage], stop: Any = None, run_manager: Any = None,
                  **kwargs: Any) -> ChatResult:  # fmt: skip
        self.seen.append((self.repeat_penalty, list(messages)))
        if self.repeat_penalty < REPAIR_REPEAT_PENALTY:
            text, reason = "loop " * 2000, REPETITION_FINISH
        else:
            text, reason = "answer: 42", "stop"
        message = AIMessage(text, response_metadata={"finish_reason": reason})
        return ChatResult(generations=[ChatGeneration(message=message)])


class Answer(BaseModel):
    value: int


def parse(text: str) -> Answer:
    if not text.startswith("answer:"):
        raise ValueError("no 'answer:' line")
    return Answer(value=int(text.split(":")[1]))


def test_the_retry_after_a_loop_is_penalised_and_not_shown_the_whole_loop() -> None:
    model = LoopingOnce()
    ledger = Ledger(role="engineer", model=model, settings=RunSettings())
    answer = ask_text(ledger, system="s", prompt="p", schema=Answer, parse=parse, artifact="answer")
    assert answer.value == 42
    (first_penalty, _), (second_penalty, repair) = model.seen
    assert (first_penalty, second_penalty) == (1.0, REPAIR_REPEAT_PENALTY)
    shown = repair[2]
    assert isinstance(shown, AIMessage) and len(shown.text) < LOOP_SHOWN_CHARS + 100
    assert "cut off (repetition)" in repair[3].text
    assert ledger.usage.calls == 2
