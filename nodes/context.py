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

    model: BaseChatModel | str | None = None
    """The chat model every role uses unless ``role_models`` names another; ``None``: build
    it from ``settings.model``. A spec string (``"openai:gpt-4o-mini"``) is what a client of
    ``langgraph dev`` can send in ``context``; it is checked when the context is made (a bad
    spec is one ``ModelSpecError`` line, not an ``AttributeError`` deep in a role) and built
    with the run's temperature and seed."""

    role_models: Mapping[str, BaseChatModel | str] = field(default_factory=dict)
    """Per-role overrides: a stronger Architect, a cheaper reviewer (objects or spec strings)."""

    workspace: Path | None = None
    """Where the finished project is written; ``None`` keeps it in state only."""

    sandbox: SandboxConfig = field(default_factory=SandboxConfig)
    """Bounds for running generated tests."""

    def __post_init__(self) -> None:
        if isinstance(self.model, str) and not self.model.strip():
            self.model = None  # no model named: the settings' spec, as without a context
        for given in (self.model, *self.role_models.values()):
            check_model(given)

    def model_for(self, role: str, settings: RunSettings) -> BaseChatModel:
        """The model a role talks to: an explicit object first, else the settings' spec."""
        if role in self.role_models:
            return _built(self.role_models[role], settings)
        if role in settings.role_models:
            return model_from_spec(settings.role_models[role], settings.temperature, settings.seed)
        if self.model is not None:
            return _built(self.model, settings)
        return model_from_spec(settings.model, settings.temperature, settings.seed)


def check_model(given: object) -> None:
    """Refuse, in one line, a spec string that names no usable model (``ModelSpecError``, a
    ``ValueError``); a model object is taken as it is."""
    if isinstance(given, str):
        model_from_spec(given.strip(), 0.0, 0)


def _built(given: BaseChatModel | str, settings: RunSettings) -> BaseChatModel:
    if isinstance(given, str):
        return model_from_spec(given.strip(), settings.temperature, settings.seed)
    return given
