"""Write a run's project folder from its state: docs, diagrams, artifact JSON, code, tests.

Only a function of the state, so ``sopgraph export`` from a checkpoint and the
``finalize`` node write the same bytes. Every path the model chose is checked again
before anything touches the disk, and again at the write itself: the state may come from
a checkpoint store someone else could write, so neither ``prd.project_name`` nor a code
file's name is trusted to stay inside the workspace (see ``nodes.contained_write``).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from nodes.contained_write import EscapingPathError, contained_parts, write_contained
from nodes.sandbox import check_generated_path
from state.change_report import change_markdown, change_summary
from state.render import (
    design_markdown,
    log_markdown,
    prd_markdown,
    run_report_markdown,
    selection_markdown,
    tasks_markdown,
    test_report_markdown,
)


def project_files(state: Mapping[str, Any]) -> dict[str, str]:
    """Relative path -> text for everything the workspace holds."""
    files: dict[str, str] = {}
    prd, design, tasks = state.get("prd"), state.get("design"), state.get("tasks")
    if prd is not None:
        files["docs/prd.md"] = prd_markdown(prd)
        files["docs/competitive_quadrant_chart.mmd"] = prd.competitive_quadrant_chart + "\n"
    if design is not None:
        files["docs/system_design.md"] = design_markdown(design)
        files["docs/data_structures.mmd"] = design.data_structures_and_interfaces + "\n"
        files["docs/program_call_flow.mmd"] = design.program_call_flow + "\n"
    if tasks is not None:
        files["docs/tasks.md"] = tasks_markdown(tasks)
    for name in ("prd", "design", "tasks", "qa_report"):
        value = state.get(name)
        if isinstance(value, BaseModel):
            files[f"docs/json/{name}.json"] = value.model_dump_json(indent=2) + "\n"
    for channel in ("code", "tests"):
        for path, code_file in sorted((state.get(channel) or {}).items()):
            files[check_generated_path(path)] = code_file.content
    reports = state.get("test_reports") or []
    if reports or state.get("qa_report") is not None:
        files["docs/test_report.md"] = test_report_markdown(reports, state.get("qa_report"))
    settings = state.get("settings")
    files["docs/run_report.md"] = run_report_markdown(
        state.get("usage") or {},
        state.get("status", "running"),
        settings.budget_usd if settings is not None else None,
    )
    selection = state.get("selection")
    if selection is not None:
        files["docs/run_report.md"] += "\n" + selection_markdown(selection)
    if state.get("change") is not None:  # a change run: which files changed, why, and each diff
        files["docs/run_report.md"] += "\n" + change_summary(state)
        files["docs/changes.md"] = change_markdown(state)
    if messages := state.get("messages"):
        files["docs/run_report.md"] += "\n" + log_markdown(messages)
    return files


def project_name(state: Mapping[str, Any]) -> str:
    """The project's folder name, relative to the workspace root, checked by the generated-path
    rules: ``EscapingPathError`` for ``/abs/path``, ``../../x``, ``.git`` and the like."""
    prd = state.get("prd")
    name = getattr(prd, "project_name", None) if prd is not None else "project"
    if not isinstance(name, str):
        raise EscapingPathError(f"refused project name {name!r}: not a string")
    try:
        return "/".join(contained_parts(name))
    except EscapingPathError as error:
        raise EscapingPathError(f"refused project name {name!r}: {error}") from None


def project_folder(root: Path, state: Mapping[str, Any]) -> Path:
    """``root/<project_name>`` (``root/project`` when no PRD was written), refused unless it
    resolves inside ``root`` (symlinks followed)."""
    folder = root / project_name(state)
    if not folder.resolve().is_relative_to(root.resolve()):
        raise EscapingPathError(f"refused project folder {str(folder)!r}: it resolves outside {str(root)!r}")
    return folder


def write_workspace(root: Path, state: Mapping[str, Any]) -> Path:
    """Write the project folder under ``root``; returns it. Idempotent.

    Every file is written by ``write_contained`` from ``root`` down, so no folder on the way
    (the project folder included) may be a symlink; a bad name writes nothing at all.
    """
    folder = project_folder(root, state)
    name = project_name(state)
    write_contained(root, {f"{name}/{relative}": text for relative, text in project_files(state).items()})
    return folder
