"""Checks on the file names a model proposes (``check_generated_path``).

Generated names are data from an LLM, so each one is vetted before it touches the disk: a
name that is absolute, climbs out with ``..``, hides in ``.git`` or is not importable would
either damage the host or produce a project pytest cannot import. The checks are ordered so
the error names the *first* rule a name breaks, which is what the Engineer needs to fix it.
They live in ``state`` because the artifacts validate their paths with them (a refused name
goes back to the model as a validation error); ``nodes.sandbox.paths`` writes the files.
"""

from __future__ import annotations

import keyword
import re
import unicodedata

MAX_PATH_CHARS = 200
"""Longer names are almost always a model rambling into the path field."""
MAX_COMPONENT_CHARS = 100
MAX_DEPTH = 8

_WINDOWS_DEVICES = frozenset(
    {"con", "prn", "aux", "nul", "clock$"}
    | {f"com{i}" for i in range(1, 10)}
    | {f"lpt{i}" for i in range(1, 10)}
)
_DRIVE_OR_UNC = re.compile(r"^(?:[A-Za-z]:|\\\\|//[^/])")
_RESERVED_DIRS = frozenset({"__pycache__", "node_modules", "site-packages"})


class UnsafePathError(ValueError):
    """A generated file name was refused; ``check`` names the rule that caught it."""

    def __init__(self, name: str, check: str, detail: str = "") -> None:
        self.name = name
        self.check = check
        message = f"unsafe generated path {name!r}: failed the {check!r} check"
        super().__init__(f"{message} ({detail})" if detail else message)


def _has_control_chars(name: str) -> bool:
    """NUL, C0/C1 controls and invisible format characters (bidi overrides) are refused."""
    return any(unicodedata.category(ch) in {"Cc", "Cf"} for ch in name)


def _is_device(name: str, parts: list[str]) -> bool:
    if name.startswith("/dev/") or name == "/dev":
        return True
    return any(part.split(".", 1)[0].lower() in _WINDOWS_DEVICES for part in parts)


def _is_module_name(part: str) -> bool:
    """ASCII identifiers only: non-ASCII names import differently after NFKC folding."""
    return part.isascii() and part.isidentifier() and not keyword.iskeyword(part)


def check_generated_path(name: str) -> str:
    """Return ``name`` as a normalised relative POSIX path, or raise :class:`UnsafePathError`.

    ``./a//b.py`` becomes ``a/b.py``. Only ``.py`` files whose stem and folders are importable
    module names pass, because anything else is either not Python or cannot be imported by
    the tests that are about to run.
    """
    if not isinstance(name, str) or not name.strip():
        raise UnsafePathError(str(name), "empty")
    if _has_control_chars(name):
        raise UnsafePathError(name, "control_chars", "NUL or control characters")
    if len(name) > MAX_PATH_CHARS:
        raise UnsafePathError(name, "too_long", f"more than {MAX_PATH_CHARS} characters")
    if _DRIVE_OR_UNC.match(name) or "\\" in name:
        raise UnsafePathError(name, "drive_or_unc", "Windows drive, UNC path or backslash")
    raw_parts = name.split("/")
    if _is_device(name, raw_parts):
        raise UnsafePathError(name, "device", "device name")
    if name.startswith("/"):
        raise UnsafePathError(name, "absolute")
    if ".." in raw_parts:
        raise UnsafePathError(name, "parent_component", "'..' component")
    parts = [part for part in raw_parts if part not in ("", ".")]
    if not parts:
        raise UnsafePathError(name, "empty")
    if len(parts) > MAX_DEPTH:
        raise UnsafePathError(name, "too_long", f"more than {MAX_DEPTH} folders deep")
    if any(len(part) > MAX_COMPONENT_CHARS for part in parts):
        raise UnsafePathError(name, "too_long", f"a component over {MAX_COMPONENT_CHARS} chars")
    if any(part.startswith(".") or part in _RESERVED_DIRS for part in parts):
        raise UnsafePathError(name, "hidden_or_vcs", "hidden, VCS or cache folder")
    *folders, leaf = parts
    if not leaf.endswith(".py"):
        raise UnsafePathError(name, "not_python", "only .py files are written")
    if not _is_module_name(leaf[:-3]):
        raise UnsafePathError(name, "module_name", "file stem is not a Python identifier")
    if not all(_is_module_name(folder) for folder in folders):
        raise UnsafePathError(name, "package_name", "folder is not a Python identifier")
    return "/".join(parts)
