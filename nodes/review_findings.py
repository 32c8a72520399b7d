"""What the Engineer's review of a file finds without a model call, in the order asked.

Why a module: each check below was added for a run that failed on it (a syntax error, a
made-up import, a name the other files import and the file lacks, a member its classes call
and never define, a name hidden behind a star import, a name the requirement fixes), and each
is cheaper and surer than the model's review. The first check that finds something sends the
file back (LBTM) with that finding alone; the requirement's names are asked last, all at
once. Only a file with no finding goes to the model's review (``nodes.engineer``).
"""

from __future__ import annotations

from collections.abc import Collection

from nodes.code_checks import static_problem
from nodes.code_name_checks import file_name_problems
from nodes.lacking_members import lacking_members_problem
from nodes.name_checks import run_names
from nodes.star_import_review import star_import_problem
from nodes.suite_imports import import_names_problem, imported_names_problem
from state.artifacts import CodeFile
from state.schema import SopState


def _name_problems(state: SopState, path: str, content: str, last: bool) -> list[str]:
    """The requirement's names this file must hold and does not (``nodes/code_name_checks.py``);
    names no file is assigned are asked of the ``last`` file, once all others exist."""
    names = run_names(state)
    if names.is_empty():
        return []
    code = {**(state.get("code") or {}), path: CodeFile(path=path, content=content)}
    return file_name_problems(names, code, path, last)


def review_findings(
    state: SopState, path: str, content: str, project_modules: Collection[str], last: bool
) -> list[str]:
    """The findings that send ``content`` back as ``path`` (empty: the model reviews it)."""
    written = state.get("code") or {}
    problem = (
        static_problem(content, path, state["settings"].scope, project_modules)
        or import_names_problem(path, content, written)
        or imported_names_problem(path, content, written)
        or lacking_members_problem(path, content, written)
        or star_import_problem(path, content, written)
    )
    return [problem] if problem is not None else _name_problems(state, path, content, last)
