"""The names a requirement fixes, read from its text without a model (``RequiredNames``,
defined in ``state/acceptance.py`` beside the examples: checkpoints name it there).

Why binding: a user's ``from units import c_to_f`` fails whatever the code does if the
Architect renames it; the design and the code are checked against these names.
"""

from __future__ import annotations

import builtins
import re

from state.acceptance import RequiredNames
from state.syntax_tree import parse_module

_DEF = re.compile(r"\bdef\s+(?P<name>[A-Za-z_]\w*)\s*(?P<sig>\([^)]*\)(?:\s*->\s*[^:\n`]+)?)")
_BACKTICK_CALL = re.compile(r"`(?P<name>[A-Za-z_]\w*)\((?P<args>[^)`]*)\)(?P<ret>\s*->\s*[^`]+)?`")
_MODULE = re.compile(r"(?<![\w/.-])(?P<file>[A-Za-z_]\w*\.py)\b")
_CLASS = re.compile(r"\bclass\s+`?(?P<name>[A-Z]\w*)")
_BUILTINS = frozenset(dir(builtins))
"""``len(cache)`` in a requirement says how the object behaves, not that ``len`` is defined."""


def _parameter_list(args: str) -> bool:
    """``a, b: int = 0`` or ``first: tuple[date, date]`` is a parameter list; ``100, 'x'`` (a
    call's arguments) is not: it must parse as the parameters of a ``def``."""
    try:
        parse_module(f"def _({args}): pass")
    except (SyntaxError, ValueError):
        return False
    return True


def _is_class_name(name: str) -> bool:
    """``Account``, ``LRUCache``: a backticked call of a CapWords name constructs a class."""
    return name[0].isupper() and not name.isupper()


def required_names(requirement: str) -> RequiredNames:
    """The names the requirement fixes: ``def f(...)``, `` `f(x)` ``, ``units.py``, ``class A``.

    Only explicit forms count (a ``def``, a backticked call, a ``.py`` file name, a
    ``class`` keyword): a word in prose is not a binding name. A backticked call of a
    CapWords name is a class (``Account(owner: str)``), not a function to define at module
    level, and a builtin's call (``len(cache)``) binds nothing: read as functions, both
    made the name checks ask the bank, LRU, inventory and to-do projects (docs/benchmarks.md
    section 4) for module-level functions their requirements never wanted. The methods the
    requirement lists stay in ``functions``: the checks accept a method of a named class.
    """
    functions: dict[str, str] = {}
    classes = [m["name"] for m in _CLASS.finditer(requirement)]
    for match in _DEF.finditer(requirement):
        functions.setdefault(match["name"], f"{match['name']}{match['sig'].strip()}")
    for match in _BACKTICK_CALL.finditer(requirement):
        name = match["name"]
        if not _parameter_list(match["args"]) or name in _BUILTINS:
            continue
        if _is_class_name(name):  # `Account(owner: str)`: the class and its constructor
            classes.append(name)
            continue
        functions.setdefault(name, f"{name}({match['args']}){(match['ret'] or '').rstrip()}")
    modules = list(dict.fromkeys(m["file"] for m in _MODULE.finditer(requirement)))
    homes = {name: home for name, home in stated_homes(requirement).items() if name in functions}
    return RequiredNames(
        modules=modules, functions=functions, classes=list(dict.fromkeys(classes)), homes=homes
    )


_CODE_SPAN = re.compile(r"`[^`\n]*`")
_SENTENCE_END = re.compile(r"[.;:!?](?:\s|$)")
_PLACED_AFTER = re.compile(r"\s+(?:in|to|into|inside)\s+`?(?P<file>[A-Za-z_]\w*\.py)\b")


def stated_homes(requirement: str) -> dict[str, str]:
    """The file each named function is stated to belong in, where the text says so.

    ``c_to_k(c: float) -> float` in `units.py``` (the file right after, joined by "in" or
    "to"), else the last file named before the function in the same sentence (```units.py`
    with `c_to_f(...)` and `f_to_c(...)```). Why: a change that names two files and a new
    function in one of them must have that file planned, and ``home_module`` can only tell
    when a single file is named. A function with no file in its sentence has no home here.
    """
    homes: dict[str, str] = {}
    prose = _CODE_SPAN.sub(lambda span: "x" * len(span[0]), requirement)  # `c: float` ends nothing
    for match in [*_DEF.finditer(requirement), *_BACKTICK_CALL.finditer(requirement)]:
        name = match["name"]
        if name in homes or name in _BUILTINS or _is_class_name(name):
            continue
        after = _PLACED_AFTER.match(requirement, match.end())
        if after is not None:
            homes[name] = after["file"]
            continue
        ends = [end.end() for end in _SENTENCE_END.finditer(prose, 0, match.start())]
        start = ends[-1] if ends else 0
        before = list(_MODULE.finditer(requirement, start, match.start()))
        if before:
            homes[name] = before[-1]["file"]
    return homes
