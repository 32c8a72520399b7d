"""Names a file uses that none of its project star imports provides. No model call.

Why: a file with ``from utils import *`` gets no undefined-name finding from pyflakes, only
"may be undefined, or defined from star imports", so ``nodes.auto_imports`` never completed
it: SoftwareDev's flappy bird at 8123323 had ``ui.py`` star-import ``utils`` and use ``Bird``,
which neither ``utils.py`` nor ``ui.py`` defined or imported (a NameError on start). When
every star import of the file is a project module, what each gives is known from its
syntax tree, and a name none of them gives is as undefined as any other.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from pyflakes import messages
from pyflakes.checker import Checker


def exported_names(tree: ast.Module) -> frozenset[str] | None:
    """What ``from module import *`` takes from this module (its import-time part): ``__all__``
    when it is a literal list or tuple of strings, else every public top-level name it binds,
    imports included. None when that cannot be told (it has a star import of its own, or a
    computed ``__all__``)."""
    names: set[str] = set()
    for node in _module_level(tree.body):
        if isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names):
            return None
        if isinstance(node, ast.Import | ast.ImportFrom):
            names.update((alias.asname or alias.name).split(".")[0] for alias in node.names)
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            names.add(node.name)
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names.update(n.id for target in targets for n in ast.walk(target) if isinstance(n, ast.Name))
    if "__all__" in names:
        return _literal_all(tree)
    return frozenset(name for name in names if not name.startswith("_"))


def _module_level(body: list[ast.stmt]) -> list[ast.stmt]:
    """The statements that bind module-level names: the body, and the bodies of its
    ``if``/``try``/``with``/``for``/``while`` blocks (``try: import pygame`` / ``except``),
    never those of functions or classes."""
    found: list[ast.stmt] = []
    for node in body:
        found.append(node)
        if isinstance(node, ast.If | ast.For | ast.While | ast.With | ast.Try):
            nested = [*node.body, *getattr(node, "orelse", []), *getattr(node, "finalbody", [])]
            nested += [statement for handler in getattr(node, "handlers", []) for statement in handler.body]
            found += _module_level(nested)
    return found


def _literal_all(tree: ast.Module) -> frozenset[str] | None:
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(t, ast.Name) and t.id == "__all__" for t in node.targets
        ):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                return None
            if isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
                return frozenset(value)
    return None


def names_no_star_import_gives(
    tree: ast.Module, path: str, exports: Mapping[str, frozenset[str] | None]
) -> list[tuple[str, int]]:
    """(name, first line) for each name pyflakes says "may come from a star import" where
    every star-imported module is one of ``exports``' (the project's) and none gives it."""
    found: dict[str, int] = {}
    for message in Checker(tree, filename=path).messages:
        if not isinstance(message, messages.ImportStarUsage):
            continue
        name, sources = str(message.message_args[0]), str(message.message_args[1]).split(", ")
        given = [exports.get(source, None) for source in sources]
        if all(source in exports for source in sources) and not any(
            names is None or name in names for names in given
        ):
            found.setdefault(name, message.lineno)
    return sorted(found.items(), key=lambda item: item[1])
