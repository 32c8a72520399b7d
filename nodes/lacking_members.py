"""Members a project's classes are asked for and never define. No model call.

Why: SoftwareDev's 2048 at 42a30a8 shipped a ``ui.py`` whose ``GameUI.start`` calls
``self.game_ui.display_game_state()`` and ``handle_user_input()`` on a ``GameUI`` that
defines neither; every start crashed on ``AttributeError``, and the one fix round was undone
because the crash stayed. What a class is asked for is in the project's syntax trees: the
``self.X`` its own methods read, and what this file and the files importing the class call
on it or its instances (``nodes.imported_members``). What it defines is
``members_of``. The Engineer's review of a file names what its classes lack of their own
``self.X`` and of what the files written before it use (``nodes.engineer``); once every file
exists, the round-closing rewrite (``nodes.cross_file_names``) names what the later files use.

A class that inherits, has a metaclass, or makes attributes itself (``__getattr__``,
``setattr``, ``__dict__``) is left out: its members may come from where the tree cannot see.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping

from nodes.auto_imports import is_test_path, module_of
from nodes.imported_members import members_in, members_of, members_used, walk_scope
from state.artifacts import CodeFile
from state.syntax_tree import parsed_module

DYNAMIC_METHODS = frozenset({"__getattr__", "__getattribute__"})


def _makes_attributes_itself(cls: ast.ClassDef) -> bool:
    """True when the class may have members its body does not spell out."""
    if cls.keywords:
        return True
    for node in ast.walk(cls):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name in DYNAMIC_METHODS:
            return True
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "setattr":
            return True
        if isinstance(node, ast.Attribute) and node.attr == "__dict__":
            return True
    return False


def _self_reads(cls: ast.ClassDef) -> set[str]:
    """The ``self.X`` the class's own methods read (not those of classes nested in it: their
    ``self`` is another object)."""
    return {
        node.attr
        for node in walk_scope(cls.body, (ast.ClassDef,))
        if isinstance(node, ast.Attribute)
        and isinstance(node.ctx, ast.Load)
        and isinstance(node.value, ast.Name)
        and node.value.id == "self"
    }


def members_lacking(path: str, content: str, code: Mapping[str, CodeFile]) -> dict[str, list[str]]:
    """Class of ``content`` -> the members it is asked for and does not define, sorted; only
    classes lacking some (empty when ``content`` does not parse, or is a test file)."""
    tree = None if is_test_path(path) else parsed_module(content)
    if tree is None:
        return {}
    others = {
        other: file.content for other, file in code.items() if other != path and not is_test_path(other)
    }
    lacking: dict[str, list[str]] = {}
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef) or _makes_attributes_itself(cls):
            continue
        if (defined := members_of(cls)) is None:
            continue
        imported = members_used(module_of(path), cls.name, others)
        used = _self_reads(cls) | members_in(tree, {cls.name}) | set(imported)
        missing = sorted(m for m in used if m not in defined and not m.startswith("__"))
        if missing:
            lacking[cls.name] = missing
    return lacking


def lacking_member_names(path: str, content: str, code: Mapping[str, CodeFile]) -> list[str]:
    """``members_lacking`` as ``Class.member`` names, for counting and notes."""
    lacking = members_lacking(path, content, code)
    return [f"{cls}.{member}" for cls, members in lacking.items() for member in members]


def lacking_members_problem(path: str, content: str, code: Mapping[str, CodeFile]) -> str | None:
    """The finding for a file whose classes lack members the project uses, or None."""
    lacking = members_lacking(path, content, code)
    if not lacking:
        return None
    listed = "; ".join(
        f"`{cls}` lacks {', '.join(f'`{m}`' for m in members)}" for cls, members in lacking.items()
    )
    return (
        f"In `{path}`, the project uses members its classes never define ({listed}): every start "
        "would raise AttributeError. Define each in its class under that exact name, or stop using it."
    )
