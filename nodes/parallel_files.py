"""Engineer, in parallel: the files of one wave written side by side, one task each.

Subscribes to: what the Engineer reads (carried in each ``Send``). Publishes: ``code``,
``reviews``, ``messages`` for its file, and the file's path to ``engineer_queue`` (done).

Why: the files of a project that use none of each other (``nodes/file_waves.py``) need not
wait for each other. Each is its own LangGraph task (``Send``, map-reduce), as the
candidates are (``nodes/candidates.py``): a hosted model writes them concurrently; the
embedded model spreads them over ``engine_replicas`` copies of its engine (one llama.cpp
context runs one call at a time; two replicas measured 1.7x on the 1.5B), or takes them in
turn on one. Every finished file is a checkpointed write (LangGraph saves a finished task's
writes even if its step does not finish), so a kill mid-wave loses only the files being
written, and the queue (``state.reducers.update_queue``) still names exactly those.

Each file is written, reviewed and rewritten exactly as the serial Engineer does it
(``nodes.engineer.write_reviewed``). The tasks' writes are applied in the order they were
sent, which is path order, so ``reviews`` is the same whichever task finishes first.

Limits: a task checks the budget against what was spent before its wave plus its own calls,
so the k files of a wave may together spend up to k times what was left (the candidates
share this). The Engineer's ``usage.seconds`` adds the tasks' times, which overlap: it is
time spent writing, not wall time.
"""

from __future__ import annotations

from typing import Any, cast

from langgraph.runtime import Runtime
from langgraph.types import Send

from nodes.class_diagram import diagram_classes
from nodes.context import Context
from nodes.engineer import SUBSCRIBES, planned_files, write_reviewed
from nodes.file_waves import dependencies, next_wave
from nodes.llm import Ledger
from nodes.model_variants import with_fields
from nodes.role_node import Update, role_node
from state.schema import SopState

WRITER_READS = (*SUBSCRIBES, "settings", "usage", "feedback", "change")
"""What a file's task reads: the Engineer's subscriptions, its settings and budget spent,
the human's feedback on the code, if any, and in a change run the change request."""


def file_dependencies(state: SopState) -> dict[str, set[str]]:
    """Which planned files each planned file uses, by ``nodes.file_waves``' rule."""
    tasks, design = state.get("tasks"), state.get("design")
    descriptions: dict[str, str] = {}
    for item in tasks.logic_analysis if tasks else []:
        descriptions.setdefault(item.file, item.description)  # the one the Engineer is shown
    classes = diagram_classes(design.data_structures_and_interfaces) if design else {}
    return dependencies(planned_files(state), descriptions, classes)


def current_wave(state: SopState) -> list[str]:
    """The queued files that can be written now, in path order."""
    return next_wave(state.get("engineer_queue") or [], file_dependencies(state))


def file_sends(state: SopState) -> list[Send]:
    """One ``write_file`` task per file of the wave, each with what it reads, its slot in the
    wave (``replica``) and whether it is the last file of the round."""
    last = len(state.get("engineer_queue") or []) == 1  # the round's last file goes alone
    shared = {key: state[key] for key in WRITER_READS if key in state}  # type: ignore[literal-required]
    return [
        Send("write_file", shared | {"path": path, "slot": slot, "last": last})
        for slot, path in enumerate(current_wave(state))
    ]


def engine_replica(model: Any, slot: int, replicas: int) -> int | None:
    """The engine replica for the task in ``slot`` of a wave: ``slot mod replicas`` within
    the model's own block of replicas (a benchmark worker on replica ``w`` uses ``w·n`` to
    ``w·n + n - 1``, so parallel workers never share one); ``None``: the model has none."""
    base = getattr(model, "replica", None)
    return None if not isinstance(base, int) else base * replicas + slot % replicas


def write_one(state: dict[str, Any], runtime: Runtime[Context], ledger: Ledger) -> Update:
    """Write, review and rewrite one file of the wave; report it done in the queue."""
    replica = engine_replica(ledger.model, state["slot"], state["settings"].engine_replicas)
    if replica is not None and replica != getattr(ledger.model, "replica", None):
        ledger.model = with_fields(ledger.model, replica=replica)
    path: str = state["path"]
    update = write_reviewed(cast(SopState, state), ledger, path, last=state["last"])
    return update | {"engineer_queue": path}


write_file = role_node("write_file", "engineer", write_one, resume_at="engineer")  # type: ignore[arg-type]
"""A stopped task (budget, bad output) resumes at the Engineer, which sends the files still
queued again."""
