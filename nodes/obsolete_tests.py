"""Old tests a change makes obsolete: read from QA's reply, then taken out of their files.

Why: in a change run the old tests stay and run, and those that passed before are trusted
(a failure is a regression). A change that alters a rule on purpose ("withdrawals over the
balance are now refused") makes some old test wrong; kept, it would drive a fix that undoes
the change. QA names such tests on ``OBSOLETE:`` lines before its new test file; each one
named that exists, and that fails on the changed code (``retire_obsolete`` runs them first), is
removed from its file (the file's other bytes kept) and listed in the change request with
QA's reason, so nothing is dropped silently. No model call here.
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Mapping
from typing import cast

from nodes.role_node import Update
from nodes.run_tests import run_suite
from nodes.sandbox_config import SandboxConfig
from state.acceptance import TRUSTED_TESTS_PATH, AcceptanceSuite
from state.artifacts import CodeFile
from state.changes import ChangeRequest
from state.schema import SopState
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


def retire_obsolete(
    state: SopState, change: ChangeRequest, named: dict[str, str], sandbox: SandboxConfig
) -> Update:
    """Cut the old tests QA named obsolete out of their files and record them (with why) in
    the change request; their files' originals go to ``files_before_change``.

    A claim is checked first: the named tests run on the changed code, and only those that
    fail there are retired. One that still passes is not obsolete (a small model may name
    every old test to be rid of them); it stays, trusted, and the claim is recorded as
    refused. Names that are no old test are ignored: QA may only retire what exists."""
    old = {p: f for p, f in (state.get("tests") or {}).items() if p in change.files_before}
    found = resolve(named, old)
    if not found:
        return {}
    failing = failing_old_tests(state, {nodeid.partition("::")[0] for nodeid in found}, sandbox)
    retired = {nodeid: why for nodeid, why in found.items() if nodeid in failing}
    refused = {nodeid: "it still passes on the changed code" for nodeid in found if nodeid not in failing}
    update: Update = {
        "change": change.model_copy(
            update={
                "obsolete": change.obsolete | retired,
                "refused_obsolete": change.refused_obsolete | refused,
            }
        )
    }
    if retired:
        rewritten = without_tests(old, retired)
        update |= {"tests": rewritten, "files_before_change": {p: old[p] for p in rewritten}}
    return update


def failing_old_tests(state: SopState, paths: set[str], sandbox: SandboxConfig) -> set[str]:
    """The node ids of the tests in these old files that fail on the current code."""
    view = {
        "tests": {p: f for p, f in (state.get("tests") or {}).items() if p in paths},
        "acceptance": AcceptanceSuite(),
        "settings": state["settings"],
        "tasks": state.get("tasks"),
        "design": state.get("design"),
    }
    report = run_suite(state.get("code") or {}, cast(SopState, view), sandbox)
    return {o.nodeid for o in report.outcomes if o.outcome in ("failed", "error")}


def obsolete_note(retired: Update) -> str:
    """What became of QA's obsolete claims: retired (removed, replaced) and refused (kept)."""
    change = retired.get("change")
    if change is None:
        return ""
    notes = [f"; obsolete (removed, replaced): {', '.join(change.obsolete)}" if change.obsolete else ""]
    notes += [
        f"; not obsolete (still pass, kept): {', '.join(change.refused_obsolete)}"
        if change.refused_obsolete
        else ""
    ]
    return "".join(notes)
