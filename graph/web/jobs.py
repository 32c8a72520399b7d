"""Runs the page started or answered: each drives ``SopRunner`` in a background thread.

A request only checks and hands over: the graph runs for minutes, and a page must answer at
once. Each job gets its own ``SopRunner`` (its ``on_start`` hook tells which node is at
work, for the highlighted graph), so two runs never share a hook. The runner takes the
thread's one-writer lock as the CLI does, so a page and a terminal cannot drive one run at
once; a refusal or a crash is kept as the job's error and shown on the run page.
"""

from __future__ import annotations

import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver

from graph.api import OnUpdate, RunOutcome, SopRunner
from nodes.context import Context
from state.errors import RunRequestError

Drive = Callable[[SopRunner, OnUpdate], RunOutcome]
"""Drives one thread on the runner given, telling ``on_update`` each finished node."""


@dataclass
class Job:
    """One background drive of one thread."""

    thread_id: str
    what: str
    running: list[str] = field(default_factory=list)
    """Nodes started and not yet finished (LangGraph's ``tasks`` stream)."""
    error: str | None = None
    done: bool = False


class Jobs:
    """The background drives of this server, by thread id (the latest per thread)."""

    def __init__(self, saver: BaseCheckpointSaver[Any], context: Context) -> None:
        self.saver = saver
        self.context = context
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []

    def get(self, thread_id: str) -> Job | None:
        with self._lock:
            return self._jobs.get(thread_id)

    def busy(self, thread_id: str) -> bool:
        job = self.get(thread_id)
        return job is not None and not job.done

    def submit(self, thread_id: str, what: str, drive: Drive) -> Job:
        """Run ``drive`` on a fresh runner in a daemon thread; refused if one already runs."""
        with self._lock:
            current = self._jobs.get(thread_id)
            if current is not None and not current.done:
                raise RunRequestError(f"run '{thread_id}' is already being driven from this page")
            job = self._jobs[thread_id] = Job(thread_id=thread_id, what=what)
        worker = threading.Thread(
            target=self._work, args=(job, drive), name=f"sopgraph-{thread_id}", daemon=True
        )
        self._threads.append(worker)
        worker.start()
        return job

    def _work(self, job: Job, drive: Drive) -> None:
        runner = SopRunner(self.saver, self.context)

        def started(node: str, _input: Any) -> None:
            job.running.append(node)

        def finished(node: str, _update: Any) -> None:
            if node in job.running:
                job.running.remove(node)

        runner.on_start = started
        try:
            drive(runner, finished)
        except RunRequestError as error:
            job.error = str(error)
        except Exception as error:  # shown on the page: the server must outlive a run's crash
            job.error = f"{type(error).__name__}: {error}"
            traceback.print_exc()
        finally:
            job.running.clear()
            job.done = True

    def wait(self, timeout: float = 60.0) -> None:
        """Wait for every job (tests, and a clean shutdown)."""
        for worker in list(self._threads):
            worker.join(timeout)
