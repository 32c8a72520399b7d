"""Read an existing Python project folder that sopgraph did not write: ``run --from DIR``.

Why read-only and checked up front: the folder is the user's own project, so it is never
written to (the changed project goes to the workspace, as every run's does), and a folder
that cannot be a change's starting point is refused in one line before anything is
written. Its ``.py`` files become ``code`` (tests: ``tests``), with the paths every run's
files are held to (``CodeFile``: importable module names, nothing hidden); its README
becomes context for the roles. Virtual environments, caches and hidden folders are
skipped; symlinks are not followed.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from pydantic import ValidationError

from graph.errors import RunRequestError
from state.acceptance import TRUSTED_TESTS_PATH
from state.artifacts import CodeFile

SKIPPED_DIRS = frozenset({"__pycache__", "venv", "env", "node_modules", "build", "dist", "site-packages"})
README_NAMES = ("README.md", "README.rst", "README.txt", "README")
RENAMED_ACCEPTANCE = "tests/test_acceptance_of_project.py"
"""Where a folder's own ``tests/test_acceptance.py`` is kept: that path holds the trusted
tests sopgraph builds from the requirement's examples, and would replace the project's."""
README_CHARS = 4_000
"""The README is context, not the project: its head is enough to say what the project is."""


@dataclass(frozen=True)
class ProjectFolder:
    """What a folder holds, as a change run takes it."""

    root: Path
    code: dict[str, CodeFile] = field(default_factory=dict)
    tests: dict[str, CodeFile] = field(default_factory=dict)
    readme: str = ""

    @property
    def size(self) -> int:
        """Characters of Python, code and tests: what the roles' prompts must hold."""
        return sum(len(f.content) for f in [*self.code.values(), *self.tests.values()])


def _is_test(path: PurePosixPath) -> bool:
    return path.parts[0] == "tests" or path.name.startswith("test_") or path.name.endswith("_test.py")


def _python_files(root: Path) -> list[PurePosixPath]:
    found: list[PurePosixPath] = []
    for folder, dirs, files in os.walk(root, followlinks=False):
        dirs[:] = sorted(
            d for d in dirs if not d.startswith(".") and d not in SKIPPED_DIRS and not d.endswith(".egg-info")
        )
        for name in sorted(files):
            full = Path(folder, name)
            if name.endswith(".py") and not full.is_symlink():
                found.append(PurePosixPath(full.relative_to(root).as_posix()))
    return found


def _read(root: Path, relative: PurePosixPath, stored_as: str) -> CodeFile:
    try:
        content = (root / relative).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RunRequestError(f"cannot read {relative} in {root}: {error}") from None
    try:
        return CodeFile(path=stored_as, content=content)
    except ValidationError as error:
        reason = error.errors()[0]["msg"].removeprefix("Value error, ")
        raise RunRequestError(f"{root} holds {relative}, which a project cannot keep: {reason}") from None


def read_project(root: Path) -> ProjectFolder:
    """The folder's code, tests and README; ``RunRequestError`` when it is no Python project."""
    if not root.is_dir():
        raise RunRequestError(f"{root} is not a folder")
    code: dict[str, CodeFile] = {}
    tests: dict[str, CodeFile] = {}
    for relative in _python_files(root):
        if _is_test(relative):
            stored = relative.as_posix() if relative.parts[0] == "tests" else f"tests/{relative.name}"
            if stored == TRUSTED_TESTS_PATH:  # sopgraph's own file for the requirement's examples
                stored = RENAMED_ACCEPTANCE
            tests[stored] = _read(root, relative, stored)
        elif relative.name != "conftest.py":
            code[relative.as_posix()] = _read(root, relative, relative.as_posix())
    if not code:
        raise RunRequestError(f"{root} is not a Python project: it holds no .py file outside its tests")
    readme = next(
        (root / n for n in README_NAMES if (root / n).is_file() and not (root / n).is_symlink()), None
    )
    text = readme.read_text(encoding="utf-8", errors="replace")[:README_CHARS] if readme is not None else ""
    return ProjectFolder(root=root, code=code, tests=tests, readme=text.strip())


def check_fits(project: ProjectFolder, max_chars: int) -> None:
    """Refuse a project too large for the model's prompts (summaries are not read instead)."""
    if project.size > max_chars:
        raise RunRequestError(
            f"{project.root} holds {project.size:,} characters of Python; at most {max_chars:,} fit "
            f"this model's context: change a smaller project or use a model with a larger context"
        )
