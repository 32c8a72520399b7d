"""The Engineer's review of a file that uses names behind project star imports. No model call.

Why: pyflakes reports a name used in a file with ``from utils import *`` only as "may come
from a star import", so the review's undefined-name check (``nodes.code_checks``) passed
SoftwareDev's flappy bird files that called ``clear()``, ``fill()`` and ``text()`` (p5.js
names, defined nowhere) behind such an import, and the game stopped on the first of them
when started. Names another project file defines are imported before the review
(``nodes.auto_imports``); what is left here is defined nowhere the file can reach.
"""

from __future__ import annotations

from collections.abc import Mapping

from nodes.auto_imports import ProjectIndex
from nodes.code_checks import syntax_problem, undefined_names_finding
from nodes.star_imports import has_star_import, names_no_star_import_gives
from state.artifacts import CodeFile
from state.syntax_tree import parse_module


def star_import_problem(path: str, content: str, written: Mapping[str, CodeFile]) -> str | None:
    """The finding for names ``content`` uses that neither it nor any of its project star
    imports (judged against the files ``written`` so far) provides."""
    if syntax_problem(content, path):
        return None
    tree = parse_module(content)
    if not has_star_import(tree):  # nearly every file: no index of the project needed
        return None
    sources = {p: f.content for p, f in written.items()} | {path: content}
    hidden = names_no_star_import_gives(tree, path, ProjectIndex.of(sources).exports)
    return undefined_names_finding(hidden, f"`{path}` (through its star imports)")
