"""Imports of names a file defines itself, removed without a model call.

Why: in the README requirement's run on the 1.5B (docs/benchmarks.md 5.3) the Engineer
wrote ``temp_converter_ui.py`` opening with ``from temp_converter import TempConverterUI``
and then defined ``class TempConverterUI`` itself, while ``temp_converter.py`` imported that
class from ``temp_converter_ui``. The import binds a name the file's own definition rebinds
a few lines later, so all it does is load the other module first: here a circular import,
and every test and the program's start failed on it. The one fix the 1.5B tried rewrote
the UI file with the same first line. Removing such an import changes nothing the file
means, as long as nothing at the top level uses the name before the file defines it (a
``class TempConverterUI(TempConverterUI)`` keeps its import).

An unused import from another project module goes too (one not written yet counts: the
core module is often written before its UI), unless a third file imports that name
through this one: all it can do is load the other module first, and between a core
module and its UI that is a circular import (the project benchmark's 2048 run at 464d669:
``game2048.py`` opened with ``from ui import display_board, ...``, names it never used,
while ``ui.py`` imported ``Game2048``; every hidden test failed on the import, and the core
module, importing another project module, could not be given candidates). pyflakes says
what is unused.

A file importing from its own module (``game2048.py`` opening with ``from game2048 import
Game2048, UI``, the project benchmark's 2048 run) can only get a partially initialised module
and fail: that import goes whole. A name it wanted and nobody defines is then an undefined
name, which the Engineer's review names (``code_checks.static_problem``) instead of an
ImportError at run time.
"""

from __future__ import annotations

import ast
from collections.abc import Collection, Sequence

from pyflakes import messages
from pyflakes.checker import Checker

from nodes.code_checks import AVAILABLE_MODULES, is_main_guard, syntax_problem
from state.syntax_tree import parse_module

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _definitions(tree: ast.Module) -> dict[str, Definition]:
    """The file's top-level functions and classes, by name (the first of each)."""
    found: dict[str, Definition] = {}
    for node in tree.body:
        if isinstance(node, Definition):
            found.setdefault(node.name, node)
    return found


def _loads(nodes: Sequence[ast.AST], name: str) -> bool:
    return any(
        isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load)
        for node in nodes
        for n in ast.walk(node)
    )


def _used_before_defined(tree: ast.Module, definition: Definition) -> bool:
    """Whether the imported binding is read before the file's own definition replaces it:
    in a statement above the definition, or in its own decorators, bases or defaults."""
    earlier: list[ast.AST] = [n for n in tree.body if n.lineno < definition.lineno]
    own: list[ast.AST] = list(definition.decorator_list)
    if isinstance(definition, ast.ClassDef):
        own += [*definition.bases, *(k.value for k in definition.keywords)]
    else:
        own += [*definition.args.defaults, *(d for d in definition.args.kw_defaults if d is not None)]
    return _loads([*earlier, *own], definition.name)


def _self_imported(node: ast.ImportFrom, definitions: dict[str, Definition], tree: ast.Module) -> set[str]:
    """The names this import binds only for the file's own definition to replace them."""
    return {
        alias.name
        for alias in node.names
        if (alias.asname or alias.name) == alias.name
        and alias.name in definitions
        and not _used_before_defined(tree, definitions[alias.name])
    }


def _shares_a_line(node: ast.stmt, tree: ast.Module) -> bool:
    """Another statement on one of this one's lines (``from a import X; import b``): the
    line-based edit would take it too, so the import stays."""
    lines = range(node.lineno, (node.end_lineno or node.lineno) + 1)
    return any(
        other is not node and (other.lineno in lines or (other.end_lineno or other.lineno) in lines)
        for other in tree.body
    )


def _unused_imports(tree: ast.Module, path: str) -> set[tuple[int, str]]:
    """(line, dotted name) of every import pyflakes finds unused: ``(1, "ui.display_board")``."""
    return {
        (message.lineno, str(message.message_args[0]))
        for message in Checker(tree, filename=path).messages
        if isinstance(message, messages.UnusedImport)
    }


def _unused_here(node: ast.ImportFrom, unused: set[tuple[int, str]], reexported: Collection[str]) -> set[str]:
    """The names of this clause nothing in the file uses and no other file imports from it."""
    return {
        alias.name
        for alias in node.names
        if alias.asname is None
        and (node.lineno, f"{node.module}.{alias.name}") in unused
        and alias.name not in reexported
    }


MOVED = " (moved under the main guard)"
"""Suffix of a clause that was moved into the file's main guard rather than removed."""


def _guard_only(
    tree: ast.Module, guard: ast.stmt | None, node: ast.ImportFrom, reexported: Collection[str]
) -> set[str]:
    """Names of this clause that only the file's main guard uses (and no other file imports
    from it): the import can run there, when the file is started, instead of whenever it is
    imported. Why: the 1.5B writes a main guard into every module; SoftwareDev's 2048 at
    874fed6 had ``game.py`` import ``UI`` from ``ui`` at the top for its guard alone, while
    ``ui`` imported ``server`` and ``server`` imported ``game``: a circular import that
    failed every test, which moving the import under the guard breaks."""
    if guard is None or guard.lineno < (node.end_lineno or node.lineno):
        return set()
    elsewhere = [n for n in tree.body if n is not guard and not isinstance(n, ast.Import | ast.ImportFrom)]
    return {
        alias.name
        for alias in node.names
        if alias.asname is None
        and alias.name not in reexported
        and _loads([guard], alias.name)
        and not _loads(elsewhere, alias.name)
    }


def without_self_imports(
    content: str,
    path: str,
    project_modules: Collection[str],
    reexported: Collection[str] = (),
    imported_by_others: bool = False,
) -> tuple[str, list[str]]:
    """``content`` without the top-level ``from <project module> import name`` clauses whose
    names the file defines itself or never uses (unless in ``reexported``: names other files
    import from this one), those only its main guard uses moved under it (``_guard_only``;
    only when ``imported_by_others``: a file no other project file imports, such as the
    entry point, is in no import cycle, and its imports stay where the model put them),
    and the clauses removed or moved (``from m import n``, ``MOVED`` after a moved one); a
    file that does not compile, and a package's ``__init__.py``, are returned as they are."""
    if syntax_problem(content, path) or path.endswith("__init__.py"):
        return content, []
    tree = parse_module(content)
    definitions = _definitions(tree)
    unused = _unused_imports(tree, path)
    guards = (node for node in tree.body if isinstance(node, ast.If) and is_main_guard(node))
    guard = next(guards, None) if imported_by_others else None
    edits: list[tuple[ast.ImportFrom, set[str], set[str]]] = []  # clause, names dropped, names moved
    for node in tree.body:
        if not (isinstance(node, ast.ImportFrom) and node.level == 0 and node.module):
            continue
        top = node.module.split(".")[0]
        if top not in project_modules and top in AVAILABLE_MODULES:
            continue  # a library's import; one of a module not written yet is the project's
        own_module = node.module == path.removesuffix(".py").replace("/", ".")
        if own_module:
            dropped = {a.name for a in node.names}
        else:
            dropped = _self_imported(node, definitions, tree) | _unused_here(node, unused, reexported)
        moved = set() if own_module else _guard_only(tree, guard, node, reexported) - dropped
        if (dropped or moved) and not _shares_a_line(node, tree):
            edits.append((node, dropped, moved))
    lines = content.splitlines(keepends=True)
    changes: list[str] = []
    moved_lines = [
        f"from {node.module} import {', '.join(sorted(moved))}" for node, _, moved in edits if moved
    ]
    if guard is not None and moved_lines:  # below every edited clause: their line numbers stay valid
        first = guard.body[0]
        indent = " " * first.col_offset
        lines[first.lineno - 1 : first.lineno - 1] = [f"{indent}{line}\n" for line in moved_lines]
    for node, dropped, moved in reversed(edits):  # bottom-up, so earlier line numbers stay valid
        kept = [a for a in node.names if a.name not in dropped | moved]
        changes += [f"from {node.module} import {name}" for name in sorted(dropped)]
        changes += [f"from {node.module} import {name}{MOVED}" for name in sorted(moved)]
        names = ", ".join(ast.unparse(alias) for alias in kept)
        lines[node.lineno - 1 : node.end_lineno] = [f"from {node.module} import {names}\n"] if kept else []
    return "".join(lines), sorted(changes)
