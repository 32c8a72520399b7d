"""The files of a reply that writes several: each ``FILE: path`` line names the fenced block
after it.

Why its own module: the project benchmark's ``direct`` answer and the graph's direct
candidate of a project (``nodes.candidates``) are the same call and must read the same reply
the same way; kept in ``state`` beside the other reply parsers, neither imports the other.
"""

from __future__ import annotations

import re

_LABEL = re.compile(r"^[ \t#*>-]*FILE[ \t]*:[ \t]*[`*'\"]*([\w./-]+\.py)[`*'\"]*[ \t]*$", re.M | re.I)
_BLOCK = re.compile(r"```[a-zA-Z0-9_+-]*[ \t]*\n(.*?)(?:\n```|\Z)", re.S)
_NAMED_IN_FIRST_LINE = re.compile(r"^\s*#\s*([\w./-]+\.py)\s*$")


def files_from_reply(text: str, modules: tuple[str, ...]) -> dict[str, str]:
    """Path -> content of every file the reply writes. Lenient where a model's formatting
    drifts, strict about nothing a grader should judge: markdown around the label is ignored,
    a file that does not compile is kept (the tests fail it, the other files still count), an
    unlabelled block whose first line is a ``# path.py`` comment takes that path, and with no
    label at all a reply for one module (``modules``) gives it the longest block."""
    files: dict[str, str] = {}
    labels = list(_LABEL.finditer(text))
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        block = _BLOCK.search(text, label.end(), end)
        if block is not None:
            files[label.group(1).lstrip("./")] = block.group(1).rstrip("\n") + "\n"
    if files:
        return files
    blocks = _BLOCK.findall(text)
    for block in blocks:
        named = _NAMED_IN_FIRST_LINE.match(block.split("\n", 1)[0])
        if named:
            files[named.group(1).lstrip("./")] = block.rstrip("\n") + "\n"
    if not files and blocks and len(modules) == 1:
        files[modules[0]] = max(blocks, key=len).rstrip("\n") + "\n"
    return files
