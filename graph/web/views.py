"""What the pages show, read from the checkpoint store: plain data for the templates.

Every string here may come from a model; the templates escape it (autoescape) and the
markdown goes through ``graph.web.markdown.to_html``, which keeps raw HTML as text.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from langgraph.types import StateSnapshot
from markupsafe import Markup

from checkpoints.runs import RunSummary
from graph.web.markdown import to_html
from state.render import (
    design_markdown,
    prd_markdown,
    run_report_markdown,
    selection_markdown,
    tasks_markdown,
    test_report_markdown,
)
from state.usage import total_usage


@dataclass
class RunRow:
    """One line of the runs list."""

    thread_id: str
    status: str
    model: str
    cost_usd: float
    seconds: float
    updated: str
    requirement: str


def run_row(summary: RunSummary, values: dict[str, Any]) -> RunRow:
    settings = values.get("settings")
    total = total_usage(values.get("usage") or {})
    return RunRow(
        thread_id=summary.thread_id,
        status=summary.status or "?",
        model=getattr(settings, "model", "?"),
        cost_usd=total.cost_usd,
        seconds=total.seconds,
        updated=f"{summary.updated_at:%Y-%m-%d %H:%M:%S}",
        requirement=summary.requirement,
    )


@dataclass
class Section:
    """One artifact on the run page: a title and its safe HTML."""

    key: str
    title: str
    html: Markup


@dataclass
class FileView:
    path: str
    content: str
    reviews: list[dict[str, Any]] = field(default_factory=list)


def sections(values: dict[str, Any]) -> list[Section]:
    """Every document the run has written so far, in the order the SOP writes them."""
    found: list[Section] = []
    if values.get("prd") is not None:
        found.append(Section("prd", "PRD", to_html(prd_markdown(values["prd"]))))
    if values.get("design") is not None:
        found.append(Section("design", "System design", to_html(design_markdown(values["design"]))))
    if values.get("tasks") is not None:
        found.append(Section("tasks", "Task plan", to_html(tasks_markdown(values["tasks"]))))
    if values.get("selection") is not None:
        found.append(Section("selection", "Candidates", to_html(selection_markdown(values["selection"]))))
    reports = values.get("test_reports") or []
    if reports:
        found.append(
            Section(
                "test_reports", "Test report", to_html(test_report_markdown(reports, values.get("qa_report")))
            )
        )
    usage = values.get("usage") or {}
    if usage:
        settings = values.get("settings")
        budget = getattr(settings, "budget_usd", None)
        found.append(
            Section(
                "usage",
                "Usage per role",
                to_html(run_report_markdown(usage, values.get("status", "?"), budget)),
            )
        )
    return found


def code_files(values: dict[str, Any]) -> list[FileView]:
    """The code, each file with the reviews it got (LGTM/LBTM and their comments)."""
    reviews: dict[str, list[dict[str, Any]]] = {}
    for review in values.get("reviews") or []:
        reviews.setdefault(review.path, []).append({"verdict": review.verdict, "comments": review.comments})
    return [
        FileView(path=path, content=file.content, reviews=reviews.get(path, []))
        for path, file in sorted((values.get("code") or {}).items())
    ]


def test_files(values: dict[str, Any]) -> list[FileView]:
    return [FileView(path=path, content=f.content) for path, f in sorted((values.get("tests") or {}).items())]


def candidates(values: dict[str, Any]) -> list[FileView]:
    """Each candidate version, named by its origin (greedy, sampled, the SOP's own)."""
    found = values.get("candidates") or {}
    return [
        FileView(
            path=f"{c.path} #{c.index} ({c.origin}, t={c.temperature}, seed={c.seed})", content=c.content
        )
        for _key, c in sorted(found.items(), key=lambda item: item[1].index)
    ]


def failing_outputs(values: dict[str, Any]) -> list[tuple[int, str]]:
    """Each attempt's failing output, attempt by attempt."""
    return [(r.attempt, r.failing_output) for r in values.get("test_reports") or [] if r.failing_output]


def review_payload(snapshot: StateSnapshot) -> dict[str, Any] | None:
    """The gate a run waits at, as ``graph.api`` reads it, or ``None``."""
    for interrupt in snapshot.interrupts:
        if isinstance(interrupt.value, dict) and "gate" in interrupt.value:
            return interrupt.value
    return None


def artifact_json(review: dict[str, Any]) -> str:
    """The artifact under review as the JSON the editor starts from."""
    return json.dumps(review.get("artifact"), indent=2, ensure_ascii=False)


def json_text(model: Any) -> str:
    """An artifact as the JSON an editor starts from."""
    return json.dumps(model.model_dump(mode="json"), indent=2, ensure_ascii=False)


def messages(values: dict[str, Any], after: int = 0) -> list[dict[str, str]]:
    """The message pool's log from entry ``after`` on, as plain JSON-able dicts."""
    return [m.model_dump(mode="json") for m in (values.get("messages") or [])[after:]]
