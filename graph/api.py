"""Start, resume and inspect runs: the Python API the CLI is a thin shell over.

Every check that can reject a request (empty requirement, unknown thread, a resume of a
finished run, an edited artifact that does not validate) runs *before* the graph is
invoked, so a rejected request leaves the checkpoint database exactly as it was.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.types import Command, StateSnapshot
from pydantic import ValidationError

from checkpoints.locks import thread_lock
from checkpoints.serde import TamperedCheckpoint as TamperedCheckpoint
from graph.branching import BranchPoint, check_branch, find_branch_point
from graph.builder import compile_graph
from graph.change_runs import change_folder, change_run
from graph.errors import RunRequestError, validate_requirement
from nodes.contained_write import EscapingPathError
from nodes.context import Context
from nodes.models.adaptive import explicit_method, settle_run
from nodes.sandbox import probe_isolation
from nodes.workspace import write_workspace
from state.artifacts import ARTIFACT_MODELS, CodeFile
from state.review import ReviewDecision
from state.schema import TERMINAL_STATUSES
from state.settings import RunSettings, StructuredMethod

Update = dict[str, Any]
OnUpdate = Callable[[str, Update], None]


def refuse_unisolated(settings: RunSettings) -> None:
    """Refuse, before the first paid call, a run that will execute generated code (QA's
    tests, or candidates chosen by execution) where no sandbox backend isolates it and the
    user did not opt in (``SOPGRAPH_SANDBOX_BACKEND=none``): the sandbox's one-line refusal
    as a refused request. Mid-run, the same refusal stops the run resumably instead."""
    if "qa_engineer" not in settings.roles and settings.candidates < 2:
        return
    refusal = probe_isolation().refusal
    if refusal:
        raise RunRequestError(refusal)


@dataclass
class RunOutcome:
    """Where a run stands after ``start`` or ``resume`` returned."""

    thread_id: str
    status: str
    values: dict[str, Any]
    review: dict[str, Any] | None = None
    """The review payload when the run is paused at a human review gate."""
    next_nodes: tuple[str, ...] = field(default_factory=tuple)


def validate_decision(snapshot: StateSnapshot, decision: ReviewDecision) -> None:
    """Check an edited artifact completely before the run sees it.

    LangGraph saves the resume value as a pending write before ``human_review`` runs, so an
    answer the node would refuse must be refused here: otherwise it is replayed by every
    later resume and the run is stuck at its gate. The checks are the ones the role's own
    output gets: each artifact's model, and for code each file a ``CodeFile`` (a vetted,
    Python-only path).
    """
    if decision.action != "edit" or decision.artifact is None:
        return
    payload = _review_payload(snapshot)
    gate = payload["gate"] if payload is not None else None
    if gate == "code":
        _validate_code_edit(decision.artifact)
        return
    if gate in ARTIFACT_MODELS:
        try:
            ARTIFACT_MODELS[gate].model_validate(decision.artifact)
        except ValidationError as error:
            raise RunRequestError(f"the edited {gate} is invalid at {_first_error(error)}") from None
    elif gate is not None:
        raise RunRequestError(f"the '{gate}' gate takes no edited artifact: approve or send feedback")


def _validate_code_edit(artifact: dict[str, Any]) -> None:
    for path, content in artifact.items():
        if not isinstance(path, str) or not isinstance(content, str):
            raise RunRequestError("an edited 'code' artifact must map file paths to file contents")
        try:
            checked = CodeFile(path=path, content=content)
        except ValidationError as error:
            reason = _first_error(error)
            raise RunRequestError(f"the edited code file {path!r} is invalid at {reason}") from None
        if checked.path != path:
            raise RunRequestError(f"the edited code file {path!r} must be named {checked.path!r}")


def _first_error(error: ValidationError) -> str:
    first = error.errors()[0]
    where = ".".join(str(p) for p in first["loc"])
    return " ".join(f"'{where}': {first['msg']}".split())


def _review_payload(snapshot: StateSnapshot) -> dict[str, Any] | None:
    for interrupt in snapshot.interrupts:
        if isinstance(interrupt.value, dict) and "gate" in interrupt.value:
            return interrupt.value
    return None


def plan_resume(
    snapshot: StateSnapshot,
    thread_id: str,
    *,
    decision: ReviewDecision | None = None,
    settings: RunSettings | None = None,
) -> Any:
    """What to feed the graph to continue this run, or ``RunRequestError`` if it cannot.

    Pure: no model, no writes, so the CLI calls it before loading a model.
    """
    values = snapshot.values
    if _review_payload(snapshot) is not None:
        if decision is None:
            raise RunRequestError(
                f"run '{thread_id}' waits for review: answer with approve, edit or feedback"
            )
        validate_decision(snapshot, decision)
        return Command(resume=decision.model_dump(), update={"settings": settings} if settings else None)
    if decision is not None:
        raise RunRequestError(f"run '{thread_id}' is not waiting for a review")
    status = values.get("status")
    if snapshot.next or (snapshot.tasks and status not in TERMINAL_STATUSES):
        # Killed mid-run: carry on from the last checkpoint. ``next`` leaves out tasks whose
        # writes were saved, so a kill after a step's writes but before the checkpoint that
        # applies them shows no ``next``; continuing applies those writes, nothing reruns.
        return None
    failure = values.get("failure")
    if status in ("failed_budget", "failed_error") and failure is not None:
        update: Update = {"status": "running", "failure": None}
        if settings is not None:
            update["settings"] = settings
        return Command(update=update, goto=failure.node)
    if status in TERMINAL_STATUSES:
        raise RunRequestError(f"run '{thread_id}' already finished with status '{status}'")
    raise RunRequestError(f"run '{thread_id}' has nothing left to do")


class SopRunner:
    """Runs the SOP graph on one checkpointer with one runtime context."""

    def __init__(self, checkpointer: BaseCheckpointSaver, context: Context | None = None) -> None:
        self.graph = compile_graph(checkpointer)
        self.checkpointer = checkpointer
        self.context = context
        self.on_start: Callable[[str, Any], None] | None = None
        """Told each node's name and input as it starts (LangGraph's ``tasks`` stream): a
        person watching a run sees what is being written now, not only what has been (the
        input names the file of a ``write_file`` task)."""
        self.structured_method: StructuredMethod | None = None
        """The user's structured-output method for every remote model (``--structured-method``);
        ``None``: ``$SOPGRAPH_STRUCTURED_METHOD``, else each endpoint's recorded or probed one."""
        self.on_notice: Callable[[str], None] | None = None
        """Told one line per remote model endpoint: the structured-output method in use."""

    @staticmethod
    def config(thread_id: str) -> RunnableConfig:
        return {"configurable": {"thread_id": thread_id}, "recursion_limit": 200}

    def snapshot(self, thread_id: str) -> StateSnapshot:
        """The latest checkpoint of a thread; ``RunRequestError`` if there is none."""
        if self.checkpointer.get_tuple(self.config(thread_id)) is None:
            raise RunRequestError(f"no run with thread id '{thread_id}' (see 'sopgraph runs')")
        return self.graph.get_state(self.config(thread_id))

    def export(self, thread_id: str, root: Path) -> Path:
        """Write a run's project folder under ``root`` from its latest checkpoint; returns it.

        The state is validated on load (``TamperedCheckpoint``) and every path again at the
        write, so a forged state is refused with one line and nothing is written.
        """
        values = self.snapshot(thread_id).values
        try:
            return write_workspace(root, values)
        except (EscapingPathError, ValueError) as error:  # or UnsafePathError
            raise RunRequestError(f"export of '{thread_id}' refused: {error}") from None

    def settle(self, settings: RunSettings) -> RunSettings:
        """``settings`` with the structured-output method of every remote model the run uses
        recorded (``nodes/models/adaptive.py``): probed now for an endpoint not yet recorded,
        kept for one that is (a resume asks the way the run started). Raises
        ``ModelUnavailable`` when a server cannot be used at all; nothing is written.
        Before any model is asked, a run that will execute generated code where no sandbox
        isolates it is refused (``refuse_unisolated``)."""
        refuse_unisolated(settings)
        if self.context is None:
            return settings
        models: dict[str, Any] = {role: self.context.model_for(role, settings) for role in settings.roles}
        settled, found = settle_run(settings, models, explicit_method(self.structured_method))
        for endpoint in found:
            if self.on_notice is not None:
                self.on_notice(endpoint.line())
        return settled

    def start(
        self,
        requirement: str,
        settings: RunSettings | None = None,
        *,
        thread_id: str | None = None,
        on_update: OnUpdate | None = None,
    ) -> RunOutcome:
        """Start a new run; returns when it finishes or pauses for review.

        The thread's lock covers the "is it taken" check and the run, so of simultaneous
        starts on one id exactly one runs (``ThreadBusyError`` for the others)."""
        text = validate_requirement(requirement)
        thread_id = thread_id or uuid.uuid4().hex[:12]
        with thread_lock(self.checkpointer, thread_id):
            if self.checkpointer.get_tuple(self.config(thread_id)) is not None:
                raise RunRequestError(f"thread id '{thread_id}' is taken: resume it or pick another")
            settings = self.settle(settings or RunSettings())
            payload = {"requirement": text, "settings": settings, "status": "running"}
            return self.drive(thread_id, payload, on_update)

    def resume(
        self,
        thread_id: str,
        *,
        decision: ReviewDecision | None = None,
        settings: RunSettings | None = None,
        on_update: OnUpdate | None = None,
    ) -> RunOutcome:
        """Continue a paused, killed, or budget/error-stopped run (planned under the thread's
        lock, so two resumes of one killed run cannot both pay for the rest)."""
        with thread_lock(self.checkpointer, thread_id):
            snapshot = self.snapshot(thread_id)
            plan_resume(snapshot, thread_id, decision=decision, settings=settings)  # refuse before probing
            before = settings or snapshot.values["settings"]
            settled = self.settle(before)
            if settled != before or settings is not None:
                settings = settled
            payload = plan_resume(snapshot, thread_id, decision=decision, settings=settings)
            return self.drive(thread_id, payload, on_update)

    def branch_point(self, thread_id: str) -> BranchPoint:
        """Where a finished run of this store can be branched (``RunRequestError`` if nowhere)."""
        return find_branch_point(self.graph.get_state_history(self.config(thread_id)), thread_id)

    def branch(
        self,
        source: SopRunner,
        source_thread: str,
        settings: RunSettings,
        *,
        point: BranchPoint | None = None,
        thread_id: str | None = None,
        on_update: OnUpdate | None = None,
    ) -> RunOutcome:
        """A new run that takes a finished run's state and carries on with roles added.

        ``source`` may use another store (a kept SQLite file read into a memory run). The
        source thread is only read. The new thread starts from the checkpoint before the
        source's ``finalize``, as written by the node that wrote it, so every finished step
        (and its usage) is carried over, not paid for again. ``point``: the source's
        ``branch_point``, when the caller already read it (to derive ``settings`` from it).
        """
        point = point or source.branch_point(source_thread)
        check_branch(point, settings, source_thread)
        settings = self.settle(settings)  # an added role may use a model not probed yet
        thread_id = thread_id or uuid.uuid4().hex[:12]
        with thread_lock(self.checkpointer, thread_id):  # the new thread; the source is only read
            if self.checkpointer.get_tuple(self.config(thread_id)) is not None:
                raise RunRequestError(f"thread id '{thread_id}' is taken: pick another")
            self.graph.update_state(
                self.config(thread_id), point.values | {"settings": settings}, as_node=point.as_node
            )
            return self.drive(thread_id, None, on_update)

    def change(
        self,
        source_thread: str,
        requirement: str,
        *,
        source: SopRunner | None = None,
        settings: RunSettings | None = None,
        thread_id: str | None = None,
        on_update: OnUpdate | None = None,
    ) -> RunOutcome:
        """A new run that changes the finished run ``source_thread`` (``source``: another
        store's runner; default this one) as ``requirement`` asks; the source is only read
        (``graph/change_runs.py``)."""
        return change_run(
            self, source or self, source_thread, requirement, settings=settings, thread_id=thread_id,
            on_update=on_update,
        )  # fmt: skip

    def change_folder(
        self,
        folder: Path,
        requirement: str,
        *,
        settings: RunSettings | None = None,
        thread_id: str | None = None,
        on_update: OnUpdate | None = None,
    ) -> RunOutcome:
        """A new run that changes the Python project in ``folder`` (never written to)."""
        return change_folder(
            self, folder, requirement, settings=settings, thread_id=thread_id, on_update=on_update
        )

    def drive(self, thread_id: str, payload: Any, on_update: OnUpdate | None = None) -> RunOutcome:
        """Feed ``payload`` (new input, ``None`` to continue, or a ``Command``) and run on,
        holding the thread's one-writer lock (``checkpoints.locks``; re-entrant, so callers
        that planned the payload under it keep it)."""
        with thread_lock(self.checkpointer, thread_id):
            return self._drive(thread_id, payload, on_update)

    def _drive(self, thread_id: str, payload: Any, on_update: OnUpdate | None) -> RunOutcome:
        if self.context is None:
            raise RuntimeError("a runtime context (the chat model) is needed to run the graph")
        config = self.config(thread_id)
        for mode, chunk in self._stream(payload, config):
            if mode == "tasks":
                if self.on_start is not None and "input" in chunk:  # a start event, not a result
                    self.on_start(str(chunk["name"]), chunk["input"])
                continue
            for node, update in chunk.items():
                if on_update is not None and isinstance(update, dict):
                    on_update(node, update)
        snapshot = self.graph.get_state(config)
        review = _review_payload(snapshot)
        return RunOutcome(
            thread_id=thread_id,
            status=snapshot.values.get("status", "running"),
            values=snapshot.values,
            review=review,
            next_nodes=tuple(snapshot.next),
        )

    def _stream(self, payload: Any, config: RunnableConfig) -> Iterator[tuple[str, dict[str, Any]]]:
        """Stream the run; ``durability="sync"`` saves each step's checkpoint before the next
        step starts (LangGraph's default, ``async``, saves it alongside, so a kill can lose a
        finished step and pay for its model calls again)."""
        stream = self.graph.stream(
            payload, config, context=self.context, stream_mode=["updates", "tasks"], durability="sync"
        )
        for mode, chunk in stream:  # with a list of modes LangGraph yields (mode, chunk) pairs
            yield str(mode), cast(dict[str, Any], chunk)
