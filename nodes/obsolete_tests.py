"""Old tests a change makes obsolete: read from QA's reply, then taken out of their files.

Why: in a change run the old tests stay and run, and those that passed before are trusted
(a failure is a regression). A change that alters a rule on purpose ("withdrawals over the
balance are now refused") makes some old test wrong; kept, it would drive a fix that undoes
the change. QA names such tests on ``OBSOLETE:`` lines before its new test file; each one
named that exists, and that fails on the changed code (``nodes.qa_engineer`` checks), is
removed from its file (the file's other bytes kept) and listed in the change request with
QA's reason, so nothing is dropped silently. No model call here.
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Mapping

from state.acceptance import TRUSTED_TESTS_PATH
from state.artifacts import CodeFile
from state.syntax_tree import parse_module

_OBSOLETE = re.compile(
    r"^\s*OBSOLETE\s*:\s*`?(?P<test>[\w/.\-]+(?:::\w+)?)`?\s*(?:[-—:]+\s*(?P<why>.*))?$", re.M
)


def named_obsolete(reply: str) -> dict[str, str]:
    """The ``OBSOLETE: <file>::<test> - <why>`` lines of a reply, test -> reason."""
    return {m["test"]: (m["why"] or "").strip() or "(no reason given)" for m in _OBSOLETE.finditer(reply)}


def _top_level_tests(content: str) -> dict[str, tuple[int, int]]:
    """Each top-level test function's first and last line (decorators included), 1-based."""
    spans: dict[str, tuple[int, int]] = {}
    with contextlib.suppress(SyntaxError, ValueError):
        for node in parse_module(content).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) and node.name.startswith("test"):
                first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                spans[node.name] = (first, node.end_lineno or node.lineno)
    return spans


def resolve(named: Mapping[str, str], old_tests: Mapping[str, CodeFile]) -> dict[str, str]:
    """The named tests that exist among the old test files, as ``path::name`` node ids.

    A bare name is looked up in every old file; the trusted examples' file is never QA's to
    retire (it is rebuilt from the requirement)."""
    files = {path: _top_level_tests(f.content) for path, f in old_tests.items() if path != TRUSTED_TESTS_PATH}
    found: dict[str, str] = {}
    for test, why in named.items():
        path, _, name = test.rpartition("::")
        candidates = [path] if path else sorted(files)
        for candidate in candidates:
            if name in files.get(candidate, {}):
                found[f"{candidate}::{name}"] = why
    return found


def without_tests(old_tests: Mapping[str, CodeFile], nodeids: Mapping[str, str]) -> dict[str, CodeFile]:
    """The old test files that lose an obsolete test, with those functions cut out."""
    by_file: dict[str, set[str]] = {}
    for nodeid in nodeids:
        path, _, name = nodeid.partition("::")
        by_file.setdefault(path, set()).add(name)
    rewritten: dict[str, CodeFile] = {}
    for path, names in by_file.items():
        lines = old_tests[path].content.splitlines(keepends=True)
        spans = [span for name, span in _top_level_tests(old_tests[path].content).items() if name in names]
        for first, last in sorted(spans, reverse=True):
            del lines[first - 1 : last]
        rewritten[path] = old_tests[path].model_copy(update={"content": "".join(lines)})
    return rewritten
