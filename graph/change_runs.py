"""Start a change run: from a finished run (``SopRunner.change``) or a folder (``change_folder``).

Both write the new thread's first checkpoint with LangGraph's ``update_state``, as written
by ``read_requirement`` (``graph.changes.SEED_NODE``), then drive it like any run; that
first checkpoint already names the next node, so a run killed at any point after it
resumes with ``sopgraph resume``. Every refusal (an empty requirement, a source that is not
finished, a folder that is no Python project or too large) comes before that write, so a
refused change leaves the store and the disk as they were. The source is only read.
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

from checkpoints.locks import thread_lock
from graph.changes import (
    SEED_NODE,
    carried_tests,
    change_request_of_run,
    change_seed,
    check_changeable,
    next_change_number,
    outline,
    passed_old_tests,
)
from graph.errors import RunRequestError, validate_requirement
from graph.project_folder import ProjectFolder, check_fits, read_project
from nodes.prompt_budget import prompt_char_budget
from nodes.run_tests import run_suite
from state.acceptance import AcceptanceSuite
from state.changes import ChangeRequest
from state.settings import RunSettings

if TYPE_CHECKING:  # graph.api imports this module
    from graph.api import OnUpdate, RunOutcome, SopRunner


def change_run(
    runner: SopRunner,
    source: SopRunner,
    source_thread: str,
    requirement: str,
    *,
    settings: RunSettings | None = None,
    thread_id: str | None = None,
    on_update: OnUpdate | None = None,
) -> RunOutcome:
    """A new thread that changes the finished run ``source_thread`` (in ``source``'s store)."""
    validate_requirement(requirement)
    snapshot = source.snapshot(source_thread)
    check_changeable(snapshot, source_thread)
    values: dict[str, Any] = dict(snapshot.values)
    if settings is not None:
        values["settings"] = settings
    seed = change_seed(values, requirement, change_request_of_run(values, source_thread))
    return _start(runner, seed, thread_id, on_update)


def change_folder(
    runner: SopRunner,
    folder: Path | ProjectFolder,
    requirement: str,
    *,
    settings: RunSettings | None = None,
    thread_id: str | None = None,
    on_update: OnUpdate | None = None,
) -> RunOutcome:
    """A new thread that changes the Python project in ``folder`` (read, never written).

    Its old tests run once on its code first, in the sandbox: those that pass are trusted."""
    validate_requirement(requirement)
    project = folder if isinstance(folder, ProjectFolder) else read_project(folder)
    settings = settings or RunSettings()
    if runner.context is None:
        raise RuntimeError("a runtime context (the chat model) is needed to run the graph")
    check_fits(project, prompt_char_budget(runner.context.model_for("engineer", settings)))
    settings = runner.settle(settings)  # every refusal of the run's models before the folder's tests run
    change = ChangeRequest(
        number=next_change_number(project.tests, None),
        source_kind="folder",
        source=str(project.root.resolve()),
        readme=project.readme,
        outline=outline(project.code),
        files_before=sorted({*project.code, *carried_tests(project.tests)}),
        passed_before=_passing_before(runner, project, settings),
    )
    values = {"settings": settings, "code": project.code, "tests": project.tests}
    return _start(runner, change_seed(values, requirement, change), thread_id, on_update)


def _passing_before(runner: SopRunner, project: ProjectFolder, settings: RunSettings) -> list[str]:
    """The folder's own tests run on its own code: the node ids that pass."""
    if not project.tests or runner.context is None:
        return []
    state: dict[str, Any] = {"tests": project.tests, "acceptance": AcceptanceSuite(), "settings": settings}
    report = run_suite(project.code, state, runner.context.sandbox)  # type: ignore[arg-type]
    return passed_old_tests(report, project.tests)


def _start(
    runner: SopRunner, seed: dict[str, Any], thread_id: str | None, on_update: OnUpdate | None
) -> RunOutcome:
    """Write the change's first checkpoint on a new thread and run it."""
    thread_id = thread_id or uuid.uuid4().hex[:12]
    with thread_lock(runner.checkpointer, thread_id):
        if runner.checkpointer.get_tuple(runner.config(thread_id)) is not None:
            raise RunRequestError(f"thread id '{thread_id}' is taken: pick another")
        seed["settings"] = runner.settle(seed["settings"])
        runner.graph.update_state(runner.config(thread_id), seed, as_node=SEED_NODE)
        return runner.drive(thread_id, None, on_update)
