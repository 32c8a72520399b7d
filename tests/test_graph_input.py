"""The bare compiled graph checks its own input, as ``langgraph dev`` and plain
``graph.invoke`` callers reach it without ``SopRunner``: settings arrive as JSON or not at
all, and an empty requirement must be refused before any role spends a model call."""

from __future__ import annotations

from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import ValidationError

from benchmarks.scenarios import REQUIREMENT, script
from checkpoints.serde import make_serializer
from graph.builder import compile_graph
from graph.errors import RunRequestError
from nodes.context import Context
from nodes.sandbox_config import SandboxConfig
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel


@pytest.fixture
def built(monkeypatch: pytest.MonkeyPatch) -> tuple[ScriptedChatModel, list[str]]:
    """The model every spec string builds, and the specs asked for (no model in the context)."""
    model = ScriptedChatModel(script=script())
    specs: list[str] = []

    def loader(spec: str, temperature: float, seed: int | None) -> Any:
        specs.append(spec)
        return model

    monkeypatch.setattr("nodes.context.model_from_spec", loader)
    return model, specs


def _invoke(graph: Any, payload: dict[str, Any], thread: str) -> dict[str, Any]:
    config = {"configurable": {"thread_id": thread}}
    return dict(graph.invoke(payload, config, context=Context(sandbox=SandboxConfig())))


def test_settings_sent_as_json_are_validated_into_run_settings(
    built: tuple[ScriptedChatModel, list[str]],
) -> None:
    _, specs = built
    graph = compile_graph(InMemorySaver(serde=make_serializer()))
    payload = {"requirement": REQUIREMENT, "settings": {"model": "cheap", "max_retries": 2}}
    result = _invoke(graph, payload, "json")
    assert result["status"] == "succeeded"
    assert set(specs) == {"cheap"}
    stored = graph.get_state({"configurable": {"thread_id": "json"}}).values["settings"]
    assert isinstance(stored, RunSettings) and stored.max_retries == 2


def test_omitted_settings_mean_the_defaults(built: tuple[ScriptedChatModel, list[str]]) -> None:
    _, specs = built
    graph = compile_graph(InMemorySaver(serde=make_serializer()))
    assert _invoke(graph, {"requirement": REQUIREMENT}, "defaults")["status"] == "succeeded"
    assert set(specs) == {RunSettings().model}
    assert graph.get_state({"configurable": {"thread_id": "defaults"}}).values["settings"] == RunSettings()


@pytest.mark.parametrize("requirement", ["", "   \n", None])
def test_an_empty_requirement_is_refused_before_any_role(
    built: tuple[ScriptedChatModel, list[str]], requirement: str | None
) -> None:
    model, _ = built
    graph = compile_graph(InMemorySaver(serde=make_serializer()))
    with pytest.raises(RunRequestError, match="requirement is empty"):
        _invoke(graph, {"requirement": requirement}, "empty")
    assert model.calls == []
    assert graph.get_state({"configurable": {"thread_id": "empty"}}).values.get("prd") is None


def test_invalid_settings_json_names_the_field(built: tuple[ScriptedChatModel, list[str]]) -> None:
    model, _ = built
    graph = compile_graph(InMemorySaver(serde=make_serializer()))
    with pytest.raises(ValidationError, match="max_retries"):
        _invoke(graph, {"requirement": REQUIREMENT, "settings": {"max_retries": "many"}}, "bad")
    assert model.calls == []
