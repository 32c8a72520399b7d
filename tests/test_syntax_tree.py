"""Every parse goes through one lock (``state/syntax_tree.py``): CPython 3.11's parser is not
safe to run in two threads at once, and sopgraph parses in threads (parallel tasks, jobs)."""

from __future__ import annotations

import ast
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from state.syntax_tree import parse_expression, parse_module

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("nodes", "state", "graph", "checkpoints", "benchmarks")


def test_no_module_of_the_package_calls_the_parser_around_the_lock() -> None:
    direct = [
        f"{path.relative_to(ROOT)}:{number}"
        for package in PACKAGES
        for path in sorted((ROOT / package).rglob("*.py"))
        if path.name != "syntax_tree.py" and "projects" not in path.parts and "changes" not in path.parts
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if re.search(r"\bast\.parse\(|PyCF_ONLY_AST", line)
    ]
    assert direct == []


def test_threads_parsing_deep_trees_at_once_all_get_their_trees() -> None:
    """The SystemError ("AST constructor recursion depth mismatch") came from two threads
    building trees at once; through the lock, every parse returns the tree it asked for."""
    sources = [
        f"x = {'(' * depth}1{')' * depth}\n" + "def f():\n    return [i for i in range(3)]\n" * 50
        for depth in range(20, 60)
    ]

    def parse_all(offset: int) -> list[int]:
        return [len(parse_module(sources[(i + offset) % len(sources)]).body) for i in range(150)]

    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(parse_all, range(4)))
    assert all(count == 51 for counts in results for count in counts)
    assert isinstance(parse_expression("1 + 2").body, ast.BinOp)
