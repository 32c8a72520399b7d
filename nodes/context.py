"""Runtime context: what each run is configured with but never checkpointed.

A chat model is a live object (an HTTP client, a loaded GGUF), so it travels in LangGraph's
``context_schema`` rather than in state. Whoever resumes a run passes a context again. When
no model object is given (``langgraph dev``, or a bare ``graph.invoke``), the model is
built from the spec strings the run's settings carry, once per process.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from nodes.sandbox_config import SandboxConfig
from state.settings import RunSettings


@lru_cache(maxsize=8)
def model_from_spec(spec: str, temperature: float, seed: int | None) -> BaseChatModel:
    """Build (once per process) the chat model a spec string names."""
    from nodes.models.registry import load_chat_model

    return load_chat_model(spec, temperature=temperature, seed=seed)


@dataclass(kw_only=True)
class Context:
    """Per-run configuration handed to every node through ``Runtime[Context]``."""

    model: BaseChatModel | None = None
    """The chat model every role uses unless ``role_models`` names another; ``None``: build
    it from ``settings.model``."""

    role_models: Mapping[str, BaseChatModel] = field(default_factory=dict)
    """Per-role overrides: a stronger Architect, a cheaper reviewer."""

    workspace: Path | None = None
    """Where the finished project is written; ``None`` keeps it in state only."""

    sandbox: SandboxConfig = field(default_factory=SandboxConfig)
    """Bounds for running generated tests."""

    def model_for(self, role: str, settings: RunSettings) -> BaseChatModel:
        """The model a role talks to: an explicit object first, else the settings' spec."""
        if role in self.role_models:
            return self.role_models[role]
        if role in settings.role_models:
            return model_from_spec(settings.role_models[role], settings.temperature, settings.seed)
        if self.model is not None:
            return self.model
        return model_from_spec(settings.model, settings.temperature, settings.seed)
