"""What a change run's roles read of the project, and what they leave out (issue 26).

Why: a change must cost at most half of building the changed project from scratch, yet on
the 1.5B the ``units`` change cost 1.28x its rebuild. Its calls are fewer (no candidates,
only the planned files), but each was larger than the rebuild's: every role read the
whole PRD, the changed project's story, and the Engineer every other file in full, as
well as what the change needs. ``benchmarks.change_prompts`` measures each prompt's
sections, change against rebuild; what it showed is cut here, in views of the channels the
roles already read (``nodes.prompting.VIEWS``), so the roles still couple through the
artifacts alone:

* the PRD as ``prd_delta`` (``nodes.prompting.PRD_DELTA_FIELDS``) for every role after the
  ProductManager: what the change adds, alters and keeps, not the product's pitch;
* the Engineer reads in full only the project files the file it writes imports, or that
  its task names; the others' interfaces are in the design and in the change request's
  outline of every file (``graph.changes.outline``), and the file being rewritten is in
  its instruction (``nodes.engineer.current_version``).

Outside a change run nothing here changes a prompt.
"""

from __future__ import annotations

import ast
from collections.abc import Mapping, Sequence
from typing import Any

from nodes.auto_imports import module_of
from nodes.file_waves import mentions, module_names
from state.artifacts import CodeFile
from state.changes import change_of
from state.syntax_tree import parse_module


def for_change(channels: Sequence[str], state: Mapping[str, Any]) -> tuple[str, ...]:
    """``channels`` with the PRD read as ``prd_delta`` in a change run; as they are otherwise."""
    if change_of(state) is None:
        return tuple(channels)
    return tuple("prd_delta" if channel == "prd" else channel for channel in channels)


def imported_modules(content: str, path: str) -> set[str] | None:
    """The dotted modules ``content`` imports (``from a.b import c`` gives ``a.b`` and
    ``a.b.c``; a relative import is resolved against ``path``'s package); ``None`` when it
    does not parse (then nothing can be told)."""
    try:
        tree = parse_module(content)
    except (SyntaxError, ValueError):
        return None
    package = module_of(path).split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found |= {module} | {f"{module}.{alias.name}".lstrip(".") for alias in node.names}
    return found


def files_a_change_reads(code: Mapping[str, CodeFile], path: str, logic: str) -> dict[str, CodeFile]:
    """The project files the Engineer reads in full while changing ``path``: those its
    current version imports, and those its task (``logic``) names. A new file, or one that
    does not parse, with no file named in its task reads every other file (what it will
    import is not known yet).

    The rest stay visible as interfaces (the design, the change request's outline): a file
    the change does not import cannot make it break, and sent whole it was the Engineer's
    largest input after the PRD on a project of a few files."""
    others = {p: f for p, f in code.items() if p != path}
    named = {p for p in others if any(mentions(logic, name) for name in module_names(p))}
    imported = imported_modules(code[path].content, path) if path in code else None
    if imported is None and not named:
        return others
    wanted = named | {p for p in others if module_of(p).removesuffix(".__init__") in (imported or set())}
    return {p: f for p, f in others.items() if p in wanted}
