"""Framework overhead: ms per super-step of sopgraph's graph vs the bare LangGraph graph.

Both run the same scripted run (zero-latency model, stand-in test runner) on the same kind
of store, alternating run by run in one process so background load hits both alike.
"""

from __future__ import annotations

import statistics
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from time import perf_counter
from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.types import Durability

from benchmarks import scenarios
from benchmarks.bare_graph import bare_graph, open_plain_saver
from benchmarks.scripted import model_for, sop_graph
from checkpoints.savers import open_saver
from nodes.context import Context
from state.settings import RunSettings


@dataclass
class Timing:
    """One side's median run: wall milliseconds and super-steps (checkpoints after the input)."""

    ms_per_run: float
    steps: int

    @property
    def ms_per_step(self) -> float:
        return self.ms_per_run / self.steps


def _config() -> RunnableConfig:
    return {"configurable": {"thread_id": uuid.uuid4().hex}, "recursion_limit": 500}


def _steps(saver: BaseCheckpointSaver[Any], config: RunnableConfig) -> int:
    last = saver.get_tuple(config)
    assert last is not None, "the run wrote no checkpoint"
    return int(last.metadata.get("step", -1)) + 1


def run_sop_once(
    saver: BaseCheckpointSaver[Any], fix_rounds: int, durability: Durability = "async"
) -> tuple[float, int]:
    """One whole sopgraph run; returns (seconds, super-steps). ``durability`` as LangGraph's:
    ``async`` (its default, what the bare graph gets) or ``sync`` (what ``SopRunner`` uses)."""
    graph = sop_graph(saver, fix_rounds)
    context = Context(model=model_for(fix_rounds))
    settings = RunSettings(
        model="scripted",
        max_retries=max(fix_rounds, 1),
        max_test_revisions=0,
        candidates=1,
        fix_on="any",
        parallel_files=False,
    )  # the loop machinery and one file per step, as the bare graph has them
    config = _config()
    started = perf_counter()
    final = graph.invoke(
        {"requirement": scenarios.REQUIREMENT, "settings": settings},
        config,
        context=context,
        durability=durability,
    )
    seconds = perf_counter() - started
    if final.get("status") != "succeeded":
        raise RuntimeError(f"the scripted sopgraph run ended {final.get('status')}: {final.get('failure')}")
    return seconds, _steps(saver, config)


def run_bare_once(saver: BaseCheckpointSaver[Any], fix_rounds: int) -> tuple[float, int]:
    """One whole bare-graph run; returns (seconds, super-steps)."""
    graph = bare_graph(model_for(fix_rounds), saver, fix_rounds)
    config = _config()
    started = perf_counter()
    final = graph.invoke({"requirement": scenarios.REQUIREMENT}, config)
    seconds = perf_counter() - started
    if final.get("status") != "succeeded":
        raise RuntimeError(f"the bare run ended {final.get('status')}")
    return seconds, _steps(saver, config)


def _median(runs: list[tuple[float, int]]) -> Timing:
    steps = {s for _, s in runs}
    if len(steps) != 1:
        raise RuntimeError(f"runs took different numbers of steps: {sorted(steps)}")
    return Timing(ms_per_run=statistics.median(t for t, _ in runs) * 1000, steps=steps.pop())


def alternating(sides: list[Callable[[], tuple[float, int]]], runs: int) -> list[Timing]:
    """Each side's median over ``runs``: every side warmed up once (imports, schema
    compilation, table creation), then all run in turn, the order flipped every run, so
    background load hits them alike."""
    results: list[list[tuple[float, int]]] = [[] for _ in sides]
    for side in sides:
        side()
    for i in range(runs):
        order = list(zip(sides, results, strict=True))
        for side, out in order if i % 2 == 0 else order[::-1]:
            out.append(side())
    return [_median(r) for r in results]


def compare(url: str, plain_url: str, *, runs: int, fix_rounds: int) -> dict[str, Any]:
    """Alternate sopgraph and bare runs on one store kind; medians and the ratio."""
    with open_saver(url) as sop_saver, open_plain_saver(plain_url) as bare_saver:
        sop, bare = alternating(
            [partial(run_sop_once, sop_saver, fix_rounds), partial(run_bare_once, bare_saver, fix_rounds)],
            runs,
        )
    return {
        "sop_ms_per_run": round(sop.ms_per_run, 2),
        "sop_steps": sop.steps,
        "sop_ms_per_step": round(sop.ms_per_step, 3),
        "bare_ms_per_run": round(bare.ms_per_run, 2),
        "bare_steps": bare.steps,
        "bare_ms_per_step": round(bare.ms_per_step, 3),
        "ratio_per_step": round(sop.ms_per_step / bare.ms_per_step, 2),
        "ratio_per_run": round(sop.ms_per_run / bare.ms_per_run, 2),
        "runs": runs,
    }


def durability_cost(url: str, *, runs: int, fix_rounds: int) -> dict[str, Any]:
    """sopgraph on one store with each step's checkpoint saved before the next step starts
    (``sync``: ``SopRunner`` uses it, so a kill loses no finished step) against LangGraph's
    default (``async``: saved alongside the next step), alternating run by run."""
    with open_saver(url) as saver:
        synced, alongside = alternating(
            [
                partial(run_sop_once, saver, fix_rounds, "sync"),
                partial(run_sop_once, saver, fix_rounds, "async"),
            ],
            runs,
        )
    return {
        "sync_ms_per_step": round(synced.ms_per_step, 3),
        "async_ms_per_step": round(alongside.ms_per_step, 3),
        "steps": synced.steps,
        "ratio_sync_to_async": round(synced.ms_per_step / alongside.ms_per_step, 2),
        "runs": runs,
    }
