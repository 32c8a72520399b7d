"""The names a module binds at top level, read from its syntax tree. No model call.

One place for a question three checks ask: what ``from module import name`` may take
(``nodes.auto_imports``, ``nodes.suite_imports``, ``nodes.change_plan``), what a rewrite
still defines or imports (``nodes.kept_definitions``), and what ``from module import *``
gives (``nodes.star_imports``).
"""

from __future__ import annotations

import ast


def top_level_names(tree: ast.Module) -> set[str]:
    """What ``from module import name`` may take: top-level functions, classes and assigned
    names. A module's own imports are not offered; they are imported from their source."""
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        targets = node.targets if isinstance(node, ast.Assign) else []
        targets += [node.target] if isinstance(node, ast.AnnAssign) else []
        names.update(n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name))
    return names


def bound_names(tree: ast.Module) -> set[str]:
    """``top_level_names`` and the names its top-level imports bind (``import os.path``
    binds ``os``)."""
    imported = {
        (alias.asname or alias.name).split(".")[0]
        for node in tree.body
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    return top_level_names(tree) | imported
