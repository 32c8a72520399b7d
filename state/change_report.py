"""The change report: which files a change run rewrote, why, and the diff of each.

Why: a change is trusted only if a reader can see that it touched what it had to and
nothing else. Every file that differs from the old project is listed with its reasons
(the plan's line for it, a fix round and its diagnosis, QA's tests for the change, old
tests retired as obsolete) and its unified diff; the count of files left byte-identical
closes the list. A pure function of the state, so ``sopgraph export`` writes it again.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

from state.acceptance import TRUSTED_TESTS_PATH
from state.artifacts import CodeFile, TestReport
from state.changes import ChangeRequest, change_of, trusted_in_run


def changed_files(state: Mapping[str, Any]) -> dict[str, tuple[str | None, str]]:
    """Each code or test file that differs from the old project: path -> (before, after);
    ``before`` is ``None`` for a file the change added."""
    change = change_of(state)
    if change is None:
        return {}
    before: Mapping[str, CodeFile] = state.get("files_before_change") or {}
    now: dict[str, CodeFile] = {**(state.get("code") or {}), **(state.get("tests") or {})}
    changed: dict[str, tuple[str | None, str]] = {}
    for path, current in sorted(now.items()):
        if path in before:
            if before[path].content != current.content:
                changed[path] = (before[path].content, current.content)
        elif path not in change.files_before:
            changed[path] = (None, current.content)
    return changed


def reasons(state: Mapping[str, Any], change: ChangeRequest, path: str) -> list[str]:
    """Why ``path`` changed, from the plan, the fix rounds and QA's records."""
    found: list[str] = []
    tasks = state.get("tasks")
    if tasks is not None and {path, path.removesuffix(".py")} & set(tasks.task_list):
        logic = next((item.description for item in tasks.logic_analysis if item.file == path), "")
        found.append(f"planned by the ProjectManager: {logic or 'in the task list'}")
    elif path.endswith(".py") and not path.startswith("tests/") and path not in change.files_before:
        found.append("a new file of the design")
    reports = state.get("test_reports") or []
    for number, plan in enumerate(state.get("fix_plans") or [], start=1):
        if any(f.path == path for f in plan.files):
            judged = plan.judged_by_report
            failed = reports[judged - 1] if judged is not None and 0 < judged <= len(reports) else None
            diagnosis = " ".join(plan.diagnosis.split())[:300]
            found.append(f"fix round {number} {_fixed_what(state, failed)}: {diagnosis}")
    if path == change.test_file:
        found.append("QA's tests for the change")
    retired = [nodeid for nodeid in change.obsolete if nodeid.startswith(f"{path}::")]
    if retired:
        found.append(
            "obsolete old tests removed: " + "; ".join(f"{n} ({change.obsolete[n]})" for n in retired)
        )
    if path == TRUSTED_TESTS_PATH:
        found.append("the requirement's examples (trusted tests), rebuilt with the change's")
    return found or ["changed outside the plan"]


def _fixed_what(state: Mapping[str, Any], report: TestReport | None) -> str:
    """What the fix answered: the trusted tests that failed (regressions of old tests among
    them), else the crash, else the other failing tests."""
    if report is None:
        return "after a red test run"
    failed = [o.nodeid for o in report.outcomes if o.outcome in ("failed", "error")]
    trusted = [nodeid for nodeid in failed if trusted_in_run(state, nodeid)]
    if trusted:
        return f"for failing trusted tests ({', '.join(trusted)})"
    if report.start_error:
        return "for a crash on start"
    return f"for failing tests ({', '.join(failed)})" if failed else "after a red test run"


def _diff(path: str, before: str | None, after: str) -> str:
    lines = difflib.unified_diff(
        (before or "").splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile="/dev/null" if before is None else f"a/{path}",
        tofile=f"b/{path}",
    )
    return "".join(line if line.endswith("\n") else line + "\n" for line in lines)


def change_summary(state: Mapping[str, Any]) -> str:
    """The run report's lines for a change run: its source, and each changed file and why."""
    change = change_of(state)
    if change is None:
        return ""
    origin = f"run `{change.source}`" if change.source_kind == "thread" else f"folder `{change.source}`"
    lines = [f"## Change {change.number} (from {origin})", ""]
    if change.source_status == "failed_tests":
        lines += ["The source run had ended `failed_tests`: only its tests that passed are trusted.", ""]
    changed = changed_files(state)
    for path in changed:
        lines.append(f"- `{path}`: {' | '.join(reasons(state, change, path))}")
    untouched = len([p for p in change.files_before if p not in changed])
    lines += [
        "",
        f"{len(changed)} file(s) changed, {untouched} left byte-identical; diffs in docs/changes.md.",
    ]
    if change.obsolete:
        lines.append("Obsolete old tests (removed and replaced): " + ", ".join(change.obsolete))
    if change.refused_obsolete:
        lines.append(
            "Named obsolete but still passing (kept, trusted): " + ", ".join(change.refused_obsolete)
        )
    return "\n".join(lines) + "\n"


def change_markdown(state: Mapping[str, Any]) -> str:
    """``docs/changes.md``: the summary, then one unified diff per changed file."""
    sections = [change_summary(state)]
    for path, (before, after) in changed_files(state).items():
        sections.append(f"### `{path}`\n\n```diff\n{_diff(path, before, after)}```\n")
    return "\n".join(sections)
