"""What happens to a file a model wrote, before anyone reads it: no model call.

In order: in a change run the definitions its rewrite dropped are put back
(``nodes.kept_definitions``; first, since what it brings back may need imports), the
repairs whose intent the file itself shows (``nodes.code_repairs``), then its imports
completed against the project's files (``nodes.auto_imports``). One pipeline for every
writer (the Engineer's files and rewrites, candidates, fixes), so none of them can skip a
step the others take.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from nodes.auto_imports import completed, imports_note
from nodes.code_repairs import REPAIRED, repaired
from nodes.kept_definitions import KEPT, kept_in_change
from state.artifacts import CodeFile


def finished(
    state: Mapping[str, Any], path: str, content: str, code: Mapping[str, CodeFile]
) -> tuple[str, list[str]]:
    """``content`` of ``path`` after the pipeline, with ``code`` the project it joins; what
    was done, for the summary (``completion_note``)."""
    content, kept = kept_in_change(state, path, content)
    content, repairs = repaired(content)
    content, done = completed(content, path, code, state["settings"].scope)
    return content, done + [f"{KEPT}{name}" for name in kept] + [f"{REPAIRED}{note}" for note in repairs]


def completion_note(done: list[str]) -> str:
    """For the publication's summary: the imports added or removed, the definitions kept,
    the repairs made."""
    kept = [item.removeprefix(KEPT) for item in done if item.startswith(KEPT)]
    repairs = [item.removeprefix(REPAIRED) for item in done if item.startswith(REPAIRED)]
    note = imports_note([item for item in done if not item.startswith((KEPT, REPAIRED))])
    if kept:
        note += f"; kept from before the change (the rewrite dropped them): {', '.join(kept)}"
    if repairs:
        note += f"; repaired without a model: {', '.join(repairs)}"
    return note
