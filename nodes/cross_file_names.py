"""After a round, once every file exists: imports completed across the files, and a file
lacking names the project's other files import from it, or members the project calls on
its classes, gets a rewrite that names them. No model call when nothing is missing.

Why: files are written in dependency order, so a module is usually written before the
files that import from it, and its review cannot know what they will expect. SoftwareDev's
snake, flappy-bird and tank-battle runs (508864f, 056c1c1) each wrote a ``game.py`` without
the ``Game`` that ``main.py`` and others import, and every start crashed on that import
through three fix rounds, whose prompts show the traceback, not what is missing. Once every
file exists the missing names are known exactly (``nodes.suite_imports``), without a model.

The same holds for a class's members (``nodes.lacking_members``): a method that its own
methods or the other files call and that nobody defines is an ``AttributeError`` on start
(SoftwareDev's 2048 at 42a30a8: ``GameUI.display_game_state``); the rewrite is asked for
those too, and counted on both.

A rewrite is kept only when it compiles and leaves fewer of those names missing: a small
model's rewrite can lose more than it adds. One that is not kept is asked again, sampled
(``ATTEMPTS``): a greedy model asked the same prompt twice answers the same.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from nodes.auto_imports import completed
from nodes.code_checks import syntax_problem
from nodes.lacking_members import lacking_member_names, lacking_members_problem
from nodes.suite_imports import imported_names_problem, names_lacking
from state.artifacts import CodeFile, Publication, revised_file

MAX_REWRITES = 3
"""Files rewritten per round at most: a project whose every module lacks names has a design
problem no rewrite of single files fixes."""


def files_lacking_names(code: Mapping[str, CodeFile], planned: list[str]) -> dict[str, str]:
    """Planned file -> the finding that names what the other files import from it and it
    lacks (``imported_names_problem``) and the members its classes are asked for and lack
    (``lacking_members_problem``), for each file lacking any."""
    lacking: dict[str, str] = {}
    for path in planned:
        if path not in code:
            continue
        content = code[path].content
        problems = [imported_names_problem(path, content, code), lacking_members_problem(path, content, code)]
        if found := [problem for problem in problems if problem]:
            lacking[path] = "\n".join(found)
    return lacking


def missing_in(path: str, content: str, code: Mapping[str, CodeFile]) -> list[str]:
    """What ``content`` as ``path`` lacks: imported names, then ``Class.member`` names."""
    version = {**code, path: CodeFile(path=path, content=content)}
    return names_lacking(path, content, version) + lacking_member_names(path, content, version)


ATTEMPTS = 3
"""Rewrites asked of one file at most: the first greedy, the others sampled, each with its
own seed; the first that is kept ends the asking. Why: SoftwareDev's 2048 at 8123323 and
ff02007 shipped a ``server.py`` without the ``Server`` that ``main.py`` and ``ui.py``
import; the one greedy rewrite left it out, and so did every fix round after it, so every
start crashed on that import."""

Rewrite = Callable[[str, str, str, int], str]
"""``rewrite(path, content, comment, attempt)``: the whole file again, from the model (the
Engineer's rewrite prompt, charged to the Engineer's ledger); ``attempt`` 0 is greedy, a
later one sampled with a seed of its own."""


def rewrite_lacking(code: Mapping[str, CodeFile], planned: list[str], rewrite: Rewrite) -> dict[str, Any]:
    """The round-closing rewrites: ``{"code": ..., "messages": ...}``, empty when nothing is
    missing."""
    current = dict(code)
    rewritten: dict[str, CodeFile] = {}
    notes: list[str] = []
    for path, problem in list(files_lacking_names(current, planned).items())[:MAX_REWRITES]:
        before = missing_in(path, current[path].content, current)
        why = ""
        for attempt in range(ATTEMPTS):
            content = rewrite(path, current[path].content, problem, attempt)
            after = missing_in(path, content, current)
            why = syntax_problem(content, path) or ""
            if why or len(after) >= len(before):
                why = why or f"still lacks {', '.join(after)}"
                continue
            current[path] = rewritten[path] = revised_file(current, path, content)
            tried = f" (rewrite {attempt + 1} of {ATTEMPTS})" if attempt else ""
            notes.append(f"{path}: now defines {', '.join(n for n in before if n not in after)}{tried}")
            break
        else:
            notes.append(f"{path}: none of {ATTEMPTS} rewrites kept (the last: {why.splitlines()[0]})")
    if not notes:
        return {}
    update: dict[str, Any] = {
        "messages": [
            Publication(
                role="engineer",
                action="AddImportedNames",
                artifact="code",
                summary="names other files import, asked of the file they import them from: "
                + "; ".join(notes),
            )
        ]
    }
    if rewritten:
        update["code"] = rewritten
    return update


def imports_across_files(code: Mapping[str, CodeFile], planned: list[str]) -> dict[str, CodeFile]:
    """The planned files whose imports, completed now that every file is written, change
    (``nodes.auto_imports.completed``; no model call; project scope).

    Why: a file's imports are completed when it is written, against the files written
    before it; a name it uses from a file written later stays undefined. SoftwareDev's crud
    run at 508864f wrote ``main.py`` calling ``Database(...)`` before ``ui.py`` defined the
    class, and every start crashed on that NameError through three fix rounds."""
    current = dict(code)
    changed: dict[str, CodeFile] = {}
    for path in planned:
        if path in current:
            content, _ = completed(current[path].content, path, current, "project")
            if content != current[path].content:
                current[path] = changed[path] = current[path].model_copy(update={"content": content})
    return changed
