"""Which of a project's files the Engineer may write at the same time: waves by dependency.

Why: a file written at the same time as a file it imports cannot see that file's code, so it
guesses its names; a file whose project imports are all written already loses nothing by
being written beside others. Which file uses which is read from the documents alone (no
model call, no parsing of code not yet written), by one mechanical rule:

* A planned file *depends on* every other planned file whose module name, or one of whose
  classes, its logic-analysis description (``TaskPlan.logic_analysis``: "classes/functions
  and their dependencies") mentions as a whole word, in any case. ``pkg/calc.py`` is named
  ``calc`` and ``pkg.calc``; ``calc.py`` is mentioned by "CLI using calc.add".
* A class of the design's class diagram belongs to the file named after it (``GameBoard``
  -> ``game_board.py`` or ``gameboard.py``), else to the first planned file whose
  description mentions it (the task list names a file before the files that use it).
* The task list's last file depends on every other file: it is the entry point by MetaGPT's
  convention, and the requirement's names that no file is assigned are checked there once
  every other file exists (``nodes.code_name_checks.file_name_problems``), so it goes last, alone.

A wave is every remaining file none of whose dependencies remains to be written, in path
order (the order its reviews are recorded in). When no file is ready (a cycle, or a
description that mentions a file which uses it back), the first remaining file in task-list
order goes alone, as the serial Engineer would have written it. A word that is both prose
and a module name ("the main loop") only ever makes a file wait longer, never start early.

Files of one wave do not see each other: each is written from the documents and the files
of the earlier waves (they are in ``code``), as the serial Engineer wrote every file from
the files before it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence


def module_names(path: str) -> set[str]:
    """How code and prose name the module a file makes: ``pkg/calc.py`` -> ``calc``, ``pkg.calc``."""
    dotted = path.removesuffix(".py").removesuffix("/__init__").replace("/", ".")
    return {dotted, dotted.rsplit(".", 1)[-1]}


def mentions(text: str, name: str) -> bool:
    """``name`` as a whole word of ``text`` (a dot may follow: ``calc.add``), in any case."""
    return re.search(rf"(?<![\w.]){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None


def _snake(name: str) -> str:
    """``GameBoard`` -> ``game_board``."""
    return re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).lower()


def class_owners(
    order: Sequence[str], descriptions: Mapping[str, str], classes: Iterable[str]
) -> dict[str, str]:
    """Each class's file: the one named after it, else the first whose description names it."""
    owners: dict[str, str] = {}
    for name in classes:
        named = [p for p in order if {_snake(name), name.lower()} & module_names(p)]
        mentioning = [p for p in order if mentions(descriptions.get(p, ""), name)]
        if found := named or mentioning:
            owners[name] = found[0]
    return owners


def dependencies(
    order: Sequence[str], descriptions: Mapping[str, str], classes: Iterable[str] = ()
) -> dict[str, set[str]]:
    """For each planned file (``order``: the task list's order), the planned files it uses."""
    owners = class_owners(order, descriptions, classes)
    names = {path: set(module_names(path)) for path in order}
    for name, owner in owners.items():
        names[owner].add(name)
    deps: dict[str, set[str]] = {}
    for path in order:
        text = descriptions.get(path, "")
        deps[path] = {
            other for other in order if other != path and any(mentions(text, n) for n in names[other])
        }
    if len(order) > 1:
        deps[order[-1]] = set(order[:-1])
    return deps


def next_wave(queue: Sequence[str], deps: Mapping[str, set[str]]) -> list[str]:
    """The files of ``queue`` (task-list order) that use none of the others still queued,
    in path order; the first queued file alone when a cycle leaves none ready."""
    waiting = set(queue)
    ready = [path for path in queue if not (deps.get(path, set()) - {path}) & waiting]
    return sorted(ready) if ready else list(queue[:1])


def waves(order: Sequence[str], deps: Mapping[str, set[str]]) -> list[list[str]]:
    """Every wave of a round that starts with ``order`` queued."""
    queue, found = list(order), []
    while queue:
        wave = next_wave(queue, deps)
        found.append(wave)
        queue = [path for path in queue if path not in wave]
    return found
