"""Change a finished run: which runs may be changed, and the state a change run starts from.

Why a new thread: the finished run's history stays as it was (readable, exportable), and
the change is a run of its own, listed beside it. It starts as if ``read_requirement`` had
just read the change: the old documents, code and tests are in their channels, the change
request (``state/changes.py``) says where they came from and which old tests held, and
the routers send it to the first role as any run. Nothing the old run spent or reported is
carried over (usage, test reports, fix rounds start at zero), so the change's own cost and
its own test loop are what the new thread shows.

Pure functions over state values: ``graph.change_runs`` does the reading and writing.
"""

from __future__ import annotations

import ast
import contextlib
import re
from collections.abc import Mapping
from typing import Any

from langgraph.types import StateSnapshot

from graph.errors import RunRequestError, validate_requirement
from nodes.read_requirement import read_requirement
from state.acceptance import TRUSTED_TESTS_PATH, AcceptanceSuite
from state.artifacts import CodeFile, Publication, TestReport
from state.changes import ChangeRequest, change_of, merged_acceptance
from state.syntax_tree import parse_module

CHANGEABLE = ("succeeded", "failed_tests")
"""The terminal statuses a run is finished with: its project was written by ``finalize``.
``failed_budget`` and ``failed_error`` are terminal too, but their runs stopped halfway and
are resumed, not changed."""

SEED_NODE = "read_requirement"
"""The node the change's first checkpoint is written as: the routers go on from there."""

CARRIED = ("settings", "prd", "design", "tasks", "code", "tests")
"""What a change run takes from the project it changes; everything else starts afresh."""


def check_changeable(snapshot: StateSnapshot, thread_id: str) -> None:
    """Refuse a run that has not finished, or that has no code to change."""
    values = snapshot.values
    status = values.get("status", "running")
    if status in ("failed_budget", "failed_error"):
        raise RunRequestError(
            f"run '{thread_id}' stopped with '{status}' before it finished: resume it "
            f"(sopgraph resume {thread_id}) before changing it"
        )
    if status not in CHANGEABLE or snapshot.next or snapshot.interrupts:
        raise RunRequestError(
            f"run '{thread_id}' has not finished (status '{status}'): resume it before changing it"
        )
    if not values.get("code"):
        raise RunRequestError(f"run '{thread_id}' has no code to change")


def outline(code: Mapping[str, CodeFile]) -> str:
    """Each file's top-level classes (with methods) and functions, with signatures: the
    interfaces a change must keep, in a few lines per file (no bodies)."""
    lines: list[str] = []
    for path, source in sorted(code.items()):
        names: list[str] = []
        with contextlib.suppress(SyntaxError, ValueError):
            for node in parse_module(source.content).body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    returns = f" -> {ast.unparse(node.returns)}" if node.returns is not None else ""
                    names.append(f"def {node.name}({ast.unparse(node.args)}){returns}")
                elif isinstance(node, ast.ClassDef):
                    methods = [
                        n.name for n in node.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)
                    ]
                    names.append(f"class {node.name}: {', '.join(methods) or '(no methods)'}")
        lines.append(f"- {path}: {'; '.join(names) or '(no top-level definitions)'}")
    return "\n".join(lines)


def passed_old_tests(report: TestReport | None, tests: Mapping[str, CodeFile]) -> list[str]:
    """The old tests (not the requirement's examples, rebuilt per run) that passed."""
    if report is None:
        return []
    return sorted(
        o.nodeid
        for o in report.outcomes
        if o.outcome == "passed"
        and o.nodeid.split("::", 1)[0] in tests
        and not o.nodeid.startswith(TRUSTED_TESTS_PATH)
    )


def carried_tests(tests: Mapping[str, CodeFile]) -> dict[str, CodeFile]:
    """The old test files a change keeps: all but the requirement's examples, whose file is
    built again from the change's merged examples whenever the tests run (a stale copy
    carried over would show the old examples in the project folder)."""
    return {path: f for path, f in tests.items() if path != TRUSTED_TESTS_PATH}


def next_change_number(tests: Mapping[str, CodeFile], earlier: ChangeRequest | None) -> int:
    """The change's number: one more than the last change's, and never the number of a
    ``tests/test_change_N.py`` the project already holds (QA's new file must not replace it)."""
    taken = [int(m.group(1)) for path in tests if (m := re.fullmatch(r"tests/test_change_(\d+)\.py", path))]
    return max([earlier.number if earlier is not None else 0, *taken]) + 1


def change_request_of_run(values: Mapping[str, Any], thread_id: str) -> ChangeRequest:
    """What a change of a finished run inherits: its requirement, files and passing tests."""
    reports = values.get("test_reports") or []
    tests = carried_tests(values.get("tests") or {})
    code = values.get("code") or {}
    earlier = change_of(values)
    return ChangeRequest(
        number=next_change_number(tests, earlier),
        source_kind="thread",
        source=thread_id,
        source_status=str(values.get("status", "")),
        previous_requirement=str(values.get("requirement", "")),
        readme=earlier.readme if earlier is not None else "",
        outline=outline(code),
        files_before=sorted({*code, *tests}),
        passed_before=passed_old_tests(reports[-1] if reports else None, tests),
    )


def change_seed(values: Mapping[str, Any], requirement: str, change: ChangeRequest) -> dict[str, Any]:
    """The change run's first state: the project carried over, the change's requirement
    read (its examples join the old ones as trusted tests), a log line saying where from."""
    text = validate_requirement(requirement)
    read = read_requirement({"requirement": text})
    old_acceptance = values.get("acceptance")
    acceptance = merged_acceptance(
        old_acceptance if isinstance(old_acceptance, AcceptanceSuite) else None, read["acceptance"]
    )
    origin = f"run '{change.source}'" if change.source_kind == "thread" else f"folder {change.source}"
    note = (
        " (it had ended failed_tests: only its passing tests are trusted)"
        if change.source_status == "failed_tests"
        else ""
    )
    carried = {key: values[key] for key in CARRIED if values.get(key) is not None}
    carried["tests"] = carried_tests(values.get("tests") or {})
    return carried | {
        "requirement": text,
        "acceptance": acceptance,
        "change": change,
        "status": "running",
        "messages": [
            Publication(
                role="requirement",
                action="ChangeRequest",
                artifact="change",
                summary=f"change {change.number} of {origin}{note}: {len(change.files_before)} files, "
                f"{len(change.passed_before)} old tests passing"[:160],
            ),
            *read["messages"],
        ],
    }
