"""Conditions, tables and JSON: what every benchmark prints and writes the same way.

A number without the machine, model and date it was measured under cannot be compared with
a later one, so every result file carries ``conditions()``; the load average is recorded
because the benchmark machine is shared with other work.
"""

from __future__ import annotations

import json
import os
import platform
import shutil
import subprocess
import sys
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

REPO = Path(__file__).resolve().parent.parent
RESULTS_DIR = REPO / "docs" / "benchmarks"

console = Console(width=max(shutil.get_terminal_size().columns, 200))


def _version(package: str) -> str | None:
    try:
        return version(package)
    except PackageNotFoundError:
        return None


def _git_commit() -> str | None:
    try:
        out = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=REPO, capture_output=True, text=True, timeout=10
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def conditions(**extra: Any) -> dict[str, Any]:
    """Machine, software and time of a measurement, plus benchmark-specific ``extra``."""
    return {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "cores": os.cpu_count(),
        "cpu": _cpu_model(),
        "load_avg_1m": round(os.getloadavg()[0], 2),
        "python": sys.version.split()[0],
        "langgraph": _version("langgraph"),
        "langchain_core": _version("langchain-core"),
        "git_commit": _git_commit(),
        **extra,
    }


def model_conditions(model: object) -> dict[str, Any]:
    """What identifies a loaded model beyond its spec: the weights file (which names the
    quantisation, e.g. ``...-q4_k_m.gguf``), context window and threads, when it says."""
    path = getattr(model, "model_path", None)
    details = {
        "model_class": type(model).__name__,
        "model_file": Path(path).name if isinstance(path, str) else None,
        "context_window": getattr(model, "context_window", None),
        "n_threads": getattr(model, "n_threads", None),
    }
    return {k: v for k, v in details.items() if v is not None}


def print_conditions(cond: Mapping[str, Any]) -> None:
    console.print("[bold]conditions[/bold]: " + ", ".join(f"{k}={v}" for k, v in cond.items()))


def print_table(title: str, rows: Sequence[Mapping[str, Any]]) -> None:
    """One rich table whose columns are the union of the rows' keys, in first-seen order."""
    columns: list[str] = []
    for row in rows:
        columns += [key for key in row if key not in columns]
    if len(rows) == 1 and len(columns) > 6:  # one wide row reads better as key/value lines
        rows, columns = [{"metric": k, "value": v} for k, v in rows[0].items()], ["metric", "value"]
    table = Table(title=title)
    for column in columns:
        table.add_column(column, justify="right" if _numeric(rows, column) else "left")
    for row in rows:
        table.add_row(*(_cell(row.get(column)) for column in columns))
    console.print(table)


def _numeric(rows: Sequence[Mapping[str, Any]], column: str) -> bool:
    return all(isinstance(row.get(column), int | float) for row in rows if row.get(column) is not None)


def _cell(value: Any) -> str:
    if value is None:
        return "-"
    if isinstance(value, float):
        return f"{value:.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def repo_relative(path: Path) -> str:
    """``path`` relative to the git checkout holding it, for results that get committed: an
    absolute path names one machine's folders and means nothing in a clone."""
    resolved = path.resolve()
    for parent in resolved.parents:
        if (parent / ".git").exists():
            return str(resolved.relative_to(parent))
    return str(resolved)


def write_json(path: Path, payload: Mapping[str, Any]) -> Path:
    """Write ``payload`` as indented JSON (parents created); returns the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(payload, indent=2, sort_keys=False, default=str) + "\n")
    console.print(f"wrote {path}")
    return path


def progress() -> Progress:
    """The progress bar long runs show: what, how far, how long still."""
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    return Progress(*columns, console=console)
