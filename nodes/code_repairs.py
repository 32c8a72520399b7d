"""Repairs of a written file that need no model call, applied to everything a model writes
as code (``nodes.written_file``: the Engineer's files, candidates, fixes).

Each repair fixes one mistake the small models make that no prompt reliably prevents and
whose intent is plain from the file itself: an answer cut off inside a loop of repeated
methods (``nodes.salvage.looped_module_prefix``), a read-only property its own class
assigns to (``nodes.property_backing``). Imports are completed separately
(``nodes.auto_imports``), because they read the project's other files.
"""

from __future__ import annotations

from nodes.property_backing import with_backing_attributes
from nodes.salvage import looped_module_prefix

LOOP_CUT = "its repeating end, cut off by the answer cap, dropped"

REPAIRED = "repaired "
"""Marks, in the Engineer's list of what completion did, a repair of this module."""


def repaired(content: str) -> tuple[str, list[str]]:
    """``content`` repaired, and what was done (one note per repair, for the summary)."""
    notes: list[str] = []
    if (kept := looped_module_prefix(content)) is not None:
        content = kept
        notes.append(LOOP_CUT)
    content, backed = with_backing_attributes(content)
    notes += [f"read-only property {name}" for name in backed]
    return content, notes
