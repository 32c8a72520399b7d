"""``sopgraph``: run, review, resume, inspect and draw the SOP graph from a shell.

The commands live in ``cli_run`` (run, resume), ``cli_change`` (change, run --from) and
``cli_inspect`` (runs, show, history, export, delete, prune, graph) and ``cli_serve``
(serve, the web page); importing them registers
them on the one Typer ``app``. ``cli_progress`` is the live progress that run, resume,
branch and change print.
"""

from __future__ import annotations

from graph import cli_change, cli_inspect, cli_run, cli_serve
from graph.cli_common import app

__all__ = ["app", "cli_change", "cli_inspect", "cli_run", "cli_serve"]
