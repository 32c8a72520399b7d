"""Write a run's project folder from its state: docs, diagrams, artifact JSON, code, tests.

Only a function of the state, so ``sopgraph export`` from a checkpoint and the
``finalize`` node write the same bytes. Every path the model chose is checked again
before anything touches the disk.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from nodes.sandbox import check_generated_path
from state.render import (
    design_markdown,
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
    return files


def project_folder(root: Path, state: Mapping[str, Any]) -> Path:
    """``root/<project_name>`` (``root/project`` when no PRD was written)."""
    prd = state.get("prd")
    return root / (prd.project_name if prd is not None else "project")


def write_workspace(root: Path, state: Mapping[str, Any]) -> Path:
    """Write the project folder under ``root``; returns it. Idempotent."""
    folder = project_folder(root, state)
    for relative, text in project_files(state).items():
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
    return folder
