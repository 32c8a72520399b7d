"""Imports of the project through its own name, made flat, without a model call.

Why: the PRD's ``project_name`` is the name of the project's folder, and QA reads it as a
package to import from, while the project's modules sit flat in that folder and the tests
run from inside it. In the SoftwareDev seven at 8123323 the 1.5B's QA wrote ``from
tank_battle.game import Game`` (tank battle) and ``from excel_processor import ...`` (excel
data); the import check refused the suite twice, so both projects shipped with no tests at
all and could never be graded W. What each statement means is plain: ``from <project>.game
import Game`` is ``from game import Game``; ``from <project> import Game`` is the one
project module that defines ``Game``. A statement with any piece that resolves to nothing,
or to more than one module, is left for the import check to send back.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from nodes.auto_imports import is_test_path, module_of
from nodes.bound_names import top_level_names
from nodes.code_checks import imported_modules
from state.artifacts import CodeFile
from state.syntax_tree import parsed_module

Definers = Mapping[str, list[str]]
"""A top-level name -> the project modules that define it."""


def _alias(alias: ast.alias, name: str) -> str:
    return f"{name} as {alias.asname}" if alias.asname else name


def _from_package(node: ast.ImportFrom, modules: set[str], definers: Definers) -> list[str] | None:
    """``from <project> import a, b``: ``import a`` for a module, ``from m import b`` for a
    name only module ``m`` defines; None when any name resolves to nothing or to several."""
    statements: list[str] = []
    for alias in node.names:
        if alias.name in modules:
            statements.append(f"import {_alias(alias, alias.name)}")
        elif len(found := definers.get(alias.name, [])) == 1:
            statements.append(f"from {found[0]} import {_alias(alias, alias.name)}")
        else:
            return None
    return statements


def _flat(node: ast.stmt, package: str, modules: set[str], definers: Definers) -> list[str] | None:
    """The statements ``node`` means with ``package.`` taken off, or None to leave it be."""
    prefix = package + "."
    if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
        names = ", ".join(_alias(alias, alias.name) for alias in node.names)
        if node.module == package:
            return _from_package(node, modules, definers)
        inner = node.module.removeprefix(prefix)
        if node.module.startswith(prefix) and inner in modules:
            return [f"from {inner} import {names}"]
    if isinstance(node, ast.Import) and any(a.name.startswith(prefix) for a in node.names):
        inner_names = [a.name.removeprefix(prefix) for a in node.names]
        if all(a.asname and inner in modules for a, inner in zip(node.names, inner_names, strict=True)):
            return [f"import {_alias(a, inner)}" for a, inner in zip(node.names, inner_names, strict=True)]
    return None


def _alone_on_its_lines(node: ast.stmt, lines: list[str]) -> bool:
    """No other statement shares its lines (``import a; x = 1``)."""
    first, last = lines[node.lineno - 1], lines[(node.end_lineno or node.lineno) - 1]
    return first[: node.col_offset].strip() == "" and last[node.end_col_offset or 0 :].strip() in ("", "\\")


def flattened(content: str, package: str | None, code: Mapping[str, CodeFile]) -> tuple[str, list[str]]:
    """``content`` with its imports through ``package`` (the project's name) made flat, and
    the statements written; unchanged when ``package`` is itself a module of the project."""
    tree = parsed_module(content)
    if not package or tree is None or package not in imported_modules(tree):
        return content, []  # the usual case: nothing to flatten, no project file parsed
    sources = {path: f.content for path, f in code.items() if path.endswith(".py") and not is_test_path(path)}
    modules = {module_of(path) for path in sources}
    if package in modules:
        return content, []
    definers: dict[str, list[str]] = {}
    for path, text in sorted(sources.items()):
        defined = parsed_module(text)
        for name in top_level_names(defined) if defined is not None else ():
            definers.setdefault(name, []).append(module_of(path))
    lines = content.splitlines(keepends=True)
    written: list[str] = []
    for node in sorted(ast.walk(tree), key=lambda n: -getattr(n, "lineno", 0)):
        if not isinstance(node, ast.Import | ast.ImportFrom) or not _alone_on_its_lines(node, lines):
            continue
        statements = _flat(node, package, modules, definers)
        if statements is None:
            continue
        indent = lines[node.lineno - 1][: node.col_offset]
        lines[node.lineno - 1 : node.end_lineno] = [f"{indent}{statement}\n" for statement in statements]
        written = statements + written
    return "".join(lines), written
