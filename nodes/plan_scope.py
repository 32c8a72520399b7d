"""The task plan writes the design's files and no others. No model call.

Why: the 1.5B ProjectManager invents files. In the contacts scenario's first step the design
listed `contacts.py` (the one file the requirement names) and the task list added
`format_contact.py`, `parse_contact.py` and `Contact.py` (function and class names as file
names); the Engineer wrote all four, and the change that followed planned and re-planned the
invented files until its JSON looped (docs/benchmarks.md section 6). SoftwareDev's Excel
project: a design of `main.py` alone, a task list of five files. The ProjectManager's card
says "use the design's file list exactly"; the file list is the Architect's, checked
against the requirement's names, so a task-list file outside it is dropped here, with its
logic item, and the publication says which. Kept besides the design's: a file the
requirement names (the design may have lost it; its check reports that) and, in a change
run, a file the project has (the plan names the files to modify).
"""

from __future__ import annotations

from nodes.name_checks import in_module, run_names
from state.artifacts import LogicItem, TaskPlan
from state.changes import change_of
from state.schema import SopState


def allowed_files(state: SopState) -> list[str]:
    """The files a plan may name: the design's, the requirement's, a change's existing ones."""
    design = state.get("design")
    allowed = list(design.file_list if design else [])
    allowed += run_names(state).modules
    if change_of(state) is not None:
        allowed += sorted(state.get("code") or {})
    return list(dict.fromkeys(allowed))


def _match(entry: str, allowed: list[str]) -> str | None:
    """The allowed path a task-list entry means: itself, ``calc`` for ``calc.py``, or the one
    allowed file of that name in another folder."""
    for candidate in (entry, f"{entry}.py"):
        if candidate in allowed:
            return candidate
    same_name = [path for path in allowed if in_module(path, entry.rsplit("/", 1)[-1])]
    return same_name[0] if len(same_name) == 1 else None


def within_design(state: SopState, plan: TaskPlan) -> tuple[TaskPlan, str]:
    """``plan`` without the files outside ``allowed_files``, and a note for the summary
    ("" when nothing was dropped). A plan whose every file is outside keeps the design's
    list in its place. Without a design file list (the Architect is switched off) the plan
    stays as it is."""
    design = state.get("design")
    if design is None or not design.file_list:
        return plan, ""
    allowed = allowed_files(state)
    kept: list[str] = []
    dropped: list[str] = []
    for entry in plan.task_list:
        match = _match(entry, allowed)
        if match is None and entry.endswith(".py"):
            dropped.append(entry)
        elif (match or entry) not in kept:
            kept.append(match or entry)
    if not dropped:
        return plan, ""
    task_list = kept or list(design.file_list)
    items = [item for item in plan.logic_analysis if item.file not in dropped] or [
        LogicItem(file=path, description="as the system design describes it") for path in task_list
    ]
    amended = plan.model_copy(update={"task_list": task_list, "logic_analysis": items})
    return amended, f"; left out (not files of the design): {', '.join(dropped)}"
