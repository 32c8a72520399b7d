"""Are the names the requirement fixes kept, in the design and in the code? No model call.

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
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from nodes.class_diagram import DiagramClass, diagram_classes
from state.acceptance import RequiredNames
from state.artifacts import CodeFile, SystemDesign
from state.schema import SopState
from state.settings import Scope

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def _is_test_file(name: str) -> bool:
    return name.startswith("test_") or name.endswith("_test.py") or name == "conftest.py"


def required_modules(names: RequiredNames) -> list[str]:
    """The modules the design and the code must have (test files are QA's)."""
    return [m for m in names.modules if not _is_test_file(m)]


def home_module(names: RequiredNames) -> str | None:
    """The module every required function belongs in, when the requirement names just one."""
    modules = required_modules(names)
    return modules[0] if len(modules) == 1 else None


def in_module(path: str, module: str) -> bool:
    """Is ``path`` the file ``module`` (by file name, at any folder depth)?"""
    return path == module or path.endswith(f"/{module}")


def _stem(path: str) -> str:
    return path.rsplit("/", 1)[-1].removesuffix(".py")


def _squashed(name: str) -> str:
    """``c_to_f`` and ``cToF`` -> ``ctof``: how a renamed function is recognised."""
    return name.replace("_", "").lower()


def _where(names: RequiredNames) -> str:
    module = home_module(names)
    return f" in {module}" if module else ""


def _found(candidates: list[str]) -> str:
    return f" (found: {', '.join(candidates)})" if candidates else " (not found)"


def _binding_stubs(requirement: str) -> set[str] | None:
    """Functions the requirement gives with a body, when it is Python (a benchmark prompt)."""
    try:
        tree = ast.parse(requirement)
    except (SyntaxError, ValueError):
        return None
    given = set()
    for node in tree.body:
        if isinstance(node, FunctionNode) and not all(_is_placeholder(s) for s in node.body):
            given.add(node.name)
    return given


def _is_placeholder(statement: ast.stmt) -> bool:
    """A docstring, ``pass``, ``...`` or ``raise NotImplementedError``: a stub's body."""
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return True
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


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
        f"{c.name}.{m}" for c in classes.values() for m in c.methods if _squashed(m) == _squashed(function)
    ]
    home = home_module(names)
    module = f"`{_stem(home)}`" if home else "its module"
    return (
        f"the requirement names `{names.functions[function]}`{_where(names)}: keep it a "
        f"module-level function with that exact name, listed in the class diagram in a class "
        f"named after {module} and annotated <<module>>, not a method of another class" + _found(similar)
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


# --- the code ------------------------------------------------------------------------------


@dataclass(frozen=True)
class NameProblem:
    """One finding in the code, with the file whose rewrite fixes it.

    ``file`` is None when no file holds the name yet; ``any_file`` then says whether any file
    may take it (nothing says where it goes), so the Engineer's last file is asked for it.
    """

    message: str
    file: str | None = None
    any_file: bool = False


def _top_level(tree: ast.Module) -> Iterator[ast.stmt]:
    """Module-level statements, also inside a top-level ``if`` or ``try`` (import fallbacks)."""
    for node in tree.body:
        yield node
        if isinstance(node, ast.If):
            yield from [*node.body, *node.orelse]
        elif isinstance(node, ast.Try):
            yield from [
                *node.body,
                *(s for h in node.handlers for s in h.body),
                *node.orelse,
                *node.finalbody,
            ]


@dataclass(frozen=True)
class _Parameter:
    name: str
    optional: bool


def _parameters(args: ast.arguments, drop_self: bool = False) -> list[_Parameter]:
    """A signature's parameter names in order (``*args``, ``**kw`` marked), each optional or not."""
    positional = [*args.posonlyargs, *args.args]
    first_default = len(positional) - len(args.defaults)
    found = [_Parameter(a.arg, i >= first_default) for i, a in enumerate(positional)]
    if args.vararg is not None:
        found.append(_Parameter(f"*{args.vararg.arg}", True))
    found += [
        _Parameter(a.arg, d is not None) for a, d in zip(args.kwonlyargs, args.kw_defaults, strict=True)
    ]
    if args.kwarg is not None:
        found.append(_Parameter(f"**{args.kwarg.arg}", True))
    if drop_self and found and found[0].name in {"self", "cls"}:
        found = found[1:]
    return found


def required_parameters(signature: str, drop_self: bool = False) -> list[str] | None:
    """The parameter names of the requirement's ``f(a, b: int) -> T``; None when it gave none
    (``f()`` in prose often names a function without its parameters) or it does not parse."""
    head = signature.split("->", 1)[0].strip()
    try:
        tree = ast.parse(f"def {head}:\n    pass")
    except (SyntaxError, ValueError):
        return None
    node = tree.body[0]
    if not isinstance(node, ast.FunctionDef):
        return None
    names = [p.name for p in _parameters(node.args, drop_self)]
    return names or None


def _parameter_problem(required: list[str] | None, node: FunctionNode, drop_self: bool = False) -> str | None:
    """Why ``node`` cannot be called as the requirement writes the call, or None."""
    if required is None:
        return None
    actual = _parameters(node.args, drop_self)
    names = [p.name for p in actual]
    if names[: len(required)] == required and all(p.optional for p in actual[len(required) :]):
        return None
    return f"it takes ({', '.join(names)}); use the parameters ({', '.join(required)}) in that order"


@dataclass(frozen=True)
class _Module:
    """What one file defines at module level, and every method of its classes."""

    path: str
    functions: dict[str, FunctionNode]
    bound: set[str]
    classes: dict[str, ast.ClassDef]

    @classmethod
    def read(cls, path: str, content: str) -> _Module | None:
        try:
            tree = ast.parse(content)
        except (SyntaxError, ValueError):
            return None  # the syntax check reports it
        functions: dict[str, FunctionNode] = {}
        bound: set[str] = set()
        classes: dict[str, ast.ClassDef] = {}
        for node in _top_level(tree):
            if isinstance(node, FunctionNode):
                functions.setdefault(node.name, node)
            elif isinstance(node, ast.ClassDef):
                classes.setdefault(node.name, node)
            elif isinstance(node, ast.Import | ast.ImportFrom):
                bound |= {(a.asname or a.name).split(".")[0] for a in node.names}
            elif isinstance(node, ast.Assign):
                bound |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        return cls(path, functions, bound, classes)

    def methods(self) -> Iterator[tuple[str, FunctionNode]]:
        for name, node in self.classes.items():
            for member in node.body:
                if isinstance(member, FunctionNode):
                    yield name, member


def _read_all(code: Mapping[str, CodeFile]) -> list[_Module]:
    return [m for path, f in sorted(code.items()) if (m := _Module.read(path, f.content)) is not None]


def _similar_in_code(modules: list[_Module], function: str) -> list[str]:
    """Where a renamed or misplaced version of ``function`` is: ``UnitConverter.cToF``."""
    squashed = _squashed(function)
    found = [
        f"{c}.{m.name}" for module in modules for c, m in module.methods() if _squashed(m.name) == squashed
    ]
    found += [
        f"{module.path}:{name}"
        for module in modules
        for name in module.functions
        if _squashed(name) == squashed
    ]
    return found


def _function_problem(names: RequiredNames, function: str, modules: list[_Module]) -> NameProblem | None:
    signature = names.functions[function]
    home = home_module(names)
    homes = [m for m in modules if home is None or in_module(m.path, home)]
    required = required_parameters(signature)
    if any(function in m.bound and function not in m.functions for m in homes):
        return None  # imported or assigned there: ``from units import c_to_f`` works
    defined = [(m.path, node) for m in homes if (node := m.functions.get(function)) is not None]
    mismatches = [
        (path, problem) for path, node in defined if (problem := _parameter_problem(required, node))
    ]
    if defined and len(mismatches) < len(defined):
        return None
    if mismatches:
        path, problem = mismatches[0]
        return NameProblem(
            f"the requirement names `{signature}`: `{path}` defines `{function}` but {problem}", file=path
        )
    for module in modules:  # a method of a class the requirement itself names
        for owner, method in module.methods():
            if owner in names.classes and method.name == function:
                problem = _parameter_problem(required_parameters(signature, True), method, drop_self=True)
                if problem is None:
                    return None
                return NameProblem(
                    f"the requirement names `{signature}`: `{owner}.{function}` in `{module.path}` {problem}",
                    file=module.path,
                )
    there = " there" if home else ""
    message = (
        f"the requirement names `{signature}`{_where(names)}: define it as a module-level "
        f"function{there}" + _found(_similar_in_code(modules, function))
    )
    if home is None:
        return NameProblem(message, any_file=True)
    return NameProblem(message, file=homes[0].path if homes else None)


def code_problems(names: RequiredNames, code: Mapping[str, CodeFile]) -> list[NameProblem]:
    """Every name of the requirement the code does not keep, with the file that must change."""
    problems: list[NameProblem] = []
    paths = list(code)
    for module in required_modules(names):
        if not any(in_module(path, module) for path in paths):
            problems.append(
                NameProblem(
                    f"the requirement names the file `{module}`, and no file of that name was written "
                    f"(files: {', '.join(sorted(paths)) or 'none'})"
                )
            )
    modules = _read_all(code)
    for function in names.functions:
        problem = _function_problem(names, function, modules)
        if problem is not None:
            problems.append(problem)
    for name in names.classes:
        if not any(name in module.classes for module in modules):
            problems.append(
                NameProblem(
                    f"the requirement names the class `{name}`: define it at module level, that exact name",
                    any_file=True,
                )
            )
    return problems


def code_name_problems(names: RequiredNames, code: Mapping[str, CodeFile]) -> list[str]:
    """What the code loses of the requirement's names, each saying what to define and where."""
    return [problem.message for problem in code_problems(names, code)]


def file_name_problems(
    names: RequiredNames, code: Mapping[str, CodeFile], path: str, last: bool
) -> list[str]:
    """The problems a rewrite of ``path`` can fix: names that belong in it, and, when it is
    the last file written, names no file holds yet and nothing assigns to one file."""
    return [
        problem.message
        for problem in code_problems(names, code)
        if problem.file == path or (last and problem.file is None and problem.any_file)
    ]
