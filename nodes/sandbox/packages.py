"""Third-party packages a design asks for: which are present, which may be installed.

A task plan's ``required_packages`` comes from a model, so it may name anything, including
typo-squats, packages that run code at install time, or pip options. Only a short,
reviewed allow-list is ever installed, as wheels only (``--only-binary=:all:``, so no
``setup.py`` runs as root), with ``pip --target`` into a cache keyed by the sorted set.
The project's own environment is never touched: the cache folder is put on the sandboxed
run's ``PYTHONPATH`` and nowhere else.

Why ``--target`` and not ``python -m venv --system-site-packages``: our interpreter is
itself a venv, and a venv made from it sees the *base* interpreter's site-packages, not
ours, so pytest would be missing from it.
"""

from __future__ import annotations

import ast
import contextlib
import fcntl
import hashlib
import importlib.metadata
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from packaging.requirements import InvalidRequirement, Requirement
from packaging.utils import canonicalize_name

from state.syntax_tree import parse_module

ALLOWED_PACKAGES: dict[str, str] = {
    "attrs": "attr",
    "flask": "flask",
    "matplotlib": "matplotlib",
    "more-itertools": "more_itertools",
    "numpy": "numpy",
    "openpyxl": "openpyxl",
    "pandas": "pandas",
    "pygame": "pygame",
    "pydantic": "pydantic",
    "pytest": "pytest",
    "python-dateutil": "dateutil",
    "pytz": "pytz",
    "pyyaml": "yaml",
    "requests": "requests",
    "rich": "rich",
    "sortedcontainers": "sortedcontainers",
    "streamlit": "streamlit",
    "tabulate": "tabulate",
    "toolz": "toolz",
    "typing-extensions": "typing_extensions",
}
"""Canonical distribution name -> import name. Chosen for what generated CLI games, data
scripts and small services import, all with wheels on PyPI; nothing that needs a display,
a compiler, a GPU or the network at import time. pygame, streamlit, openpyxl, matplotlib
and flask are here because the paper's SoftwareDev prompts ask for games, streamlit pages
over pandas/Excel and dashboards; they import headless (SDL's dummy driver, Agg)."""

USES_THAT_IMPORT: dict[str, str] = {
    "read_excel": "openpyxl",
    "to_excel": "openpyxl",
    "ExcelWriter": "openpyxl",
    "ExcelFile": "openpyxl",
}
"""A name used (``pd.read_excel``, ``df.to_excel``) -> the allow-listed distribution it
imports only when it runs. Why: pandas reads and writes ``.xlsx`` through openpyxl, which
no generated file imports itself; SoftwareDev's Excel project (9cf5338) had all three of
its own tests fail on ``No module named 'openpyxl'`` inside ``to_excel``, so it could not
be graded W whatever its code did."""

IGNORED_NAMES = frozenset({"python", "python3", "pip", "setuptools", "wheel"})
INSTALL_TIMEOUT_S = 300.0
_OPTION_OR_URL = re.compile(r"^\s*-|://|^\s*[./~]|\s-")


@dataclass
class PackagePlan:
    """Sorting of the requested packages; ``notes`` says what happened to each one."""

    available: list[str] = field(default_factory=list)
    to_install: list[str] = field(default_factory=list)
    refused: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def _importable(name: str) -> bool:
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def _installed_version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def _parse(text: str, plan: PackagePlan) -> Requirement | None:
    """Parse one requirement string, refusing options, URLs, paths and extras."""
    if _OPTION_OR_URL.search(text):
        plan.refused.append(text)
        plan.notes.append(f"package {text!r} refused: options, URLs and paths are not accepted")
        return None
    try:
        requirement = Requirement(text)
    except InvalidRequirement as exc:
        plan.refused.append(text)
        plan.notes.append(f"package {text!r} refused: not a requirement string ({exc})")
        return None
    if requirement.url or requirement.extras:
        plan.refused.append(text)
        plan.notes.append(f"package {text!r} refused: extras and direct URLs are not accepted")
        return None
    return requirement


def _sort_one(requirement: Requirement, text: str, plan: PackagePlan) -> None:
    name = canonicalize_name(requirement.name)
    import_name = ALLOWED_PACKAGES.get(name, name.replace("-", "_"))
    if name in IGNORED_NAMES or import_name in sys.stdlib_module_names:
        plan.notes.append(f"package {text!r}: part of Python itself, nothing to install")
        return
    if requirement.marker is not None and not requirement.marker.evaluate():
        plan.notes.append(f"package {text!r}: environment marker excludes this platform")
        return
    version = _installed_version(name)
    if _importable(import_name):
        plan.available.append(name)
        if version and requirement.specifier and version not in requirement.specifier:
            plan.notes.append(f"package {text!r}: {version} is installed and used as is")
        return
    if name in ALLOWED_PACKAGES:
        plan.to_install.append(str(requirement))
        return
    plan.refused.append(text)
    plan.notes.append(f"package {text!r} unavailable: not on the sandbox allow-list")


_DIST_BY_IMPORT = {module: dist for dist, module in ALLOWED_PACKAGES.items()}
_REQUIREMENT_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


def _imported_by_use(node: ast.AST) -> set[str]:
    """The import names that a use in ``node`` of a name of ``USES_THAT_IMPORT`` imports
    when it runs."""
    if isinstance(node, ast.Attribute):
        used = [node.attr]
    elif isinstance(node, ast.Name):
        used = [node.id]
    elif isinstance(node, ast.ImportFrom):
        used = [alias.name for alias in node.names]
    else:
        return set()
    return {ALLOWED_PACKAGES[USES_THAT_IMPORT[name]] for name in used if name in USES_THAT_IMPORT}


def _top_level_imports(text: str) -> set[str]:
    """The top-level modules ``text`` imports, itself or through a use (``_imported_by_use``)."""
    try:
        tree = parse_module(text)
    except SyntaxError:
        return set()
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
        names.update(_imported_by_use(node))
    return names


def imported_packages(files: Mapping[str, str], listed: Sequence[str] = ()) -> dict[str, str]:
    """Allow-listed distributions the Python files import but ``listed`` does not name.

    Why: the package list comes from the ProjectManager, a model, and can miss what the
    Engineer, another call, then imports: in a SoftwareDev run the plan said "(none)" and
    ``main.py`` began with ``import pygame``, so every test run and all three fix rounds
    failed on the import, which no code fix could cure. Only allow-listed names are
    inferred, and a project module of the same name (``flask.py``) wins over the package;
    a package that a used name imports only when it runs counts as imported
    (``USES_THAT_IMPORT``).
    Returns distribution -> the first file (sorted) that imports it.
    """
    named = {canonicalize_name(match[1]) for text in listed if (match := _REQUIREMENT_NAME.match(text))}
    local = {Path(path).stem for path in files} | {Path(path).parent.name for path in files}
    found: dict[str, str] = {}
    for path, text in sorted(files.items()):
        if not path.endswith(".py"):
            continue
        for module in sorted(_top_level_imports(text) - local):
            dist = _DIST_BY_IMPORT.get(module)
            if dist is not None and dist not in named and dist != "pytest":  # the runner's own
                found.setdefault(dist, path)
    return found


def plan_packages(requirements: Sequence[str]) -> PackagePlan:
    """Split ``requirements`` into already available, installable and refused."""
    plan = PackagePlan()
    for text in requirements:
        requirement = _parse(text.strip(), plan)
        if requirement is not None:
            _sort_one(requirement, text.strip(), plan)
    plan.to_install = sorted(set(plan.to_install))
    return plan


def default_cache_root() -> Path:
    """Where installed package sets live between runs (``SOPGRAPH_SANDBOX_CACHE`` overrides)."""
    configured = os.environ.get("SOPGRAPH_SANDBOX_CACHE")
    base = Path(configured) if configured else Path.home() / ".cache" / "sopgraph"
    return base / "sandbox-packages"


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        yield


def install_packages(requirements: Sequence[str], cache_root: Path | None = None) -> Path:
    """Install allow-listed ``requirements`` (wheels only) once; return the folder to import.

    Raises ``RuntimeError`` with pip's last lines when the install fails.
    """
    root = cache_root or default_cache_root()
    key_text = "\n".join([sys.version, *sorted(requirements)])
    key = hashlib.sha256(key_text.encode()).hexdigest()[:16]
    target = root / key
    with _locked(root / f"{key}.lock"):
        if (target / ".complete").exists():
            return target
        staging = root / f"{key}.partial"
        shutil.rmtree(staging, ignore_errors=True)
        command = [
            sys.executable, "-m", "pip", "install", "--target", str(staging),
            "--only-binary=:all:", "--no-input", "--disable-pip-version-check", "--quiet",
            *requirements,
        ]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False)
        if done.returncode != 0:
            shutil.rmtree(staging, ignore_errors=True)
            raise RuntimeError("pip install failed: " + done.stderr.strip()[-800:])
        (staging / ".complete").write_text(" ".join(requirements))
        for folder, _dirs, _files in os.walk(staging):
            os.chmod(folder, 0o755)
        shutil.rmtree(target, ignore_errors=True)
        staging.rename(target)
    return target


def prepare_packages(
    requirements: Sequence[str], cache_root: Path | None = None
) -> tuple[list[str], list[str]]:
    """Plan and install; returns (folders for PYTHONPATH, notes for the report)."""
    plan = plan_packages(requirements)
    notes = list(plan.notes)
    if plan.available:
        notes.append("packages already available: " + ", ".join(sorted(set(plan.available))))
    if not plan.to_install:
        return [], notes
    try:
        folder = install_packages(plan.to_install, cache_root)
    except (RuntimeError, OSError, subprocess.SubprocessError) as exc:
        notes.append(f"packages {', '.join(plan.to_install)} unavailable: {exc}")
        return [], notes
    notes.append(f"installed into a per-set cache ({folder}): " + ", ".join(plan.to_install))
    return [str(folder)], notes
