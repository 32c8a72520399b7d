"""A client of ``langgraph dev`` names the model in ``context`` as a spec string: it is
checked when the context is made (one ``ModelSpecError`` line for a bad one, before any role
runs) and built with the run's temperature and seed, not handed to a role as a string."""

from __future__ import annotations

import pytest
from langchain_core.language_models import BaseChatModel
from langgraph.checkpoint.memory import InMemorySaver

from graph.builder import compile_graph
from nodes.context import Context
from nodes.models.registry import ModelSpecError
from state.settings import RunSettings


def test_a_spec_string_is_built_with_the_runs_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")  # never contacted
    context = Context(model="openai:served-model", role_models={"architect": "openai:strong-model"})
    model = context.model_for("engineer", RunSettings(temperature=0.3, seed=5))
    assert isinstance(model, BaseChatModel)
    assert getattr(model, "model_name", None) == "served-model" and getattr(model, "temperature", None) == 0.3
    assert getattr(context.model_for("architect", RunSettings()), "model_name", None) == "strong-model"


def test_a_bad_spec_is_one_clear_error_when_the_context_is_made() -> None:
    with pytest.raises(ModelSpecError, match="invalid model spec 'nosuch:xyz'"):
        Context(model="nosuch:xyz")
    assert Context(model="  ").model is None  # no model named: the settings' spec


def test_a_client_context_with_a_bad_spec_stops_before_any_role() -> None:
    saver = InMemorySaver()
    graph = compile_graph(saver)
    with pytest.raises(ModelSpecError):
        graph.invoke({"requirement": "Make a CLI calculator"}, {"configurable": {"thread_id": "t"}},
                     context={"model": "nosuch:xyz"})  # fmt: skip
    assert saver.get_tuple({"configurable": {"thread_id": "t"}}) is None
