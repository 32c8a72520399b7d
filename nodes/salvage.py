"""Recover a JSON artifact from a reply that looped and was cut off mid-string.

Why: the small local models, asked for a design or a task plan as JSON, sometimes start
repeating one line inside the last fields (``participant Caller`` forty times in a
``sequenceDiagram``). The repetition guard or the answer cap stops them, and what is left
is valid JSON up to the loop and an unterminated string after it. Greedy repairs walk into
the same loop (measured: 6 of 10 HumanEval designs on the 0.5B, docs/benchmarks.md). What
a human editor would do is delete the repeats and close the brackets; ``salvage_json``
does exactly that. When the loop ate fields (it started in the first one), the kept
part is shown back and only the missing or invalid fields are asked for
(``fields_to_redo``, ``remainder_schema``); the merged artifact is validated against the
full schema, so nothing unchecked gets through.

Plain-text replies (a whole test file) are cut off the same way: QA writes the same assert
forty times and the cap stops it mid-line, leaving a file that does not compile.
``compiling_prefix`` drops the unfinished lines at the end, as an editor would, and keeps the
rest only if it compiles; the caller decides whether a shortened file is acceptable (a test
suite with one assert fewer is; a half-written module is not).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel, ValidationError, create_model

LOOP_PROBE_CHARS = 48
"""A run of this many characters seen again later marks where a loop began."""


def loop_start(text: str, probe: int = LOOP_PROBE_CHARS) -> int | None:
    """Where the second copy of the earliest repeated ``probe``-character run begins, if any.

    The first copy is kept (it may be legitimate content); everything from the second copy
    on is the loop.
    """
    seen: dict[str, int] = {}
    for start in range(len(text) - probe + 1):
        run = text[start : start + probe]
        if seen.setdefault(run, start) != start:
            return start
    return None


def _open_containers(text: str) -> tuple[list[str], bool]:
    """The brackets still open at the end of ``text``, and whether it ends inside a string."""
    stack: list[str] = []
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            stack.append("}" if char == "{" else "]")
        elif char in "}]" and stack:
            stack.pop()
    return stack, in_string


def close_json(text: str) -> str:
    """``text`` with an open string and all open brackets closed (a dangling escape dropped)."""
    stack, in_string = _open_containers(text)
    if in_string:
        trailing_backslashes = len(text) - len(text.rstrip("\\"))
        text = text[: len(text) - trailing_backslashes % 2] + '"'
    return text.rstrip().rstrip(",") + "".join(reversed(stack))


def _cut_points(text: str) -> list[int]:
    """Where to try ending the answer: the loop's start, then each earlier comma."""
    end = loop_start(text)
    points = [len(text) if end is None else end]
    points += [i for i in range(points[0] - 1, -1, -1) if text[i] == ","][:20]
    return points


def salvage_json(text: str) -> dict[str, Any] | None:
    """The longest loop-free prefix of ``text`` that closes into a JSON object, or None."""
    start = text.find("{")
    if start < 0:
        return None
    body = text[start:]
    for cut in _cut_points(body):
        try:
            value = json.loads(close_json(body[:cut]))
        except json.JSONDecodeError:
            continue
        if isinstance(value, dict) and value:
            return value
    return None


def fields_to_redo(schema: type[BaseModel], partial: dict[str, Any]) -> list[str]:
    """The top-level fields of ``partial`` that are missing or fail ``schema``'s validation."""
    try:
        schema.model_validate(partial)
    except ValidationError as error:
        names = {str(e["loc"][0]) for e in error.errors() if e["loc"]}
        return [name for name in schema.model_fields if name in names]
    return []


def remainder_schema(schema: type[BaseModel], fields: list[str]) -> type[BaseModel]:
    """A model of only ``fields`` of ``schema`` (same types and descriptions), to ask for them."""
    definitions: dict[str, Any] = {
        name: (schema.model_fields[name].annotation, schema.model_fields[name]) for name in fields
    }
    return create_model(f"{schema.__name__}Rest", **definitions)


MAX_DROPPED_LINES = 40
"""How far back from the cut ``compiling_prefix`` looks for a line where the file compiles."""


def compiling_prefix(code: str, max_dropped_lines: int = MAX_DROPPED_LINES) -> str | None:
    """The longest whole-line prefix of ``code`` that compiles, dropping at most
    ``max_dropped_lines`` lines from the end; None when none does (or the prefix is empty)."""
    lines = code.rstrip("\n").splitlines()
    for keep in range(len(lines), max(len(lines) - max_dropped_lines, 0) - 1, -1):
        prefix = "\n".join(lines[:keep]).rstrip()
        if not prefix:
            return None
        try:
            compile(prefix, "<salvaged>", "exec")
        except (SyntaxError, ValueError):
            continue
        return prefix + "\n"
    return None


def looped_module_prefix(code: str) -> str | None:
    """A module cut off inside a loop, its unfinished end dropped; None when it compiles
    already, shows no loop, or the cut would reach back before the loop began.

    Why: SoftwareDev's tank-battle run at 2f60054 shipped a ``restart.py`` whose two
    methods the 1.5B wrote over and over until the answer cap cut it at ``def restart``;
    the file did not compile and every import of the project failed (grade F). Unlike a
    half-written module, everything after the loop began is repetition: dropping the
    unfinished lines loses nothing the file meant to say (``compiling_prefix``, kept only
    when each dropped line lies after ``loop_start``)."""
    try:
        compile(code, "<module>", "exec")
    except (SyntaxError, ValueError):
        pass
    else:
        return None
    start = loop_start(code)
    if start is None:
        return None
    kept = compiling_prefix(code)
    if kept is None or len(kept.rstrip()) < start:
        return None
    return kept
