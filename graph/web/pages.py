"""The pages: the runs list, a run (graph, timeline, artifacts, review form), its history."""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from checkpoints.runs import list_runs, run_history
from graph.web import views
from state.artifacts import ARTIFACT_MODELS
from state.errors import RunRequestError
from state.settings import ALL_GATES, ALL_ROLES


def web_of(request: Request) -> Any:
    return request.app.state.web


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> Response:
    return web_of(request).templates.TemplateResponse(request, template, context, status_code=status_code)


def not_found(request: Request, message: str) -> Response:
    return render(request, "error.html", 404, message=message)


def runs_page(request: Request) -> Response:
    web = web_of(request)
    rows = []
    try:
        for summary in list_runs(web.graph):
            values = web.graph.get_state({"configurable": {"thread_id": summary.thread_id}}).values
            rows.append(views.run_row(summary, values))
    except RunRequestError as error:  # a tampered checkpoint: one line, as the CLI says it
        return render(request, "error.html", 500, message=str(error))
    return render(
        request, "runs.html", rows=rows, roles=ALL_ROLES, gates=ALL_GATES, default_model=web.default_model,
        form={}, error=None,
    )  # fmt: skip


def run_context(request: Request, thread: str) -> dict[str, Any] | None:
    """Everything the run page and its artifacts fragment show; ``None``: no such run."""
    web = web_of(request)
    job = web.jobs.get(thread)
    if web.saver.get_tuple({"configurable": {"thread_id": thread}}) is None:
        if job is None:
            return None
        return {"thread": thread, "job": job, "values": {}, "review": None, "status": "starting"}
    snapshot = web.graph.get_state({"configurable": {"thread_id": thread}})
    values = snapshot.values
    review = views.review_payload(snapshot)
    return {
        "thread": thread,
        "job": job,
        "values": values,
        "status": values.get("status", "running"),
        "review": review if not web.jobs.busy(thread) else None,
        "next": list(snapshot.next),
        "sections": views.sections(values),
        "code": views.code_files(values),
        "tests": views.test_files(values),
        "candidates": views.candidates(values),
        "failing": views.failing_outputs(values),
        "messages": views.messages(values),
        "failure": values.get("failure"),
    }


def run_page(request: Request) -> Response:
    thread = request.path_params["thread"]
    try:
        context = run_context(request, thread)
    except RunRequestError as error:
        return render(request, "error.html", 500, message=str(error))
    if context is None:
        return not_found(request, f"no run with thread id '{thread}'")
    review = context["review"]
    context.update(
        sop_mermaid=web_of(request).sop_mermaid,
        editor=views.artifact_json(review) if review else "",
        errors=[],
        feedback="",
        refused=None,
    )
    return render(request, "run.html", **context)


def artifacts_fragment(request: Request) -> Response:
    """The artifacts alone, for the page to swap in as the run goes on (still escaped HTML)."""
    thread = request.path_params["thread"]
    context = run_context(request, thread)
    if context is None:
        return HTMLResponse("", status_code=404)
    return render(request, "artifacts.html", **context)


def history_page(request: Request) -> Response:
    web = web_of(request)
    thread = request.path_params["thread"]
    if web.saver.get_tuple({"configurable": {"thread_id": thread}}) is None:
        return not_found(request, f"no run with thread id '{thread}'")
    items = list(reversed(run_history(web.graph, thread)))  # newest first: the likely fork points
    return render(request, "history.html", thread=thread, items=items, error=None)


def checkpoint_context(request: Request, thread: str, checkpoint_id: str) -> dict[str, Any] | None:
    """One step of a run's history: its documents, and an editor for each one a reviewer may
    replace, to fork a new run from there with it edited; ``None``: no such checkpoint."""
    web = web_of(request)
    item = next((i for i in run_history(web.graph, thread) if i.checkpoint_id == checkpoint_id), None)
    if item is None:
        return None
    config = {"configurable": {"thread_id": thread, "checkpoint_id": checkpoint_id}}
    values = web.graph.get_state(config).values
    editable = {key: views.json_text(values[key]) for key in ARTIFACT_MODELS if values.get(key) is not None}
    return {
        "thread": thread,
        "item": item,
        "sections": views.sections(values),
        "editable": editable,
        "forkable": len(item.nodes) == 1,
        "errors": [],
        "edited_key": None,
        "refused": None,
    }


def checkpoint_page(request: Request) -> Response:
    thread, checkpoint_id = request.path_params["thread"], request.path_params["checkpoint"]
    context = checkpoint_context(request, thread, checkpoint_id)
    if context is None:
        return not_found(request, f"run '{thread}' has no checkpoint '{checkpoint_id}'")
    return render(request, "checkpoint.html", **context)
