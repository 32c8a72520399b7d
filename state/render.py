"""Markdown renderings of the artifacts: the documents a human team would file.

Pure functions of the artifacts, so writing the workspace again from a checkpoint gives
byte-identical files.
"""

from __future__ import annotations

from collections.abc import Iterable

from state.artifacts import PRD, Publication, QAReport, SystemDesign, TaskPlan, TestReport
from state.candidates import CandidateRun, Selection
from state.usage import Usage, total_usage


def _bullets(items: Iterable[str]) -> str:
    return "\n".join(f"- {item}" for item in items) or "- (none)"


def _mermaid(source: str) -> str:
    return f"```mermaid\n{source.strip()}\n```" if source.strip() else "(none)"


def prd_markdown(prd: PRD) -> str:
    pool = "\n".join(f"| {item.priority} | {item.requirement} |" for item in prd.requirement_pool)
    return f"""# PRD: {prd.project_name}

## Original requirement
{prd.original_requirement}

## Product goals
{_bullets(prd.product_goals)}

## User stories
{_bullets(prd.user_stories)}

## Competitive analysis
{_bullets(prd.competitive_analysis)}

## Competitive quadrant chart
{_mermaid(prd.competitive_quadrant_chart)}

## Requirement analysis
{prd.requirement_analysis or "(none)"}

## Requirement pool
| Priority | Requirement |
|---|---|
{pool}

## UI design draft
{prd.ui_design_draft or "(none)"}

## Anything unclear
{prd.anything_unclear or "(nothing)"}
"""


def design_markdown(design: SystemDesign) -> str:
    return f"""# System design

## Implementation approach
{design.implementation_approach}

## File list
{_bullets(f"`{path}`" for path in design.file_list)}

## Data structures and interfaces
{_mermaid(design.data_structures_and_interfaces)}

## Program call flow
{_mermaid(design.program_call_flow)}

## Anything unclear
{design.anything_unclear or "(nothing)"}
"""


def tasks_markdown(tasks: TaskPlan) -> str:
    logic = "\n".join(f"| `{item.file}` | {item.description} |" for item in tasks.logic_analysis)
    return f"""# Task plan

## Required packages
{_bullets(f"`{p}`" for p in tasks.required_packages)}

## Logic analysis
| File | What it holds |
|---|---|
{logic}

## Task list
{chr(10).join(f"{i}. `{path}`" for i, path in enumerate(tasks.task_list, 1))}

## Shared knowledge
{tasks.shared_knowledge or "(none)"}

## Anything unclear
{tasks.anything_unclear or "(nothing)"}
"""


def test_report_markdown(reports: list[TestReport], qa: QAReport | None) -> str:
    rows = "\n".join(
        f"| {r.attempt} | {r.exit_status} | {r.passed} | {r.failed} | {r.errors} | "
        f"{r.limit_hit or ''} | {r.duration_s:.2f} |"
        for r in reports
    )
    last = reports[-1] if reports else None
    failing = (
        f"\n## Last failing output\n```\n{last.failing_output}\n```\n" if last and last.failing_output else ""
    )
    verdict = f"**Verdict: {qa.verdict}** after {qa.attempts} run(s). {qa.summary}" if qa else ""
    return f"""# Test report

{verdict}

| Attempt | Exit | Passed | Failed | Errors | Limit hit | Seconds |
|---|---|---|---|---|---|---|
{rows}
{failing}"""


def cost_line(usage: dict[str, Usage], budget_usd: float | None) -> str:
    """The paper's cost line: Total running cost | Max budget | prompt | completion tokens."""
    total = total_usage(usage)
    budget = f"${budget_usd:.3f}" if budget_usd is not None else "none"
    return (
        f"Total running cost: ${total.cost_usd:.3f} | Max budget: {budget} | "
        f"Current cost: ${total.cost_usd:.3f}, prompt_tokens: {total.prompt_tokens}, "
        f"completion_tokens: {total.completion_tokens}"
    )


def run_report_markdown(usage: dict[str, Usage], status: str, budget_usd: float | None) -> str:
    rows = "\n".join(
        f"| {role} | {u.calls} | {u.prompt_tokens} | {u.completion_tokens} | {u.seconds:.2f} | "
        f"{u.cost_usd:.4f} |"
        for role, u in sorted(usage.items())
    )
    t = total_usage(usage)
    return f"""# Run report

Status: **{status}**

{cost_line(usage, budget_usd)}

| Role | Model calls | Prompt tokens | Completion tokens | Seconds | Cost (USD) |
|---|---|---|---|---|---|
{rows}
| **total** | {t.calls} | {t.prompt_tokens} | {t.completion_tokens} | {t.seconds:.2f} | {t.cost_usd:.4f} |
"""


def log_markdown(messages: list[Publication]) -> str:
    """The message pool's log, in order: who published what, and what it says about it.

    Why in the report: the files show what shipped, not how; which review sent a file back,
    which fix was undone or sampled, which rewrite added a missing name are only in the log
    (SoftwareDev's 2048 at b9d2ac0 started after two fix rounds, and its files alone could
    not say which repair did it)."""
    rows = "\n".join(
        f"| {m.at[11:19]} | {m.role} | {m.action} | {' '.join(m.summary.split()).replace('|', '/')} |"
        for m in messages
    )
    return f"""## Log

| At (UTC) | Role | Action | Summary |
|---|---|---|---|
{rows}
"""


def _agreement(run: CandidateRun, runs: list[CandidateRun]) -> str:
    """Probe outputs this candidate shares with the others, out of all it could share."""
    others = [o for o in runs if o.index != run.index and not o.crashed]
    shared = sum(o.observed.get(p) == r for o in others for p, r in run.observed.items())
    return f"{shared}/{len(run.observed) * len(others)}" if run.observed else "-"


def selection_markdown(selection: Selection) -> str:
    """The candidates' result matrix: which tests each passed, and which one ships, and why."""
    rows = "\n".join(
        f"| {run.index}{' (shipped)' if run.index == selection.chosen else ''} | "
        f"{len(run.trusted_passed)}/{len(run.trusted_passed) + len(run.trusted_failed)} | "
        f"{len(run.derived_passed)}/{len(run.derived_passed) + len(run.derived_failed)} | "
        f"{_agreement(run, selection.runs)} | {run.crashed or '-'} |"
        for run in selection.runs
    )
    suspect = _bullets(selection.suspect_tests) if selection.suspect_tests else "none"
    return f"""## Candidates of `{selection.path}`

Chosen: candidate {selection.chosen}, decided by {selection.rule}.

| Candidate | Trusted tests passed | Derived tests passed | Probe outputs shared | Crash |
|---|---|---|---|---|
{rows}

Derived tests every candidate failed (suspect, not fixed towards): {suspect}
"""
