"""``sopgraph serve``: the web page for watching and reviewing runs (``graph/web``)."""

from __future__ import annotations

from typing import Annotated

import typer

from graph.cli_common import DEFAULT_WORKSPACE, StoreOpt, WorkspaceOpt, app, fail, open_store, out


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; loopback unless --allow-remote.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=0, max=65535)] = 8765,
    allow_remote: Annotated[
        bool, typer.Option("--allow-remote", help="Listen on a non-loopback address (needs --token).")
    ] = False,
    token: Annotated[
        str | None,
        typer.Option(envvar="SOPGRAPH_SERVE_TOKEN", help="Access token: open the page once with ?token=..."),
    ] = None,
    model: Annotated[
        str, typer.Option(envvar="SOPGRAPH_MODEL", help="Default model of runs started there.")
    ] = "local",
    workspace: WorkspaceOpt = DEFAULT_WORKSPACE,
    checkpoints: StoreOpt = None,
) -> None:
    """Watch and review runs in the browser (live timeline, drawn documents, review gates)."""
    try:
        import uvicorn

        from graph.web import create_app
        from graph.web.security import check_bind
    except ImportError as error:
        fail(f"sopgraph serve needs the web extra: pip install -e '.[web]' ({error})")
    try:
        check_bind(host, allow_remote, token)
    except ValueError as error:
        fail(str(error))
    from nodes.context import Context

    with open_store(workspace, checkpoints) as saver:
        web_app = create_app(saver, Context(workspace=workspace), token=token, default_model=model)
        shown = f"[{host}]" if ":" in host else host
        first = "?token=<your --token>" if token else ""
        out.print(f"sopgraph serve: http://{shown}:{port}/{first}", highlight=False)
        uvicorn.run(web_app, host=host, port=port, log_level="warning")
