"""Which members of an imported class the project's other files use. No model call.

Why: SoftwareDev's snake run at 2f60054 wrote candidates of ``game.py`` told only that the
other files import ``Game``; four of the five defined a ``Game`` without the ``start()``
that ``main.py`` calls, and every start crashed on ``AttributeError: 'Game' object has no
attribute 'start'``. What the importers call is in their syntax trees: ``Game.X``,
``Game(...).X``, ``game.X`` after ``game = Game(...)``, and ``self.game.X`` after
``self.game = Game(...)``. The reading is module-wide, not scope by scope: a name bound to
an instance anywhere in a file counts everywhere in it, which can only list a member too
many, never miss one the file calls through these forms.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable, Iterator, Mapping

from state.syntax_tree import parse_module


def _local_names(tree: ast.Module, module: str, name: str) -> set[str]:
    """What ``name`` imported from ``module`` is called in this file (``as`` included)."""
    return {
        alias.asname or alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module == module
        for alias in node.names
        if alias.name == name
    }


def _constructs(node: ast.expr | None, local: set[str]) -> bool:
    return isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in local


def _instances(tree: ast.Module, local: set[str]) -> tuple[set[str], set[str]]:
    """Variables and ``self`` attributes assigned an instance: ``game = Game()``,
    ``self.game = Game()``."""
    variables: set[str] = set()
    attributes: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and _constructs(node.value, local):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            for target in targets:
                if isinstance(target, ast.Name):
                    variables.add(target.id)
                elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                    attributes.add(target.attr)
    return variables, attributes


def members_in(tree: ast.Module, local: set[str]) -> set[str]:
    """What this file uses of the classes it calls ``local``: through the class, an
    instance it constructs, or a variable or ``self`` attribute holding one."""
    variables, attributes = _instances(tree, local)
    members: set[str] = set()
    for node in ast.walk(tree):
        if not isinstance(node, ast.Attribute) or node.attr.startswith("__"):
            continue
        owner = node.value
        if (
            (isinstance(owner, ast.Name) and owner.id in local | variables)
            or _constructs(owner, local)
            or (
                isinstance(owner, ast.Attribute)
                and isinstance(owner.value, ast.Name)
                and owner.attr in attributes
            )
        ):
            members.add(node.attr)
    return members


def members_used(module: str, name: str, sources: Mapping[str, str]) -> list[str]:
    """The members of ``name`` (imported from ``module``) the files of ``sources`` use, sorted."""
    members: set[str] = set()
    for source in sources.values():
        try:
            tree = parse_module(source)
        except (SyntaxError, ValueError):
            continue
        local = _local_names(tree, module, name)
        if local:
            members |= members_in(tree, local)
    return sorted(members)


OWN_SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda, ast.comprehension)
"""Nodes that open a scope of their own: names bound inside them are not the enclosing one's."""


def walk_scope(roots: Iterable[ast.AST], closed: tuple[type[ast.AST], ...]) -> Iterator[ast.AST]:
    """Every node under ``roots``, ``closed`` nodes included but not entered: one scope's
    nodes when ``closed`` are the nodes that open another."""
    pending: list[ast.AST] = list(roots)
    while pending:
        node = pending.pop()
        yield node
        if not isinstance(node, closed):
            pending.extend(ast.iter_child_nodes(node))


def _class_scope_names(cls: ast.ClassDef) -> set[str]:
    """Every name the class body binds: methods, nested classes, assignments of any shape
    (``a, b = 1, 2``), loop and ``with`` targets, imports, also under ``if`` and ``try``;
    not the names bound inside its methods or comprehensions (their own scopes)."""
    found: set[str] = set()
    for node in walk_scope(cls.body, OWN_SCOPES):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            found.add(node.name)
        elif isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            found.add(node.id)
        elif isinstance(node, ast.alias):
            found.add((node.asname or node.name).split(".")[0])
    return found


def members_of(cls: ast.ClassDef) -> set[str] | None:
    """What a class defines: its methods and class attributes, and every ``self.X`` its
    methods assign; None when it inherits, so it may get members from elsewhere."""
    if cls.bases:
        return None
    found = _class_scope_names(cls)
    for inner in ast.walk(cls):
        if (
            isinstance(inner, ast.Attribute)
            and isinstance(inner.ctx, ast.Store)
            and isinstance(inner.value, ast.Name)
            and inner.value.id == "self"
        ):
            found.add(inner.attr)
    return found


def class_members(tree: ast.Module, name: str) -> set[str] | None:
    """``members_of`` the top-level class ``name``; None when the file has no such class."""
    for node in tree.body:
        if isinstance(node, ast.ClassDef) and node.name == name:
            return members_of(node)
    return None
