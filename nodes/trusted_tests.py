"""The requirement's examples as a pytest file: the trusted tests, written without a model.

Each example imports its function inside its own test, from the project module that defines
it at top level, so a candidate that lacks one function fails that example only, and an
import error is that test's failure rather than a collection error hiding the others.
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Mapping
from pathlib import PurePosixPath

from state.acceptance import TRUSTED_TESTS_PATH, AcceptanceExample
from state.artifacts import CodeFile
from state.example_values import VALUE_IMPORTS
from state.syntax_tree import parse_module

HEADER = (
    '''\
"""The requirement's own examples, checked as written (trusted tests; written by sopgraph,
not by a model: the expected values are the user's)."""

import math
'''
    + VALUE_IMPORTS
    + '''
import pytest


def _same(actual, expected):
    """Equal, with floats compared to 1e-6 (a requirement writes 0.1 + 0.2 as 0.3)."""
    if isinstance(expected, float) or isinstance(actual, float):
        try:
            return math.isclose(actual, expected, rel_tol=1e-6, abs_tol=1e-9)
        except TypeError:
            return False
    return actual == expected
'''
)


def defining_module(function: str, code: Mapping[str, CodeFile]) -> str | None:
    """The module (dotted, from its path) whose file defines ``function`` at top level."""
    for path, source in sorted(code.items()):
        if not path.endswith(".py"):
            continue
        with contextlib.suppress(SyntaxError, ValueError):
            tree = parse_module(source.content)
            defined = {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}
            if function in defined:
                return ".".join(PurePosixPath(path).with_suffix("").parts)
    return None


def _indented(text: str) -> str:
    return "\n".join(f"    {line}" for line in text.splitlines())


def trusted_test_file(
    examples: list[AcceptanceExample], code: Mapping[str, CodeFile], fallback_module: str
) -> CodeFile | None:
    """The test file for ``examples`` against ``code``; ``None`` when there are none."""
    if not examples:
        return None
    tests = []
    for number, example in enumerate(examples, start=1):
        module = defining_module(example.function, code) or fallback_module
        quote = " ".join(example.quote.split())[:200]
        tests.append(
            f"def test_example_{number}():\n"
            f"    # {example.kind}: {quote}\n"
            f"    from {module} import {example.function}\n"
            f"{_indented(example.check)}\n"
        )
    return CodeFile(path=TRUSTED_TESTS_PATH, content=HEADER + "\n\n" + "\n\n".join(tests))
