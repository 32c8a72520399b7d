"""Runtime context: what each run is configured with but never checkpointed.

A chat model is a live object (an HTTP client, a loaded GGUF), so it travels in LangGraph's
``context_schema`` rather than in state. Whoever resumes a run passes a context again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.language_models import BaseChatModel

from nodes.sandbox_config import SandboxConfig


@dataclass(kw_only=True)
class Context:
    """Per-run configuration handed to every node through ``Runtime[Context]``."""

    model: BaseChatModel
    """The chat model every role uses unless ``role_models`` names another."""

    role_models: Mapping[str, BaseChatModel] = field(default_factory=dict)
    """Per-role overrides: a stronger Architect, a cheaper reviewer."""

    workspace: Path | None = None
    """Where the finished project is written; ``None`` keeps it in state only."""

    sandbox: SandboxConfig = field(default_factory=SandboxConfig)
    """Bounds for running generated tests."""

    def model_for(self, role: str) -> BaseChatModel:
        """The model a role talks to."""
        return self.role_models.get(role, self.model)
