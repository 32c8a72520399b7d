"""Write text files under a folder so that none can land outside it, whatever the names say.

The names come from a checkpointed state, which is only as trusted as the store's file:
each is vetted again here (no absolute path, no ``..``, no hidden folder), and the folders
are walked with ``O_NOFOLLOW`` relative to a directory descriptor, so a symlink planted at
any level below ``root`` (``docs -> /etc``, ``calc.py -> ~/.bashrc``) fails the write
instead of following it. ``root`` itself is the caller's choice and is trusted.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Mapping
from pathlib import Path

from state.artifacts import vetted_path


class EscapingPathError(PermissionError):
    """A path would have been written outside its folder (or through a symlink).

    An ``OSError``, so a caller that reports a failed write in one line (``sopgraph
    export``) reports this refusal the same way.
    """


def contained_parts(name: str) -> list[str]:
    """``name`` split into components after the generated-path rules (any file type)."""
    try:
        return vetted_path(name, python_only=False).split("/")
    except ValueError as error:
        raise EscapingPathError(str(error)) from None


def _open_folder(parent_fd: int, part: str, name: str) -> int:
    with contextlib.suppress(FileExistsError):
        os.mkdir(part, mode=0o755, dir_fd=parent_fd)
    try:
        return os.open(part, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=parent_fd)
    except OSError as error:
        if error.errno in (errno.ELOOP, errno.ENOTDIR):
            reason = f"{part!r} is a symlink or not a folder"
            raise EscapingPathError(f"refused to write {name!r}: {reason}") from None
        raise


def write_contained(root: Path, files: Mapping[str, str]) -> None:
    """Write ``files`` (relative name -> text) under ``root``; every name is checked first,
    so a bad name writes nothing."""
    checked = {name: contained_parts(name) for name in files}
    root.mkdir(parents=True, exist_ok=True)
    root_fd = os.open(root, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for name, parts in checked.items():
            _write_one(root_fd, name, parts, files[name])
    finally:
        os.close(root_fd)


def _write_one(root_fd: int, name: str, parts: list[str], text: str) -> None:
    *folders, leaf = parts
    fd = os.dup(root_fd)
    try:
        for part in folders:
            next_fd = _open_folder(fd, part, name)
            os.close(fd)
            fd = next_fd
        flags = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW
        try:
            file_fd = os.open(leaf, flags, 0o644, dir_fd=fd)
        except OSError as error:
            if error.errno == errno.ELOOP:
                raise EscapingPathError(f"refused to write {name!r}: it is a symlink") from None
            raise
        with os.fdopen(file_fd, "w", encoding="utf-8") as handle:
            handle.write(text)
    finally:
        os.close(fd)
