"""Where a real run's wall time goes: inside the model, in the sandbox, or in the engine.

A callback on the chat model clocks every call from start to end; the sandbox's own report
gives its time; what is left is sopgraph + LangGraph + checkpointing + prompt building.
"""

from __future__ import annotations

import tempfile
from time import perf_counter
from typing import Any
from uuid import UUID

from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models import BaseChatModel

from benchmarks.report import model_conditions
from checkpoints.savers import open_saver
from graph.api import SopRunner
from nodes.context import Context
from state.settings import ALL_ROLES, Role, RunSettings

REQUIREMENT = "Write a command-line program that counts the words in a text file"


class ModelClock(BaseCallbackHandler):
    """Sums the wall time of every model call made through the model it is attached to."""

    def __init__(self) -> None:
        self.seconds = 0.0
        self.calls = 0
        self._started: dict[UUID, float] = {}

    def on_chat_model_start(
        self, serialized: dict[str, Any], messages: Any, *, run_id: UUID, **kw: Any
    ) -> None:
        self._started[run_id] = perf_counter()

    def on_llm_end(self, response: Any, *, run_id: UUID, **kw: Any) -> None:
        self._stop(run_id)

    def on_llm_error(self, error: BaseException, *, run_id: UUID, **kw: Any) -> None:
        self._stop(run_id)

    def _stop(self, run_id: UUID) -> None:
        started = self._started.pop(run_id, None)
        if started is not None:
            self.seconds += perf_counter() - started
            self.calls += 1


def measure_share(
    spec: str,
    requirement: str = REQUIREMENT,
    seed: int = 0,
    *,
    model: BaseChatModel | None = None,
    roles: tuple[Role, ...] = ALL_ROLES,
    max_retries: int = 3,
) -> dict[str, Any]:
    """One whole SOP run on ``spec`` (or the given ``model``); seconds and shares by where they went."""
    if model is None:
        from nodes.models.registry import load_chat_model

        model = load_chat_model(spec, temperature=0.0, seed=seed)
    clock = ModelClock()
    model.callbacks = [clock]
    started = perf_counter()
    # The default store of a real run: a SQLite file, so checkpoint writes are in the engine's share.
    with tempfile.TemporaryDirectory() as folder, open_saver(f"sqlite:///{folder}/run.db") as saver:
        outcome = SopRunner(saver, Context(model=model)).start(
            requirement, RunSettings(model=spec, roles=roles, max_retries=max_retries)
        )
    wall = perf_counter() - started
    sandbox = sum(r.duration_s for r in outcome.values.get("test_reports") or [])
    engine = wall - clock.seconds - sandbox
    return {
        "model": spec,
        **model_conditions(model),
        "requirement": requirement,
        "roles": ",".join(roles),
        "store": "sqlite file",
        "max_retries": max_retries,
        "status": outcome.status,
        "failure": failure.message[:300] if (failure := outcome.values.get("failure")) else None,
        "wall_seconds": round(wall, 2),
        "model_seconds": round(clock.seconds, 2),
        "model_calls": clock.calls,
        "sandbox_seconds": round(sandbox, 2),
        "engine_seconds": round(engine, 3),
        "outside_model_share": round(1 - clock.seconds / wall, 4),
        "engine_share": round(engine / wall, 4),
    }
