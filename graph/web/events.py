"""Server-sent events for a run page: new log entries, the running nodes, and the end.

The stream polls the checkpoint store, not the job, so a run driven from a terminal (another
process) is watched live too. It ends (``event: end``) when the run waits for a review or
has finished and no job of this server drives it; the page then loads the new state once.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import StreamingResponse

from graph.web import views
from graph.web.pages import web_of
from state.schema import TERMINAL_STATUSES

POLL_S = 0.5
MAX_STREAM_S = 3600.0
"""A page open for an hour reconnects (EventSource does that by itself)."""


def _event(name: str, data: Any) -> str:
    return f"event: {name}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"


def read_state(web: Any, thread: str, after: int) -> dict[str, Any]:
    """The new log entries after ``after``, the nodes at work, and whether the stream ends."""
    job = web.jobs.get(thread)
    driving = job is not None and not job.done
    if web.saver.get_tuple({"configurable": {"thread_id": thread}}) is None:
        return {"messages": [], "running": [], "status": "starting", "end": not driving, "error": _error(job)}
    snapshot = web.graph.get_state({"configurable": {"thread_id": thread}})
    status = snapshot.values.get("status", "running")
    waiting = views.review_payload(snapshot) is not None
    running = list(job.running) if driving and job is not None else []
    if not running and status not in TERMINAL_STATUSES:
        running = list(snapshot.next)
    settled = status in TERMINAL_STATUSES or waiting or (status == "running" and not snapshot.next)
    return {
        "messages": views.messages(snapshot.values, after),
        "running": running,
        "status": status,
        "end": settled and not driving,
        "error": _error(job),
    }


def _error(job: Any) -> str | None:
    return job.error if job is not None and job.done else None


async def run_events(request: Request) -> StreamingResponse:
    web = web_of(request)
    thread = request.path_params["thread"]
    try:
        after = max(0, int(request.query_params.get("after", "0")))
    except ValueError:
        after = 0

    async def stream() -> AsyncIterator[str]:
        nonlocal after
        started = time.monotonic()
        last: tuple[Any, ...] | None = None
        while time.monotonic() - started < MAX_STREAM_S:
            state = await run_in_threadpool(read_state, web, thread, after)
            if state["messages"]:
                after += len(state["messages"])
                yield _event("messages", {"entries": state["messages"], "count": after})
            now = (tuple(state["running"]), state["status"])
            if now != last:
                last = now
                yield _event("state", {"running": state["running"], "status": state["status"]})
            if state["end"]:
                yield _event("end", {"status": state["status"], "error": state["error"]})
                return
            if await request.is_disconnected():
                return
            await asyncio.sleep(POLL_S)

    headers = {"Cache-Control": "no-store", "X-Accel-Buffering": "no"}
    return StreamingResponse(stream(), media_type="text/event-stream", headers=headers)
