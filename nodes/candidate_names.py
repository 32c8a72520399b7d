"""What a candidate of a file must define, and the finding when it does not. No model call.

Why a module of its own: ``nodes.candidates`` writes the candidates; this reads what binds
them: the requirement's names in the file (``nodes.code_name_checks``), and, in a file the
requirement does not name, the names and members the project's other files use of it
(``nodes.imported_members``). A candidate whose syntax tree shows one missing is asked once
more (``nodes.candidates.REDO``).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, cast

from nodes.auto_imports import is_test_path, module_of
from nodes.code_name_checks import file_name_problems
from nodes.imported_members import class_members, members_used
from nodes.name_checks import home_module, in_module, run_names
from nodes.suite_imports import defined_names
from state.acceptance import RequiredNames
from state.artifacts import CodeFile
from state.candidates import CandidateOrder
from state.schema import SopState
from state.syntax_tree import parsed_module


def named_by_requirement(names: RequiredNames, path: str) -> bool:
    """Does the requirement name this file? Then its own names define the file's interface,
    and what the SOP's other files import from it is only a request: the project
    benchmark's units run at e62faa0, told that ``main.py`` uses ``LengthConverter.convert``
    and asked again without it, turned five of six candidates' module-level ``convert``
    (which the requirement names) into that class's method (3/7 at 056c1c1, 2/7 there)."""
    return any(in_module(path, module) for module in names.modules)


def keeps_asked(names: RequiredNames, path: str, keeps: list[str]) -> list[str]:
    """The names other files import from ``path`` that a candidate is asked for: in a file
    the requirement names, only those the requirement does not state itself (its own names
    are in the requirement the candidate is written from; listed again as "also define" they
    would read as a second definition). Elsewhere, all of them."""
    if not named_by_requirement(names, path):
        return keeps
    stated = set(names.functions) | set(names.classes)
    return [name for name in keeps if name not in stated]


def members_wanted(
    names: RequiredNames, path: str, keeps: list[str], code: Mapping[str, CodeFile]
) -> dict[str, list[str]]:
    """For each name the other files import from ``path``, the members they use of it; none
    in a file the requirement names (``named_by_requirement``)."""
    if named_by_requirement(names, path):
        return {}
    others = {
        other: file.content for other, file in code.items() if other != path and not is_test_path(other)
    }
    return {name: members_used(module_of(path), name, others) for name in keeps}


def names_lacking(state: dict[str, Any], order: CandidateOrder, content: str) -> str | None:
    """The names this candidate must define and does not, as one finding: the
    requirement's, and those the project's other files import from it (``order.keeps``).

    Why: in the project benchmark's run at 056c1c1, four of the five candidates of the
    tic-tac-toe and 2048 modules wrapped the required functions in a class (``Game.winner``),
    and lost like a crash, leaving selection one version to ship; SoftwareDev's snake
    candidates lacked the ``Game.start`` its ``main.py`` calls. Of the requirement's names
    only those that belong in this file count: its own functions, and, when it is the
    requirement's one module, its classes (``nodes.code_name_checks``). What the other files
    import counts only in a file the requirement does not name (``named_by_requirement``).
    A function-level run names no module, so nothing changes there."""
    problems: list[str] = []
    names = run_names(cast(SopState, state))
    if not names.is_empty():
        home = home_module(names)
        own_module = home is not None and in_module(order.path, home)
        version = {order.path: CodeFile(path=order.path, content=content)}
        problems += file_name_problems(names, version, order.path, own_module)
    if named_by_requirement(names, order.path):
        return "; ".join(problems) or None  # the requirement's names, not the importers', bind it
    defined = defined_names(content)
    if defined is not None and (missing := [name for name in order.keeps if name not in defined]):
        listed = ", ".join(f"`{name}`" for name in missing)
        problems.append(f"the project's other files import {listed} from `{order.path}`: define them")
    problems += _members_lacking(order, content)
    return "; ".join(problems) or None


def _members_lacking(order: CandidateOrder, content: str) -> list[str]:
    """Members the other files use of a class this candidate defines without them."""
    tree = parsed_module(content)
    if tree is None:
        return []
    lacking = []
    for name, members in order.members.items():
        defined = class_members(tree, name)
        missing = [m for m in members if defined is not None and m not in defined]
        if missing:
            listed = ", ".join(f"`{name}.{member}`" for member in missing)
            lacking.append(f"the project's other files use {listed}, which `{order.path}` does not define")
    return lacking
