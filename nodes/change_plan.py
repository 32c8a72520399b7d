"""A change's plan names every file the change puts a new function in. No model call.

Why: the ``units`` change ("`c_to_k(c: float) -> float` in `units.py` ... and a `c2k`
command in `main.py`") came back from the 1.5B ProjectManager with only ``main.py`` planned.
Files outside the plan stay byte-identical, so ``units.py`` could not get ``c_to_k``; the
Engineer's ``main.py`` imported it all the same, and every old and new hidden test failed
on that import (docs/benchmarks.md, the change rows). Where the change's text says which file
a function it names goes in (``state.required_names.stated_homes``) and that file does not
define it yet, the file joins the plan here, first (it is what the others import), with a
line saying what to add. The ProjectManager's own items are kept as written.
"""

from __future__ import annotations

from collections.abc import Mapping

from nodes.bound_names import top_level_names
from nodes.name_checks import in_module
from state.artifacts import CodeFile, LogicItem, TaskPlan
from state.changes import change_of
from state.required_names import required_names, stated_homes
from state.schema import SopState
from state.syntax_tree import parsed_module


def _defines(code: Mapping[str, CodeFile], path: str, name: str) -> bool:
    tree = parsed_module(code[path].content) if path in code else None
    return tree is not None and name in top_level_names(tree)


def _file_for(module: str, code: Mapping[str, CodeFile], plan: TaskPlan) -> str:
    """The project path of ``units.py``: an existing or planned file of that name, else it."""
    for path in [*plan.task_list, *sorted(code)]:
        if in_module(path, module):
            return path
    return module


def unplanned_homes(state: SopState, plan: TaskPlan) -> dict[str, list[str]]:
    """Files the change names a new function in, which the plan leaves out: path ->
    the signatures to add there."""
    requirement = state.get("requirement") or ""
    code = state.get("code") or {}
    signatures = required_names(requirement).functions
    missing: dict[str, list[str]] = {}
    for function, module in stated_homes(requirement).items():
        path = _file_for(module, code, plan)
        if function not in signatures or path in plan.task_list or _defines(code, path, function):
            continue
        missing.setdefault(path, []).append(signatures[function])
    return missing


def with_named_homes(state: SopState, plan: TaskPlan) -> tuple[TaskPlan, str]:
    """In a change run, ``plan`` with the files of ``unplanned_homes`` added first, and a note
    for the publication's summary; any other plan as it is."""
    if change_of(state) is None:
        return plan, ""
    missing = unplanned_homes(state, plan)
    if not missing:
        return plan, ""
    added = [
        LogicItem(file=path, description=f"add {', '.join(signatures)}, which the change names here")
        for path, signatures in missing.items()
    ]
    amended = plan.model_copy(
        update={
            "task_list": [*missing, *plan.task_list],
            "logic_analysis": [*added, *plan.logic_analysis],
        }
    )
    return amended, f"; planned too (the change names a new function there): {', '.join(missing)}"
