"""Are the names the requirement fixes kept in the design? No model call. (The code's
check is ``nodes.code_name_checks``; the helpers both use are here.)

Why: a requirement asking for ``c_to_f(c: float) -> float`` in ``units.py`` came back with
the Architect turning it into ``UnitConverter.cToF`` and the Engineer following the design,
so a user's ``from units import c_to_f`` failed whatever the code did (issue 22, part 0).
A check on the class diagram, the file list and the syntax tree finds that for free, and
its message names what is missing, so the role that made the mismatch can put it right.

Choices, each the lenient one where a user's import still works:
- a required module is matched by file name at any folder depth (``units.py`` is kept by
  ``units.py`` or ``pkg/units.py``): ``required_names`` records bare file names only, and
  where the project puts the file is the design's business. Test files (``test_*.py``)
  are QA's, never the design's or the Engineer's, so they are not required here.
- a function the requirement names may also be a method of a class the requirement itself
  names (``class Account`` with `` `deposit(amount)` ``): its prose cannot say which
  functions are methods, but it does say which classes exist.
- parameters are compared by name and order, when the requirement gave at least one; the
  code may add parameters after them only if they are optional (a call written from the
  requirement still works). Annotations are not compared.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

from nodes.class_diagram import DiagramClass, diagram_classes
from state.acceptance import RequiredNames
from state.artifacts import SystemDesign
from state.schema import SopState
from state.settings import Scope
from state.syntax_tree import is_placeholder, parse_module

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def _is_test_file(name: str) -> bool:
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def required_modules(names: RequiredNames) -> list[str]:
    """The modules the design and the code must have (test files are QA's)."""
    return [m for m in names.modules if not _is_test_file(m)]


def home_module(names: RequiredNames, function: str | None = None) -> str | None:
    """The module every required function belongs in, when the requirement names just one;
    for ``function``, else the file the requirement puts it in (``RequiredNames.homes``:
    the to-do project's "In `todo_cli.py`, `main(argv)` ..." beside `todo_store.py`, whose
    run shipped a ``todo_cli.py`` without ``main``, checked in any file until then)."""
    modules = required_modules(names)
    if len(modules) == 1:
        return modules[0]
    stated = names.homes.get(function) if function is not None else None
    return stated if stated in modules else None


def in_module(path: str, module: str) -> bool:
    """Is ``path`` the file ``module`` (by file name, at any folder depth)?"""
    return path == module or path.endswith(f"/{module}")


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".py")


def squashed(name: str) -> str:
    """``c_to_f`` and ``cToF`` -> ``ctof``: how a renamed function is recognised."""
    return name.replace("_", "").lower()


def where_required(names: RequiredNames, function: str | None = None) -> str:
    module = home_module(names, function)
    return f" in {module}" if module else ""


def found_list(candidates: list[str]) -> str:
    return f" (found: {', '.join(candidates)})" if candidates else " (not found)"


def _binding_stubs(requirement: str) -> set[str] | None:
    """Functions the requirement gives with a body, when it is Python (a benchmark prompt)."""
    try:
        tree = parse_module(requirement)
    except (SyntaxError, ValueError):
        return None
    given = set()
    for node in tree.body:
        if isinstance(node, FunctionNode) and not all(is_placeholder(s) for s in node.body):
            given.add(node.name)
    return given


def binding_names(names: RequiredNames, requirement: str, scope: Scope) -> RequiredNames:
    """The names to check in this run: in function scope, without the helpers the prompt
    itself implements (HumanEval/10's ``is_palindrome``): the graded module runs the prompt
    first, so the code need not repeat them, and a design or review that demanded them would
    cost a model call for nothing."""
    given = _binding_stubs(requirement) if scope == "function" else None
    if not given:
        return names
    kept = {name: signature for name, signature in names.functions.items() if name not in given}
    return names.model_copy(update={"functions": kept})


def run_names(state: SopState) -> RequiredNames:
    """The names this run checks: read by ``read_requirement``, helpers dropped as above."""
    acceptance = state.get("acceptance")
    if acceptance is None or acceptance.names.is_empty():
        return RequiredNames()
    scope = state["settings"].scope
    return binding_names(acceptance.names, state.get("requirement") or "", scope)


# --- the design ----------------------------------------------------------------------------


def _module_classes(
    classes: Mapping[str, DiagramClass], design: SystemDesign, names: RequiredNames
) -> set[str]:
    """Classes that stand for a module: annotated <<module>>, or named after a file."""
    stems = {_stem(path) for path in [*design.file_list, *names.modules]}
    return {c.name for c in classes.values() if c.is_annotated("module") or c.name in stems}


def _design_function_problem(
    names: RequiredNames,
    function: str,
    design: SystemDesign,
    classes: Mapping[str, DiagramClass],
    scope: Scope,
) -> str | None:
    modules = _module_classes(classes, design, names)
    holders = [c.name for c in classes.values() if function in c.methods]
    if any(h in modules or h in names.classes for h in holders):
        return None
    diagram = design.data_structures_and_interfaces
    if not holders and scope == "project" and re.search(rf"\b{re.escape(function)}\b", diagram):
        return None
    similar = [
        f"{c.name}.{m}" for c in classes.values() for m in c.methods if squashed(m) == squashed(function)
    ]
    home = home_module(names, function)
    module = f"`{_stem(home)}`" if home else "its module"
    return (
        f"the requirement names `{names.functions[function]}`{where_required(names, function)}: keep it a "
        f"module-level function with that exact name, listed in the class diagram in a class "
        f"named after {module} and annotated <<module>>, not a method of another class" + found_list(similar)
    )


def design_name_problems(names: RequiredNames, design: SystemDesign, scope: Scope = "project") -> list[str]:
    """What the design loses of the requirement's names: files missing from ``file_list``,
    functions that are not module-level in the class diagram, classes it does not show.

    In function scope a function must sit in a module class (the function prompt asks for
    one, annotated <<module>>); in project scope it may appear anywhere in the diagram, but
    not only as a method of an ordinary class.
    """
    problems: list[str] = []
    for module in required_modules(names):
        if not any(in_module(path, module) for path in design.file_list):
            problems.append(
                f"the requirement names the file `{module}`: put it in the file_list with that exact "
                f"name (the file_list has: {', '.join(design.file_list)})"
            )
    classes = diagram_classes(design.data_structures_and_interfaces)
    for function in names.functions:
        problem = _design_function_problem(names, function, design, classes, scope)
        if problem is not None:
            problems.append(problem)
    for name in names.classes:
        if not re.search(rf"\b{re.escape(name)}\b", design.data_structures_and_interfaces):
            problems.append(
                f"the requirement names the class `{name}`: put it in the class diagram with that exact name"
            )
    return problems
