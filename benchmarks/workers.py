"""Parallel benchmark workers that each own a model.

A llama.cpp context runs one call at a time, so tasks in parallel need one engine replica
each (``LocalChatModel.replica``); the weights are memory-mapped and shared. Measured on
2 cores with 1 thread per engine: two replicas give 1.94x the tokens per second of one on
the 0.5B and 1.67x on the 1.5B, with byte-identical greedy output (docs/benchmarks.md).
"""

from __future__ import annotations

import queue
from collections.abc import Iterator
from contextlib import contextmanager

from langchain_core.language_models import BaseChatModel


def worker_copies(model: BaseChatModel, jobs: int) -> list[BaseChatModel]:
    """One model per worker: local models get their own engine replica, others are shared."""
    if "replica" not in type(model).model_fields:
        return [model] * jobs
    return [model.model_copy(update={"replica": slot}) for slot in range(jobs)]


class WorkerModels:
    """Lends each running task a free worker slot's model, per sample seed."""

    def __init__(self, models: dict[int, BaseChatModel], jobs: int) -> None:
        self._copies = {sample: worker_copies(model, jobs) for sample, model in models.items()}
        self._free: queue.Queue[int] = queue.Queue()
        for slot in range(jobs):
            self._free.put(slot)

    @contextmanager
    def lease(self, sample: int = 0) -> Iterator[BaseChatModel]:
        slot = self._free.get()
        try:
            yield self._copies[sample][slot]
        finally:
            self._free.put(slot)
