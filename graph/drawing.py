"""Draw the SOP graph: mermaid text always, PNG/SVG offline through Graphviz's ``dot``.

langchain-core's ``draw_mermaid_png`` calls the mermaid.ink web service, which fails with
no network, and its ``draw_png`` needs pygraphviz compiled against graphviz headers. The
DOT text below is built from the same ``get_graph()`` structure and handed to the ``dot``
program (Debian package ``graphviz``), so drawing needs no network and no compiler.
"""

from __future__ import annotations

import shutil
import subprocess
from typing import Literal

from langchain_core.runnables.graph import Graph

ImageFormat = Literal["png", "svg"]

ROLE_COLOURS = {
    "product_manager": "#fde2b5",
    "architect": "#cfe3fb",
    "project_manager": "#d9f2d0",
    "engineer": "#f9d0d0",
    "debug_fix": "#f9d0d0",
    "qa_engineer": "#e6d5f5",
    "run_tests": "#e6d5f5",
    "keep_better_code": "#e6d5f5",
    "human_review": "#fff7a8",
}


def mermaid_text(drawable: Graph) -> str:
    """Mermaid flowchart source of the graph (conditional edges dotted)."""
    return drawable.draw_mermaid()


def dot_text(drawable: Graph) -> str:
    """Graphviz DOT source: role nodes coloured, conditional edges dashed."""
    lines = [
        "digraph sopgraph {",
        '  rankdir=TB; node [shape=box, style="rounded,filled", fontname="Helvetica", fillcolor="#eeeeee"];',
    ]
    for node_id in drawable.nodes:
        shape = ', shape=oval, fillcolor="#ffffff"' if node_id in ("__start__", "__end__") else ""
        colour = f', fillcolor="{ROLE_COLOURS[node_id]}"' if node_id in ROLE_COLOURS else ""
        label = node_id.strip("_")
        lines.append(f'  "{node_id}" [label="{label}"{shape}{colour}];')
    for edge in drawable.edges:
        style = " [style=dashed]" if edge.conditional else ""
        lines.append(f'  "{edge.source}" -> "{edge.target}"{style};')
    lines.append("}")
    return "\n".join(lines) + "\n"


def render_image(drawable: Graph, fmt: ImageFormat = "png") -> bytes:
    """The graph as PNG or SVG bytes, rendered locally by ``dot``."""
    dot = shutil.which("dot")
    if dot is None:
        raise RuntimeError(
            "drawing an image needs Graphviz's 'dot' program: apt-get install graphviz "
            "(the mermaid text needs nothing: sopgraph graph --format mermaid)"
        )
    result = subprocess.run(
        [dot, f"-T{fmt}"],
        input=dot_text(drawable).encode(),
        capture_output=True,
        timeout=60,
        check=False,
    )
    if result.returncode != 0:
        raise RuntimeError(f"dot failed: {result.stderr.decode(errors='replace').strip()}")
    return result.stdout
