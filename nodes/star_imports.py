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

from nodes.bound_names import bound_names


def exported_names(tree: ast.Module) -> frozenset[str] | None:
    """What ``from module import *`` takes from this module (its import-time part): ``__all__``
    when it is a literal list or tuple of strings, else every public name it binds at module
    level, imports included. None when that cannot be told (it has a star import of its own,
    or a computed ``__all__``)."""
    if has_star_import(tree):
        return None
    names = bound_names(ast.Module(body=_module_level(tree.body), type_ignores=[]))
    if "__all__" in names:
        return _literal_all(tree)
    return frozenset(name for name in names if not name.startswith("_"))


def has_star_import(tree: ast.Module) -> bool:
    """Does the module (outside functions and classes) import ``*`` from somewhere?"""
    return any(
        isinstance(node, ast.ImportFrom) and any(alias.name == "*" for alias in node.names)
        for node in _module_level(tree.body)
    )


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
    every star-imported module is one of ``exports``' (the project's) and none gives it.
    A file without star imports (nearly all) costs no pyflakes pass here."""
    if not has_star_import(tree):
        return []
    found: dict[str, int] = {}
    for message in Checker(tree, filename=path).messages:
        if not isinstance(message, messages.ImportStarUsage):
            continue
        name, sources = str(message.message_args[0]), str(message.message_args[1]).split(", ")
        given = [exports.get(source) for source in sources]  # None: not ours, or unknowable
        if all(names is not None and name not in names for names in given):
            found.setdefault(name, message.lineno)
    return sorted(found.items(), key=lambda item: item[1])
