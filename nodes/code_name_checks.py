"""Are the names the requirement fixes kept in the code? Read from the syntax tree, no model.

Why and which choices: see ``nodes.name_checks`` (the design's check, and the helpers both
checks share). Here each finding names the file whose rewrite fixes it, so the Engineer's
review (LBTM) can send exactly that file back.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from nodes.name_checks import (
    FunctionNode,
    found_list,
    home_module,
    in_module,
    required_modules,
    squashed,
    where_required,
)
from state.acceptance import RequiredNames
from state.artifacts import CodeFile
from state.syntax_tree import parse_module


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
        tree = parse_module(f"def {head}:\n    pass")
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


def _unread_parameters(required: list[str] | None, node: FunctionNode) -> str | None:
    """Which of the requirement's parameters the body never reads, as a finding, or None.

    Why: the project benchmark's wordfreq run shipped ``def main(argv)`` calling
    ``parser.parse_args()``, which reads the test runner's own command line: the signature
    was kept, the parameter ignored, every test of ``main`` failed, and nothing else could
    tell (no examples, so no trusted test). A parameter the requirement states is there to
    be used; one the body never reads is a bug the syntax tree shows."""
    if not required:
        return None
    read = {n.id for n in ast.walk(node) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    unread = [name for name in required if not name.startswith("*") and name not in read]
    if not unread:
        return None
    listed = ", ".join(f"`{name}`" for name in unread)
    return f"never reads {listed} in its body: compute the result from the parameters it is given"


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
            tree = parse_module(content)
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
    wanted = squashed(function)
    found = [f"{c}.{m.name}" for module in modules for c, m in module.methods() if squashed(m.name) == wanted]
    found += [
        f"{module.path}:{name}" for module in modules for name in module.functions if squashed(name) == wanted
    ]
    return found


def _function_problem(names: RequiredNames, function: str, modules: list[_Module]) -> NameProblem | None:
    signature = names.functions[function]
    home = home_module(names, function)
    homes = [m for m in modules if home is None or in_module(m.path, home)]
    required = required_parameters(signature)
    if any(function in m.bound and function not in m.functions for m in homes):
        return None  # imported or assigned there: ``from units import c_to_f`` works
    defined = [(m.path, node) for m in homes if (node := m.functions.get(function)) is not None]
    mismatches = [
        (path, problem)
        for path, node in defined
        if (problem := _parameter_problem(required, node) or _unread_parameters(required, node))
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
                wanted = required_parameters(signature, True)
                problem = _parameter_problem(wanted, method, drop_self=True)
                problem = problem or _unread_parameters(wanted, method)
                if problem is None:
                    return None
                return NameProblem(
                    f"the requirement names `{signature}`: `{owner}.{function}` in `{module.path}` {problem}",
                    file=module.path,
                )
    there = " there" if home else ""
    message = (
        f"the requirement names `{signature}`{where_required(names, function)}: define it as a module-level "
        f"function{there}" + found_list(_similar_in_code(modules, function))
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
