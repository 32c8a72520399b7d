"""Names a project file is imported for and does not define, read from a run's output.

Why: SoftwareDev's 2048 at 2f60054 and again at 8123323 stopped on ``ImportError: cannot
import name 'Server' from 'server'``: three fix rounds were shown that traceback and none
defined ``Server`` in ``server.py`` (the 1.5B rewrote the importing files). The traceback
already says which file lacks which name; the fix prompt says it in words
(``nodes.debug_fix.MISSING_NAMES``). No model call.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from nodes.auto_imports import module_of
from state.artifacts import CodeFile

_CANNOT_IMPORT = re.compile(r"ImportError: cannot import name '(?P<name>\w+)' from '(?P<module>[\w.]+)'")
_NO_ATTRIBUTE = re.compile(r"AttributeError: module '(?P<module>[\w.]+)' has no attribute '(?P<name>\w+)'")


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
    return list(found)


def missing_names_line(missing: list[tuple[str, str]]) -> str:
    """``Server`` in ``server.py``, ...: how the fix prompt lists them."""
    return "; ".join(f"`{name}` in `{path}`" for path, name in missing)
