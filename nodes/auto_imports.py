"""Missing imports, added without a model call where only one import can be meant.

A name a file uses but never defines or imports (``code_checks.undefined_names``; in a file
with star imports of project modules, a name none of them gives, ``nodes.star_imports``)
gets an import when exactly one source fits:

* a top-level function, class or constant of exactly one other project module
  (``from main import SCREEN_WIDTH``), unless that module already imports this one, since the
  new import would close a cycle (test files are imported by nobody, so they never do);
* a module used only as ``name.attribute``: a project module, one of Python's, or an
  allow-listed package (``import sqlite3``), or a conventional alias of one
  (``import pandas as pd``);
* a standard-library name that one module provides (``from datetime import date``,
  ``from typing import List``), when no project module defines it (``STANDARD_NAMES``).

Anything else stays as it is, for the Engineer's review (``static_problem`` names it) or the
failing run. Only in ``project`` scope: a benchmark function may use helpers its prompt
defines, which no import provides.

Why: in the 1.5B's seven SoftwareDev projects (docs/benchmarks.md, section 3) QA's tests used
the classes and constants of the module they tested without importing them (snake:
``SCREEN_WIDTH``, ``RIGHT``, ...; tank battle: ``Tank``), and code used ``sqlite3`` with no
``import sqlite3`` (crud). Each is a NameError when its line runs, mechanical to fix, and the
1.5B did not fix them when shown the traceback.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping
from dataclasses import dataclass

from nodes.bound_names import top_level_names
from nodes.code_checks import (
    AVAILABLE_MODULES,
    import_time_part,
    imported_modules,
    syntax_problem,
    undefined_names,
)
from nodes.self_imports import without_self_imports
from nodes.star_imports import exported_names, names_no_star_import_gives
from state.artifacts import CodeFile
from state.settings import Scope
from state.syntax_tree import parse_module

ALIASES: Mapping[str, str] = {
    "pd": "pandas",
    "np": "numpy",
    "st": "streamlit",
    "plt": "matplotlib.pyplot",
    "tk": "tkinter",
}
"""Names that mean one module by convention, whatever file they appear in."""

STANDARD_NAMES: Mapping[str, str] = {
    "date": "datetime",
    "timedelta": "datetime",
    "Decimal": "decimal",
    "Fraction": "fractions",
    "Counter": "collections",
    "defaultdict": "collections",
    "deque": "collections",
    "namedtuple": "collections",
    "OrderedDict": "collections",
    "dataclass": "dataclasses",
    "Path": "pathlib",
    "Enum": "enum",
    "Any": "typing",
    "Callable": "typing",
    "Dict": "typing",
    "Iterable": "typing",
    "Iterator": "typing",
    "List": "typing",
    "Optional": "typing",
    "Set": "typing",
    "Tuple": "typing",
    "Union": "typing",
}
"""Names of the standard library that one module provides, whatever file they appear in
(``from datetime import date``). Why: the project benchmark's date-ranges run wrote QA tests
calling ``date(2024, 1, 1)`` with no import, and a small model's ``List[int]`` without ``from
typing import List`` fails when the ``def`` line runs. ``datetime`` and ``time`` are left out:
each is also the module's own name, so which import is meant cannot be told."""

MARKER = "# imports added by sopgraph: names this file used without importing them"


def module_of(path: str) -> str:
    """``pkg/a.py`` -> ``pkg.a``: the dotted name the tests and the code import it by."""
    return path.removesuffix(".py").replace("/", ".")


def _top(module: str) -> str:
    return module.split(".")[0]


def is_test_path(path: str) -> bool:
    """QA's files: under ``tests/`` or named ``test_*.py``."""
    return path.startswith("tests/") or path.rsplit("/", 1)[-1].startswith("test_")


@dataclass(frozen=True)
class ProjectIndex:
    """The project's source modules: which defines each top-level name, and which project
    modules each imports (by top-level name, so a package counts as one node: a cycle check
    that errs towards seeing a cycle, and then adds nothing). Imports under a main guard do
    not count: they run only when that file is started, so they close no import cycle
    (SoftwareDev's flappy bird at 8123323: ``data.py`` imported ``ui`` under its guard, so
    ``utils.py`` was never given the ``from data import Bird`` it lacked, and the game
    stopped on ``NameError: name 'Bird' is not defined``)."""

    definers: Mapping[str, tuple[str, ...]]
    imports: Mapping[str, frozenset[str]]
    exports: Mapping[str, frozenset[str] | None]
    """Module -> what ``from module import *`` gives (``nodes.star_imports``)."""

    @classmethod
    def of(cls, sources: Mapping[str, str]) -> ProjectIndex:
        definers: dict[str, list[str]] = {}
        imports: dict[str, set[str]] = {}
        exports: dict[str, frozenset[str] | None] = {}
        for path, content in sources.items():
            if not path.endswith(".py") or is_test_path(path) or syntax_problem(content, path):
                continue
            tree = parse_module(content)
            module = module_of(path)
            for name in top_level_names(tree):
                definers.setdefault(name, []).append(module)
            at_import = import_time_part(tree)
            imports.setdefault(_top(module), set()).update(imported_modules(at_import))
            exports[module] = exported_names(at_import)
        tops = set(imports)
        return cls(
            definers={name: tuple(sorted(mods)) for name, mods in definers.items()},
            imports={top: frozenset(found & tops) for top, found in imports.items()},
            exports=exports,
        )

    @property
    def modules(self) -> frozenset[str]:
        return frozenset(self.imports)

    def reaches(self, start: str, target: str) -> bool:
        """Whether module ``start`` imports ``target``, directly or through other modules."""
        seen, todo = set(), [_top(start)]
        while todo:
            current = todo.pop()
            if current == _top(target):
                return True
            if current not in seen:
                seen.add(current)
                todo.extend(self.imports.get(current, ()))
        return False


def used_as_module(tree: ast.Module, name: str) -> bool:
    """Every use of ``name`` is ``name.attribute``, as a module is used."""
    uses = 0
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.Name) and child.id == name:
                if not (isinstance(node, ast.Attribute) and node.value is child):
                    return False
                uses += 1
    return uses > 0


def missing_imports(tree: ast.Module, path: str, index: ProjectIndex) -> list[str]:
    """The import statements that define this file's undefined names, where one source fits."""
    this = module_of(path)
    acyclic = is_test_path(path)  # nothing imports a test file
    from_project: dict[str, list[str]] = {}
    from_standard: dict[str, list[str]] = {}
    plain: list[str] = []
    undefined = undefined_names(tree, path, unbound_locals=False)
    for name, _line in undefined + names_no_star_import_gives(tree, path, index.exports):
        definers = [m for m in index.definers.get(name, ()) if m != this]
        if len(definers) == 1 and (acyclic or not index.reaches(definers[0], this)):
            from_project.setdefault(definers[0], []).append(name)
        elif not definers and name in STANDARD_NAMES:
            from_standard.setdefault(STANDARD_NAMES[name], []).append(name)
        elif not used_as_module(tree, name) or name == _top(this):
            continue
        elif name in index.modules:
            if acyclic or not index.reaches(name, this):
                plain.append(f"import {name}")
        elif name in AVAILABLE_MODULES:
            plain.append(f"import {name}")
        elif name in ALIASES:
            plain.append(f"import {ALIASES[name]} as {name}")
    return plain + [
        f"from {m} import {', '.join(names)}"
        for m, names in [*from_standard.items(), *sorted(from_project.items())]
    ]


def _insertion_line(tree: ast.Module) -> int:
    """After the module docstring and the imports it opens with."""
    line = 0
    for position, node in enumerate(tree.body):
        docstring = position == 0 and isinstance(node, ast.Expr) and isinstance(node.value, ast.Constant)
        if not (docstring or isinstance(node, ast.Import | ast.ImportFrom)):
            break
        line = node.end_lineno or line
    return line


def with_missing_imports(content: str, path: str, index: ProjectIndex) -> tuple[str, list[str]]:
    """``content`` with the imports ``missing_imports`` finds added, and those statements.
    A file that does not compile is returned as it is: its syntax error is the finding."""
    if syntax_problem(content, path):
        return content, []
    tree = parse_module(content)
    statements = missing_imports(tree, path, index)
    return with_import_block(content, tree, MARKER, statements), statements


def with_import_block(content: str, tree: ast.Module, marker: str, statements: list[str]) -> str:
    """``content`` (parsed as ``tree``) with ``statements`` added under the comment ``marker``,
    after the docstring and imports the file opens with; unchanged when there are none."""
    if not statements:
        return content
    lines = content.splitlines(keepends=True)
    at = _insertion_line(tree)
    if at and not lines[at - 1].endswith("\n"):
        lines[at - 1] += "\n"
    block = [marker + "\n", *(statement + "\n" for statement in statements)]
    return "".join(lines[:at] + block + lines[at:])


REMOVED = "removed "
"""Marks, in ``completed``'s list, an import taken out rather than added."""


def completed(content: str, path: str, code: Mapping[str, CodeFile], scope: Scope) -> tuple[str, list[str]]:
    """In ``project`` scope: imports of names the file defines itself taken out
    (``nodes.self_imports``), then ``with_missing_imports`` against the project's files
    (``code``, with this file's new version); the statements added, and those removed
    marked ``REMOVED``. ``content`` unchanged in ``function`` scope."""
    if scope != "project":
        return content, []
    sources = {p: f.content for p, f in code.items()} | {path: content}
    project_modules = {_top(module_of(p)) for p in sources if p.endswith(".py") and not is_test_path(p)}
    # One index for both steps: taking imports out of this file changes neither what it
    # defines nor what the other files import, which is all the index is read for here.
    index = ProjectIndex.of(sources)
    this = _top(module_of(path))
    imported = any(this in found for top, found in index.imports.items() if top != this)
    content, removed = without_self_imports(
        content, path, project_modules, imported_through(path, sources), imported_by_others=imported
    )
    content, added = with_missing_imports(content, path, index)
    return content, added + [REMOVED + statement for statement in removed]


def imported_through(path: str, sources: Mapping[str, str]) -> list[str]:
    """Names the other files import from ``path``'s module (``from units import c_to_f``),
    in file order: a rewrite or another candidate of ``path`` must keep defining them."""
    module = module_of(path)
    names: dict[str, None] = {}
    for other in sorted(sources):
        text = sources[other]
        if other == path or not other.endswith(".py") or syntax_problem(text, other):
            continue
        for node in ast.walk(parse_module(text)):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == module:
                names.update((alias.name, None) for alias in node.names if alias.name != "*")
    return list(names)


def imports_note(changes: list[str]) -> str:
    """For a publication's summary: which imports were added or removed, if any."""
    added = [c for c in changes if not c.startswith(REMOVED)]
    removed = [c.removeprefix(REMOVED) for c in changes if c.startswith(REMOVED)]
    note = f"; imports added: {'; '.join(added)}" if added else ""
    return note + (f"; imports removed (defined here or unused): {'; '.join(removed)}" if removed else "")
