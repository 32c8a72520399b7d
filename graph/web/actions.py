"""The POSTs: start a run, answer a review gate, fork from a checkpoint.

Each one is checked completely in the request (CSRF token, the thread's state, the edited
artifact through ``graph.api.validate_decision``, the thread's lock) and refused with the
page shown again and nothing written; only then is the run handed to a background job.
"""

from __future__ import annotations

import json
import uuid
from typing import Any
from urllib.parse import quote

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import PlainTextResponse, RedirectResponse, Response

from checkpoints.locks import thread_lock
from graph.api import validate_decision
from graph.errors import validate_requirement
from graph.web import views
from graph.web.forking import find_fork_point, fork_run, with_edit
from graph.web.pages import checkpoint_context, render, run_context, web_of
from graph.web.security import csrf_ok, form_fields
from state.artifacts import ARTIFACT_MODELS
from state.errors import RunRequestError
from state.review import ReviewDecision
from state.settings import ALL_GATES, ALL_ROLES, RunSettings


async def _checked_form(request: Request) -> dict[str, str] | Response:
    fields = await form_fields(request)
    if not csrf_ok(web_of(request).csrf, fields.get("csrf")):
        return PlainTextResponse("missing or wrong CSRF token: reload the page", status_code=403)
    return fields


def _choices(value: str) -> tuple[str, ...]:
    return tuple(v for v in value.split(",") if v)


async def start_run(request: Request) -> Response:
    fields = await _checked_form(request)
    if isinstance(fields, Response):
        return fields
    web = web_of(request)
    try:
        text = validate_requirement(fields.get("requirement", ""))
        settings = RunSettings(
            model=fields.get("model", "").strip() or web.default_model,
            review_gates=_choices(fields.get("gates", "")),  # type: ignore[arg-type]
            roles=_choices(fields.get("roles", "")) or ALL_ROLES,  # type: ignore[arg-type]
            candidates=fields.get("candidates") or RunSettings().candidates,  # type: ignore[arg-type]
        )
    except (RunRequestError, ValidationError) as error:
        message = _first(error) if isinstance(error, ValidationError) else str(error)
        return render(
            request, "runs.html", 422, rows=[], roles=ALL_ROLES, gates=ALL_GATES,
            default_model=web.default_model, form=fields, error=message,
        )  # fmt: skip
    thread = uuid.uuid4().hex[:12]
    web.jobs.submit(
        thread, "start", lambda runner, told: runner.start(text, settings, thread_id=thread, on_update=told)
    )
    return RedirectResponse(f"/runs/{thread}", status_code=303)


def _first(error: ValidationError) -> str:
    first = error.errors()[0]
    return f"{'.'.join(str(p) for p in first['loc'])}: {first['msg']}"


def field_errors(gate: str, artifact: Any, refusal: str) -> list[tuple[str, str]]:
    """Every field the edited artifact gets wrong (path, message), for the editor's margin;
    the API's one-line refusal when the gate's check is not a model (code)."""
    model = ARTIFACT_MODELS.get(gate)
    if model is not None:
        try:
            model.model_validate(artifact)
        except ValidationError as error:
            return [(".".join(str(p) for p in e["loc"]) or "(artifact)", e["msg"]) for e in error.errors()]
    return [("(artifact)", refusal)]


def _decision(fields: dict[str, str]) -> tuple[ReviewDecision | None, list[tuple[str, str]]]:
    action = fields.get("action", "")
    try:
        if action == "edit":
            try:
                artifact = json.loads(fields.get("artifact", ""))
            except json.JSONDecodeError as error:
                return None, [(f"line {error.lineno}, column {error.colno}", f"not JSON: {error.msg}")]
            if not isinstance(artifact, dict):
                return None, [("(artifact)", "the edited artifact must be a JSON object")]
            return ReviewDecision(action="edit", artifact=artifact), []
        return ReviewDecision.model_validate({"action": action, "text": fields.get("text") or None}), []
    except ValidationError as error:
        return None, [("(answer)", error.errors()[0]["msg"])]


def _refuse(
    request: Request, thread: str, fields: dict[str, str], errors: list[tuple[str, str]], refused: str
) -> Response:
    context = run_context(request, thread) or {}
    context.update(
        sop_mermaid=web_of(request).sop_mermaid,
        editor=fields.get("artifact")
        or (views.artifact_json(context["review"]) if context.get("review") else ""),
        feedback=fields.get("text", ""),
        errors=errors,
        refused=refused,
    )
    return render(request, "run.html", 422 if errors else 409, **context)


def _plan_review(request: Request, thread: str, fields: dict[str, str]) -> Response | ReviewDecision:
    """Everything a review is checked against, before anything is written."""
    web = web_of(request)
    if web.jobs.busy(thread):
        return _refuse(request, thread, fields, [], f"run '{thread}' is running: wait for its gate")
    if web.saver.get_tuple({"configurable": {"thread_id": thread}}) is None:
        return PlainTextResponse(f"no run with thread id '{thread}'", status_code=404)
    snapshot = web.graph.get_state({"configurable": {"thread_id": thread}})
    review = views.review_payload(snapshot)
    if review is None:
        return _refuse(request, thread, fields, [], f"run '{thread}' is not waiting for a review")
    decision, errors = _decision(fields)
    if decision is None:
        return _refuse(request, thread, fields, errors, "the answer was refused; nothing was saved")
    try:
        validate_decision(snapshot, decision)  # the check `sopgraph resume --edit` makes
    except RunRequestError as error:
        errors = field_errors(review["gate"], decision.artifact, str(error))
        return _refuse(request, thread, fields, errors, f"{error}; nothing was saved")
    try:
        with thread_lock(web.saver, thread):  # a terminal driving this run refuses the page
            pass
    except RunRequestError as error:
        return _refuse(request, thread, fields, [], str(error))
    return decision


async def review(request: Request) -> Response:
    fields = await _checked_form(request)
    if isinstance(fields, Response):
        return fields
    thread = request.path_params["thread"]
    planned = await run_in_threadpool(_plan_review, request, thread, fields)
    if isinstance(planned, Response):
        return planned
    try:
        web_of(request).jobs.submit(
            thread, f"review:{planned.action}",
            lambda runner, told: runner.resume(thread, decision=planned, on_update=told),
        )  # fmt: skip
    except RunRequestError as error:
        return await run_in_threadpool(_refuse, request, thread, fields, [], str(error))
    return RedirectResponse(f"/runs/{quote(thread, safe='')}", status_code=303)


async def fork(request: Request) -> Response:
    """A new run from a checkpoint, optionally with one artifact edited there (validated
    against its model; a refused edit shows the checkpoint page again, nothing written)."""
    fields = await _checked_form(request)
    if isinstance(fields, Response):
        return fields
    web = web_of(request)
    thread = request.path_params["thread"]
    checkpoint_id = fields.get("checkpoint_id", "")
    try:
        point = await run_in_threadpool(find_fork_point, web.graph, thread, checkpoint_id)
    except RunRequestError as error:
        return PlainTextResponse(str(error), status_code=409)
    key = fields.get("artifact_key")
    if key:
        errors: list[tuple[str, str]]
        try:
            point = with_edit(point, key, json.loads(fields.get("artifact", "")))
            errors = []
        except json.JSONDecodeError as error:
            errors = [(f"line {error.lineno}, column {error.colno}", f"not JSON: {error.msg}")]
        except ValidationError as error:
            errors = [(".".join(str(p) for p in e["loc"]) or "(artifact)", e["msg"]) for e in error.errors()]
        except RunRequestError as error:
            errors = [("(artifact)", str(error))]
        if errors:
            context = await run_in_threadpool(checkpoint_context, request, thread, checkpoint_id) or {}
            context["editable"] = {**context.get("editable", {}), key: fields.get("artifact", "")}
            context.update(
                errors=errors, edited_key=key, refused=f"the edited {key} was refused; nothing was saved"
            )
            return render(request, "checkpoint.html", 422, **context)
    new = uuid.uuid4().hex[:12]
    web.jobs.submit(new, f"fork of {thread}", lambda runner, told: fork_run(runner, point, new, told))
    return RedirectResponse(f"/runs/{new}", status_code=303)
