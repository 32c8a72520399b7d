"""The project benchmark's data: requirements, hidden tests and reference solutions.

``benchmarks/projects/index.json`` lists the projects (name, whether the requirement states
examples, the module files it names, the number of hidden test cases); each has a folder
with ``requirement.md`` (all the model is given), ``test_acceptance.py`` (the hidden tests,
written by hand from the requirement and never shown to a model) and ``reference/`` (a
solution the hidden tests pass, for the harness self-check only).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

PROJECTS_DIR = Path(__file__).resolve().parent / "projects"


@dataclass(frozen=True)
class Project:
    name: str
    requirement: str
    hidden_test: str
    has_examples: bool
    modules: tuple[str, ...]
    tests: int
    """Hidden test cases (pytest items) in ``test_acceptance.py``."""
    reference: dict[str, str] = field(default_factory=dict)


def load_projects(root: Path = PROJECTS_DIR) -> list[Project]:
    """Every project of ``index.json``, in its order, with its files read."""
    projects = []
    for entry in json.loads((root / "index.json").read_text()):
        folder = root / entry["name"]
        reference = {path: (folder / "reference" / path).read_text() for path in entry["modules"]}
        projects.append(
            Project(
                name=entry["name"],
                requirement=(folder / "requirement.md").read_text().strip(),
                hidden_test=(folder / "test_acceptance.py").read_text(),
                has_examples=bool(entry["has_examples"]),
                modules=tuple(entry["modules"]),
                tests=int(entry["tests"]),
                reference=reference,
            )
        )
    return projects


def select(projects: list[Project], ids: str | None) -> list[Project]:
    """``--ids rle,bank``: those projects, in the index's order; ``ValueError`` names unknown ones."""
    if not ids:
        return projects
    wanted = [i.strip() for i in ids.split(",") if i.strip()]
    unknown = sorted(set(wanted) - {p.name for p in projects})
    if unknown:
        known = ", ".join(p.name for p in projects)
        raise ValueError(f"unknown project(s) {', '.join(unknown)}: choose from {known}")
    return [p for p in projects if p.name in wanted]
