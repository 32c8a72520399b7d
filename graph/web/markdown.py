"""Artifacts as HTML: the same markdown the project folder gets (``state/render.py``).

Rendering the files' own markdown keeps the page and ``docs/prd.md`` saying the same thing.
markdown-it runs with raw HTML off, so a model's ``<script>`` becomes text, and its link
validator drops ``javascript:`` links; a ``mermaid`` fence becomes a ``<pre class="mermaid">``
holding the escaped source, which the browser's mermaid (strict security level) draws.
"""

from __future__ import annotations

from html import escape
from typing import Any

from markdown_it import MarkdownIt
from markupsafe import Markup

_md = MarkdownIt("commonmark", {"html": False}).enable("table")
_default_fence = _md.renderer.rules["fence"]  # type: ignore[attr-defined]


def _fence(renderer: Any, tokens: Any, idx: int, options: Any, env: Any) -> str:
    token = tokens[idx]
    if token.info.strip() == "mermaid":
        return f'<pre class="mermaid">{escape(token.content)}</pre>\n'
    return str(_default_fence(tokens, idx, options, env))


_md.add_render_rule("fence", _fence)


def to_html(markdown: str) -> Markup:
    """Safe HTML for ``markdown`` written (in part) by a model."""
    return Markup(_md.render(markdown))  # markdown-it escapes it: html is off


def mermaid_block(source: str) -> Markup:
    """One diagram for the browser to draw; the source stays text until mermaid parses it."""
    return Markup(f'<pre class="mermaid">{escape(source)}</pre>')  # escaped above
