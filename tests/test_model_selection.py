"""Nodes take their model from the runtime context, or build it from the run's settings."""

from __future__ import annotations

from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import REQUIREMENT, script
from checkpoints.serde import make_serializer
from graph.builder import compile_graph
from nodes.context import Context
from nodes.sandbox_config import SandboxConfig
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel


def test_bare_invoke_builds_models_from_the_settings_specs(monkeypatch: pytest.MonkeyPatch) -> None:
    """As under ``langgraph dev``: no model object in the context, only spec strings."""
    default = ScriptedChatModel(script=script())
    architect = ScriptedChatModel(script={"SystemDesign": script()["SystemDesign"]})
    default.script["SystemDesign"] = []
    built: list[tuple[str, float, int | None]] = []

    def fake_loader(spec: str, temperature: float, seed: int | None) -> Any:
        built.append((spec, temperature, seed))
        return architect if spec == "strong" else default

    monkeypatch.setattr("nodes.context.model_from_spec", fake_loader)
    settings = RunSettings(model="cheap", role_models={"architect": "strong"}, seed=7)
    graph = compile_graph(InMemorySaver(serde=make_serializer()))
    result = graph.invoke(
        {"requirement": REQUIREMENT, "settings": settings},
        {"configurable": {"thread_id": "bare"}},
        context=Context(sandbox=SandboxConfig()),
    )
    assert result["status"] == "succeeded"
    assert architect.calls == ["SystemDesign"]
    assert "SystemDesign" not in default.calls
    assert ("strong", 0.0, 7) in built and ("cheap", 0.0, 7) in built
    assert "retries" not in result  # the output schema hides the plumbing


def test_unknown_role_in_role_models_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown role"):
        RunSettings(role_models={"designer": "x"})
