"""Which top-level folder may import which: read from every module's syntax tree.

``state`` is the schema every role and tool reads, so it imports no role (``nodes``) or
driver (``graph``); roles do not import their drivers; the benchmarks measure the product
and share its fakes through ``benchmarks.fakes`` and ``benchmarks.scenarios``, never by
importing ``tests``. An import inside a function counts like one at the top: a lazy import
still couples the layers.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "state": {"nodes", "graph", "benchmarks", "tests", "checkpoints"},
    "checkpoints": {"nodes", "graph", "benchmarks", "tests"},
    "nodes": {"graph", "benchmarks", "tests"},
    "graph": {"benchmarks", "tests"},
    "benchmarks": {"tests"},
}


def imported_top_levels(path: Path) -> set[str]:
    """The first part of every absolute module ``path`` imports, anywhere in it."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_a_layer_imports_only_what_is_below_it(layer: str) -> None:
    crossings = [
        f"{path.relative_to(ROOT)} imports {sorted(imported_top_levels(path) & FORBIDDEN[layer])}"
        for path in sorted((ROOT / layer).rglob("*.py"))
        if "reference" not in path.parts and imported_top_levels(path) & FORBIDDEN[layer]
    ]
    assert not crossings, "\n".join(crossings)


def test_the_reader_sees_lazy_imports(tmp_path: Path) -> None:
    module = tmp_path / "lazy.py"
    module.write_text("def f():\n    from nodes.sandbox import paths\n    import tests.fakes\n")
    assert imported_top_levels(module) == {"nodes", "tests"}
