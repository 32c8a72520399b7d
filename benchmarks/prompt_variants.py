"""The run loop the prompt-variant benchmarks share (``benchmarks.candidate_prompts`` for
HumanEval and MBPP, ``benchmarks.project_prompts`` for the projects).

Why its own module: both ask every item once per variant and seed on one model, append a
row as each answer is graded (so a killed run continues where it stopped) and sample with the
seed only when a temperature is given; kept in one place, the two stay paired the same way.
"""

from __future__ import annotations

import concurrent.futures as cf
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel

from benchmarks import report
from benchmarks.results import ResultLog
from benchmarks.workers import WorkerModels
from nodes.model_variants import with_fields

Item = TypeVar("Item")
RunOne = Callable[[Item, str, BaseChatModel, int], dict[str, Any]]
"""Answer and grade one item in one variant: ``(item, variant, model, sample) -> row``."""


def run_variants(
    items: Sequence[Item],
    name_of: Callable[[Item], str],
    variants: Sequence[str],
    seeds: Sequence[int],
    *,
    model: BaseChatModel,
    run_one: RunOne[Item],
    log: ResultLog,
    temperature: float,
    jobs: int,
    commit: str,
    label: str,
) -> None:
    """Every (item, variant, seed) the log does not hold yet, ``jobs`` at a time."""
    done = {(row["task_id"], row["variant"], row.get("sample", 0)) for row in log.rows()}
    todo = [(i, v, s) for i in items for v in variants for s in seeds if (name_of(i), v, s) not in done]
    workers = WorkerModels({0: model}, max(1, jobs))

    def leased(item: Item, variant: str, seed: int) -> dict[str, Any]:
        with workers.lease() as worker:
            if not temperature:
                return run_one(item, variant, worker, 0)
            return run_one(item, variant, with_fields(worker, temperature=temperature, seed=seed), seed)

    with report.progress() as progress, cf.ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        bar = progress.add_task(label, total=len(todo))
        for future in cf.as_completed([pool.submit(leased, i, v, s) for i, v, s in todo]):
            log.append(future.result() | {"commit": commit})
            progress.advance(bar)
