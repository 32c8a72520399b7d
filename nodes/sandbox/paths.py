"""Checks on the file names a model proposes, and writing them without escaping the root.

Generated names are data from an LLM, so each one is vetted before it touches the disk: a
name that is absolute, climbs out with ``..``, hides in ``.git`` or is not importable would
either damage the host or produce a project pytest cannot import. The checks are ordered so
the error names the *first* rule a name breaks, which is what the Engineer needs to fix it.
"""

from __future__ import annotations

import contextlib
import errno
import keyword
import os
import re
import unicodedata
from collections.abc import Callable, Mapping
from pathlib import Path

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


def _open_dir_nofollow(name: str, part: str, parent_fd: int) -> int:
    """Create (if needed) and open one folder level, refusing a symlink in its place."""
    with contextlib.suppress(FileExistsError):
        os.mkdir(part, mode=0o755, dir_fd=parent_fd)
    try:
        return os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent_fd)
    except OSError as exc:
        if exc.errno in (errno.ELOOP, errno.ENOTDIR):
            raise UnsafePathError(name, "symlink", f"{part!r} is a symlink or not a folder") from exc
        raise


def _write_one(root_fd: int, name: str, rel: str, content: str) -> None:
    *folders, leaf = rel.split("/")
    fd = os.dup(root_fd)
    try:
        for part in folders:
            next_fd = _open_dir_nofollow(name, part, fd)
            os.close(fd)
            fd = next_fd
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
        try:
            file_fd = os.open(leaf, flags, 0o644, dir_fd=fd)
        except OSError as exc:
            if exc.errno == errno.ELOOP:
                raise UnsafePathError(name, "symlink", "target is a symlink") from exc
            raise
        with os.fdopen(file_fd, "w", encoding="utf-8", newline="") as handle:
            handle.write(content)
    finally:
        os.close(fd)


def write_files(
    root: str | os.PathLike[str],
    files: Mapping[str, str],
    *,
    check: Callable[[str], str] = check_generated_path,
) -> list[str]:
    """Write ``files`` under ``root`` and return their normalised names, sorted.

    Every name is checked first (``check``: the generated-module rules by default; the
    project folder passes a check that also admits its documents), so nothing is written
    when any name is bad. Folders are walked with ``O_NOFOLLOW`` relative to a directory
    descriptor: a symlink planted inside ``root`` (say ``pkg -> /etc``) makes the write
    fail instead of landing outside.
    """
    checked: dict[str, str] = {}
    for name in files:
        rel = check(name)
        if rel.lower() in {seen.lower() for seen in checked}:
            raise UnsafePathError(name, "duplicate", "same file as another name")
        checked[rel] = name
    root_fd = os.open(Path(root), os.O_RDONLY | os.O_DIRECTORY)
    try:
        for rel, name in checked.items():
            _write_one(root_fd, name, rel, files[name])
    finally:
        os.close(root_fd)
    return sorted(checked)
