"""A change keeps what it was not asked to remove: definitions a rewrite drops are put back.

Why: asked to add ``c_to_k`` to ``units.py`` ("the existing commands stay as they are"), the
1.5B rewrote the file with ``c_to_f`` renamed to ``c_to_k``: every old test and the entry
point's import of ``c_to_f`` failed (the change benchmark's ``units`` scenario, 0568d39).
The issue's rule is that a change keeps existing interfaces unless it needs them changed
and says which. So in a change run, a top-level function or class that the file's current
version defines and its rewrite neither defines nor imports is copied back from the current
version, without a model call, unless the change says it goes: a word of removal
("remove", "rename", "replace", "no longer", ...) next to its name (``said_to_go``). A
change that merely names it keeps it: the wordstats bug report ("`word_count("Hello,
hello! World.")` should return ...; `top_words` must count the same way") came back from the
1.5B as a class whose methods replaced both functions, and every old and new test failed on
the import (docs/benchmarks.md section 6). It goes before the file's ``if __name__ ==
"__main__":`` block, which would otherwise run before it is defined.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping
from typing import Any

from nodes.bound_names import bound_names
from nodes.code_checks import is_main_guard
from state.changes import change_of
from state.syntax_tree import parsed_module

KEPT = "kept "
"""Marks, in the Engineer's list of completions, a definition put back (not an import)."""

MARKER = "# kept by sopgraph from the version before this change (the rewrite dropped it)"


def _definitions(tree: ast.Module, content: str) -> dict[str, str]:
    """Top-level functions and classes -> their source, decorators included."""
    lines = content.splitlines()
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef) and node.end_lineno:
            first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
            found[node.name] = "\n".join(lines[first - 1 : node.end_lineno])
    return found


def _main_guard_line(tree: ast.Module) -> int | None:
    """The first line of a top-level ``if __name__ == "__main__":``, if there is one."""
    return next((node.lineno for node in tree.body if is_main_guard(node)), None)


_GOING = r"remov\w*|delet\w*|drop\w*|renam\w*|replac\w*|deprecat\w*|obsolete|no longer|get rid of|instead of"
_SEPARATOR = r"[^\w.;!?]+"
"""Between two words of one sentence."""
_FILLER = (
    r"(?:the|an?|old|existing|current|function|method|class|command|this|that"
    r"|is|are|was|be|been|will|should|must|can|now)"
)
"""Words that may stand between a word of removal and the name it applies to."""


def said_to_go(name: str, requirement: str) -> bool:
    """Does ``requirement`` say ``name`` goes: a word of removal next to it, with only filler
    words between ("remove `f`", "rename the old `f` to `g`", "`f(x)` is no longer needed")?
    Only next to it: "strip the punctuation ... and drop what becomes empty" drops words, not
    ``word_count`` earlier in the sentence, and "a command to remove an item: `TodoList.remove`"
    removes an item, not ``TodoList``."""
    named = rf"\b{re.escape(name)}\b"
    fill = rf"{_SEPARATOR}(?:{_FILLER}{_SEPARATOR})*?"
    before = rf"\b(?:{_GOING}){fill}{named}"
    after = rf"{named}(?:\([^)]*\))?{fill}(?:{_GOING})\b"
    return re.search(f"{before}|{after}", requirement, re.IGNORECASE) is not None


def dropped_definitions(before: str, after: str, requirement: str) -> dict[str, str]:
    """Definitions of ``before`` that ``after`` loses and ``requirement`` does not say go."""
    old, new = parsed_module(before), parsed_module(after)
    if old is None or new is None:
        return {}
    bound = bound_names(new)  # a moved function is imported
    return {
        name: source
        for name, source in _definitions(old, before).items()
        if name not in bound and not said_to_go(name, requirement)
    }


def with_kept_definitions(before: str, after: str, requirement: str) -> tuple[str, list[str]]:
    """``after`` with ``dropped_definitions`` put back, and their names."""
    dropped = dropped_definitions(before, after, requirement)
    tree = parsed_module(after)
    if not dropped or tree is None:
        return after, []
    block = [MARKER, *("\n\n".join(dropped.values()).splitlines())]
    lines = after.rstrip("\n").splitlines()
    guard = _main_guard_line(tree)
    at = guard - 1 if guard is not None else len(lines)
    kept = [*lines[:at], "", "", *block, "", "", *lines[at:]] if at < len(lines) else [*lines, "", "", *block]
    return "\n".join(kept).rstrip("\n") + "\n", list(dropped)


def kept_in_change(state: Mapping[str, Any], path: str, content: str) -> tuple[str, list[str]]:
    """In a change run, ``content`` (a rewrite of ``path`` by the Engineer or a fix) with the
    definitions it dropped put back; outside one, or for a new file, as it is."""
    code = state.get("code") or {}
    if change_of(state) is None or path not in code:
        return content, []
    return with_kept_definitions(code[path].content, content, state.get("requirement") or "")
