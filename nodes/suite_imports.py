"""Names a test suite takes from the project's modules that the code does not define.

Why: QA writes its suite against the SOP's own file, then execution may ship another
candidate (the direct answer, a sample) that solves the requirement with other names. The
1.5B's suite for a one-module ``units.py`` imported the design's ``TemperatureConverter``
class; the shipped candidate had the two functions the requirement named and no class, so
every derived test failed at import, the fix loop read that as a crash, and the run ended
``failed_tests`` on correct code. Found from the syntax trees, with no model and no
sandbox run, the mismatch sends the suite back to QA with the shipped code in its prompt.
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Iterator, Mapping

from nodes.auto_imports import imported_through, is_test_path, module_of
from nodes.bound_names import top_level_names
from state.acceptance import TRUSTED_TESTS_PATH
from state.artifacts import CodeFile
from state.syntax_tree import parse_module


def _module_path(module: str, code: Mapping[str, CodeFile]) -> str | None:
    """The project file that ``import module`` would load, if the project has it."""
    base = module.replace(".", "/")
    for path in (f"{base}.py", f"{base}/__init__.py"):
        if path in code:
            return path
    return None


def _top_level_statements(body: list[ast.stmt]) -> Iterator[ast.stmt]:
    """Module-level statements, including those inside top-level ``if``/``try``/``with``."""
    for node in body:
        yield node
        if isinstance(node, ast.If | ast.With):
            yield from _top_level_statements(node.body)
            if isinstance(node, ast.If):
                yield from _top_level_statements(node.orelse)
        elif isinstance(node, ast.Try):
            for block in (node.body, node.orelse, node.finalbody, *(h.body for h in node.handlers)):
                yield from _top_level_statements(block)


def _bound_names(node: ast.stmt) -> set[str]:
    """What one module-level statement binds."""
    if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return {node.name}
    if isinstance(node, ast.Import | ast.ImportFrom):
        return {(alias.asname or alias.name).split(".")[0] for alias in node.names}
    targets: list[ast.expr] = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, ast.AnnAssign | ast.AugAssign):
        targets = [node.target]
    return {n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name)}


def defined_names(source: str) -> set[str] | None:
    """The names a module defines at its top level; None when that cannot be known from
    its text (a syntax error, ``from x import *``, a module ``__getattr__``)."""
    try:
        tree = parse_module(source)
    except (SyntaxError, ValueError):
        return None
    names: set[str] = set()
    for node in _top_level_statements(tree.body):
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
            return None
        names |= _bound_names(node)
    return None if "__getattr__" in names else names


def offered_names(code: Mapping[str, CodeFile]) -> dict[str, list[str]]:
    """Module -> the public functions, classes and constants its file defines (not what it
    imports): what a suite for this code may import."""
    offered: dict[str, list[str]] = {}
    for path, source in sorted(code.items()):
        if not path.endswith(".py") or path.startswith("tests/"):
            continue
        with contextlib.suppress(SyntaxError, ValueError):
            # the module's own top-level definitions: not its imports, not a try block's fallback
            defined = top_level_names(parse_module(source.content))
            names = {name for name in defined if not name.startswith("_")}
            if names:
                offered[path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")] = sorted(names)
    return offered


def _wanted(tree: ast.Module, code: Mapping[str, CodeFile]) -> Iterator[tuple[str, str]]:
    """(project module, name) for each ``from m import name`` and each ``m.name`` after
    ``import m``, where ``m`` is one of the project's modules."""
    imported_as: dict[str, str] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            if _module_path(node.module, code) is not None:
                yield from ((node.module, alias.name) for alias in node.names if alias.name != "*")
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if _module_path(alias.name, code) is not None and "." not in alias.name:
                    imported_as[alias.asname or alias.name] = alias.name
    uses = (n for n in ast.walk(tree) if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name))
    for node in uses:
        if isinstance(node.value, ast.Name) and node.value.id in imported_as:
            yield imported_as[node.value.id], node.attr


def missing_imports(tests: Mapping[str, CodeFile], code: Mapping[str, CodeFile]) -> list[str]:
    """``module.name`` for every name the derived tests take from a project module that
    the module does not define (the trusted tests are built from the requirement's own
    names and are never adapted)."""
    missing: set[str] = set()
    defined_in: dict[str, set[str] | None] = {}  # each module parsed once
    for path, test_file in tests.items():
        if path == TRUSTED_TESTS_PATH:
            continue
        with contextlib.suppress(SyntaxError, ValueError):
            for module, name in _wanted(parse_module(test_file.content), code):
                module_path = _module_path(module, code)
                if module_path is not None and module_path not in defined_in:
                    defined_in[module_path] = defined_names(code[module_path].content)
                defined = defined_in[module_path] if module_path is not None else None
                submodule = _module_path(f"{module}.{name}", code) is not None
                if defined is not None and name not in defined and not submodule:
                    missing.add(f"{module}.{name}")
    return sorted(missing)


def import_names_problem(path: str, content: str, code: Mapping[str, CodeFile]) -> str | None:
    """The review finding for a file that imports names the project's already written
    modules do not define (the 2048 run's ``ui.py``: ``from game2048 import Game2048, UI``
    from a module of plain functions), with what those modules do offer."""
    version = {**code, path: CodeFile(path=path, content=content)}
    missing = missing_imports({path: version[path]}, version)
    if not missing:
        return None
    wanted = {name.rpartition(".")[0] for name in missing}
    offered = offered_names(version)
    offers = "; ".join(
        f"`{module}` defines {', '.join(offered.get(module, [])) or 'nothing public'}"
        for module in sorted(wanted)
    )
    return (
        f"`{path}` imports {', '.join(f'`{name}`' for name in missing)}, which the project does not "
        f"define ({offers}): import only what exists, or define what is missing in this file."
    )


def names_lacking(path: str, content: str, code: Mapping[str, CodeFile]) -> list[str]:
    """Names the project's other written files import from ``path`` that ``content`` does
    not define (empty when it defines them all, or when that cannot be told)."""
    sources = {
        other: file.content for other, file in code.items() if other != path and not is_test_path(other)
    }
    wanted = imported_through(path, sources)
    defined = defined_names(content)
    if not wanted or defined is None:
        return []
    module = module_of(path)
    version = {**code, path: CodeFile(path=path, content=content)}
    return [n for n in wanted if n not in defined and _module_path(f"{module}.{n}", version) is None]


def imported_names_problem(path: str, content: str, code: Mapping[str, CodeFile]) -> str | None:
    """The review finding for a file that lacks names the project's already written files
    import from it (``names_lacking``), the other direction of ``import_names_problem``.

    Why: SoftwareDev's snake run at 508864f wrote ``main.py``, ``snake.py`` and ``utils.py``
    with ``from game import Game`` and a ``game.py`` holding only a ``main`` that calls
    ``Game()``; every start crashed on the import, and three fix rounds never added the class."""
    missing = names_lacking(path, content, code)
    if not missing:
        return None
    sources = {
        other: file.content for other, file in code.items() if other != path and not is_test_path(other)
    }
    importers = sorted(
        other
        for other in sources
        if any(n in imported_through(path, {other: sources[other]}) for n in missing)
    )
    return (
        f"{', '.join(f'`{other}`' for other in importers)} import {', '.join(f'`{n}`' for n in missing)} "
        f"from `{path}`, which it does not define: define each here under that exact name, so those "
        "imports work."
    )
