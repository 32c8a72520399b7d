"""Names a project file is imported for, and members a project class is asked for, that
they do not define, read from a run's output.

Why: SoftwareDev's 2048 at 2f60054 and again at 8123323 stopped on ``ImportError: cannot
import name 'Server' from 'server'``: three fix rounds were shown that traceback and none
defined ``Server`` in ``server.py`` (the 1.5B rewrote the importing files). The traceback
already says which file lacks which name; the fix prompt says it in words
(``nodes.debug_fix.MISSING_NAMES``). The same for a class's member: 2048 at 42a30a8
crashed on ``AttributeError: 'GameUI' object has no attribute 'display_game_state'`` and its
one fix was undone; the file holding ``class GameUI`` is the one to add it to. No model call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from nodes.auto_imports import is_test_path, module_of
from state.artifacts import CodeFile

_CANNOT_IMPORT = re.compile(r"ImportError: cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)'")
_NO_ATTRIBUTE = re.compile(r"AttributeError: module '(?P<module>[\w.]+)' has no attribute '(?P<name>\w+)'")
_NO_MEMBER = re.compile(
    r"AttributeError: (?:type object )?'(?P<cls>\w+)'(?: object)? has no attribute '(?P<name>\w+)'"
)


def _class_files(code: Mapping[str, CodeFile]) -> dict[str, str]:
    """Top-level class name -> the project file defining it (the first, when several do)."""
    found: dict[str, str] = {}
    for path, file in code.items():
        if path.endswith(".py") and not is_test_path(path):
            for name in re.findall(r"^class (\w+)", file.content, flags=re.MULTILINE):
                found.setdefault(name, path)
    return found


def names_not_defined(output: str, code: Mapping[str, CodeFile]) -> list[tuple[str, str]]:
    """(file, name) for each name the output shows imported from, or looked up on, a
    project file that does not define it, each once (import errors first). A
    module outside the project (a package's missing name) is not the project's to fix."""
    paths = {module_of(path): path for path in code if path.endswith(".py")}
    found: dict[tuple[str, str], None] = {}
    for pattern in (_CANNOT_IMPORT, _NO_ATTRIBUTE):
        for match in pattern.finditer(output):
            path = paths.get(match["module"])
            if path is not None:
                found.setdefault((path, match["name"]), None)
    classes = _class_files(code)
    for match in _NO_MEMBER.finditer(output):
        path = classes.get(match["cls"])
        if path is not None:
            found.setdefault((path, f"{match['cls']}.{match['name']}"), None)
    return list(found)


def missing_names_line(missing: list[tuple[str, str]]) -> str:
    """``Server`` in ``server.py``, ...: how the fix prompt lists them."""
    return "; ".join(f"`{name}` in `{path}`" for path, name in missing)
