"""The app factory: one checkpoint store, one runtime context, the routes and templates."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, select_autoescape
from langgraph.checkpoint.base import BaseCheckpointSaver
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from graph.builder import compile_graph
from graph.drawing import mermaid_text
from graph.web import actions, events, pages
from graph.web.jobs import Jobs
from graph.web.security import Guard, new_csrf_token
from nodes.context import Context

HERE = Path(__file__).parent
MERMAID_VERSION = (HERE / "static" / "mermaid.VERSION").read_text().strip()


@dataclass
class Web:
    """What every handler reads: the store, its compiled graph, the jobs, the CSRF token."""

    saver: BaseCheckpointSaver[Any]
    graph: Any
    jobs: Jobs
    templates: Jinja2Templates
    csrf: str
    sop_mermaid: str
    default_model: str


def create_app(
    saver: BaseCheckpointSaver[Any],
    context: Context,
    *,
    token: str | None = None,
    default_model: str = "local",
) -> Starlette:
    """The web app over ``saver``; runs it starts or answers use ``context`` (its model, or
    the settings' model spec when it has none, workspace and sandbox)."""
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
    )
    templates = Jinja2Templates(env=env)
    graph = compile_graph(saver)
    web = Web(
        saver=saver,
        graph=graph,
        jobs=Jobs(saver, context),
        templates=templates,
        csrf=new_csrf_token(),
        sop_mermaid=mermaid_text(graph.get_graph()),
        default_model=default_model,
    )
    env.globals.update(csrf=web.csrf, mermaid_version=MERMAID_VERSION)
    routes = [
        Route("/", pages.runs_page),
        Route("/runs", actions.start_run, methods=["POST"]),
        Route("/runs/{thread}", pages.run_page),
        Route("/runs/{thread}/artifacts", pages.artifacts_fragment),
        Route("/runs/{thread}/events", events.run_events),
        Route("/runs/{thread}/review", actions.review, methods=["POST"]),
        Route("/runs/{thread}/history", pages.history_page),
        Route("/runs/{thread}/checkpoints/{checkpoint}", pages.checkpoint_page),
        Route("/runs/{thread}/fork", actions.fork, methods=["POST"]),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    app = Starlette(routes=routes, middleware=[Middleware(Guard, token=token)])
    app.state.web = web
    return app
