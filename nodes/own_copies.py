"""A test file's own copies of the project's functions and classes, dropped so its tests run
the project's code, without a model call.

Python resolves a test's ``maximum(5, 10)`` to the test module's own ``def maximum`` when it
has one, whether or not it also wrote ``from solution import maximum``; every test in the
file then checks the copy and none checks the code. Small models do this often: in the
1.5B's 257 MBPP ``sop+feedback`` runs (commit f210a05, docs/benchmarks.md), 59 final suites
defined a function the project also defines (Mbpp/309: QA's revised suite re-defined
``maximum``, imported nothing from ``solution``, and went green), and 72 of the 0.5B's 164
HumanEval suites did. A green verdict from such a suite passes code no test ran; a red one
sends the Engineer to fix code no test runs, for every round the loop allows.

The repair drops each undecorated top-level ``def`` or ``class`` of a test file, other than
the tests themselves, whose name exactly one project module defines at top level, and
imports the name from that module unless the file already does. A decorated definition (a
fixture, a parametrized helper) is the test's own machinery and stays; so does a name two
modules define (which one was meant is a guess), and nothing is done against a module that
does not compile (its syntax error is the finding).
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from nodes.auto_imports import ProjectIndex, with_import_block
from state.artifacts import CodeFile
from state.syntax_tree import parse_module

MARKER = "# imports added by sopgraph: the project's definitions of names this file had copied"

Definition = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


def _imported_names(tree: ast.Module) -> tuple[set[str], set[str]]:
    """Names the file's top-level imports bind, and the modules it star-imports.

    Not ``code_checks.undefined_names``: a project name that is also a builtin is never
    undefined, so the copy's removal would leave the tests calling the builtin (Mbpp/126's
    ``sum``: 8 of QA's 10 tests pass on the project's ``sum``, 0 on the builtin)."""
    names: set[str] = set()
    star_modules: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            for alias in node.names:
                if alias.name == "*":
                    star_modules.add(node.module)
                else:
                    names.add(alias.asname or alias.name)
        elif isinstance(node, ast.Import):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
    return names, star_modules


def collected_by_pytest(node: Definition) -> bool:
    """A test of the file's own (``test_*`` function, ``Test*`` class), never a copy to drop,
    even when the project defines the name too: the 0.5B pasted its tests into
    ``solution.py`` (HumanEval/84 and /162), and the test file's copy is then the test."""
    prefix = "Test" if isinstance(node, ast.ClassDef) else "test"
    return node.name.startswith(prefix)


def project_definers(code: Mapping[str, CodeFile]) -> Mapping[str, tuple[str, ...]]:
    """Each top-level name of the project's source modules (test files excluded), and the
    modules that define it."""
    return ProjectIndex.of({path: f.content for path, f in code.items()}).definers


def without_own_copies(content: str, code: Mapping[str, CodeFile]) -> tuple[str, list[str]]:
    """``content`` with its copies of project definitions dropped and imported instead, and
    what was changed (for the QA publication's summary). A file that does not parse comes
    back unchanged."""
    try:
        tree = parse_module(content)
    except (SyntaxError, ValueError):
        return content, []
    definers = project_definers(code)
    copies: list[tuple[Definition, str]] = []
    for node in tree.body:
        if isinstance(node, Definition) and not node.decorator_list and not collected_by_pytest(node):
            modules = definers.get(node.name, ())
            if len(modules) == 1:
                copies.append((node, modules[0]))
    if not copies:
        return content, []
    lines = content.splitlines(keepends=True)
    for node, _module in sorted(copies, key=lambda copy: copy[0].lineno, reverse=True):
        del lines[node.lineno - 1 : node.end_lineno or node.lineno]
    kept = "".join(lines)
    try:
        kept_tree = parse_module(kept)
    except SyntaxError:  # a definition sharing its last line with another statement
        return content, []
    bound, star_modules = _imported_names(kept_tree)
    imports: dict[str, list[str]] = {}
    for node, module in copies:
        if node.name not in bound and module not in star_modules and node.name not in imports.get(module, []):
            imports.setdefault(module, []).append(node.name)
    statements = [f"from {module} import {', '.join(names)}" for module, names in sorted(imports.items())]
    repaired = with_import_block(kept, kept_tree, MARKER, statements)
    names = ", ".join(sorted({node.name for node, _ in copies}))
    return repaired, [f"dropped the file's own {names}, which the project defines"]


def own_copies_note(changes: list[str]) -> str:
    """For a publication's summary: what ``without_own_copies`` changed, if anything."""
    return f"; copies of project code: {'; '.join(changes)}" if changes else ""
