"""``sopgraph serve``: watch and review runs in a browser, on the project's own Python API.

A small Starlette app (``app.create_app``) with server-rendered Jinja2 pages, live updates
over server-sent events and mermaid drawn in the browser from a vendored bundle (nothing is
fetched at run time). Everything a model wrote is untrusted text: Jinja2 autoescapes it,
markdown is rendered with raw HTML off, and mermaid runs at its ``strict`` security level.
"""

from __future__ import annotations

from graph.web.app import create_app

__all__ = ["create_app"]
