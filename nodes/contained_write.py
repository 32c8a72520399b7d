"""Write text files under a folder so that none can land outside it, whatever the names say.

The names come from a checkpointed state, which is only as trusted as the store's file:
each is vetted again here (no absolute path, no ``..``, no hidden folder), and the folders
are walked with ``O_NOFOLLOW`` relative to a directory descriptor, so a symlink planted at
any level below ``root`` (``docs -> /etc``, ``calc.py -> ~/.bashrc``) fails the write
instead of following it. ``root`` itself is the caller's choice and is trusted.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from nodes.sandbox.paths import write_files
from state.artifacts import vetted_path
from state.generated_paths import UnsafePathError


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


def _any_file_type(name: str) -> str:
    return "/".join(contained_parts(name))


def write_contained(root: Path, files: Mapping[str, str]) -> None:
    """Write ``files`` (relative name -> text) under ``root`` with the sandbox's writer
    (``nodes.sandbox.paths.write_files``: every name checked first, so a bad name writes
    nothing; no symlink followed), admitting documents as well as modules."""
    root.mkdir(parents=True, exist_ok=True)
    try:
        write_files(root, files, check=_any_file_type)
    except UnsafePathError as error:
        raise EscapingPathError(f"refused to write {error.name!r}: {error}") from None
