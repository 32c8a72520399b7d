"""Writing generated files without escaping the root (the names are checked by
``state.generated_paths``): every folder level is opened without following symlinks, so a
link planted in the tree cannot redirect a write outside it.
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Callable, Mapping
from pathlib import Path

from state.generated_paths import UnsafePathError, check_generated_path


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
