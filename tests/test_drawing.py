"""The SOP graph's drawings: mermaid pinned by a snapshot, images rendered offline."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from graph.builder import build_graph
from graph.cli import app
from graph.drawing import dot_text, mermaid_text

SNAPSHOT = Path(__file__).parent / "snapshots" / "sop_graph.mmd"


def test_mermaid_matches_the_snapshot() -> None:
    text = mermaid_text(build_graph().compile().get_graph())
    if os.environ.get("SOPGRAPH_UPDATE_SNAPSHOTS") == "1":
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(text)
    assert text == SNAPSHOT.read_text(), "graph changed: rerun with SOPGRAPH_UPDATE_SNAPSHOTS=1 and review"


def test_every_router_edge_is_drawn() -> None:
    edges = {(e.source, e.target) for e in build_graph().compile().get_graph().edges}
    assert ("run_tests", "debug_fix") in edges and ("run_tests", "qa_engineer") in edges
    assert ("debug_fix", "run_tests") in edges and ("engineer", "engineer") in edges
    assert ("human_review", "product_manager") in edges and ("finalize", "__end__") in edges
    assert ("run_tests", "keep_better_code") in edges and ("keep_better_code", "finalize") in edges


def test_dot_text_names_every_node() -> None:
    text = dot_text(build_graph().compile().get_graph())
    for node in (
        "product_manager",
        "architect",
        "project_manager",
        "engineer",
        "qa_engineer",
        "run_tests",
        "debug_fix",
        "keep_better_code",
        "human_review",
        "finalize",
    ):
        assert f'"{node}"' in text


@pytest.mark.parametrize(("fmt", "magic"), [("png", b"\x89PNG\r\n\x1a\n"), ("svg", b"<svg")])
def test_cli_writes_a_valid_image_offline(tmp_path: Path, fmt: str, magic: bytes) -> None:
    target = tmp_path / f"graph.{fmt}"
    result = CliRunner().invoke(app, ["graph", "--format", fmt, "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    if fmt == "png":
        assert data.startswith(magic)
        width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
        assert width > 200 and height > 200
    else:
        assert magic in data and b"product_manager" in data


def test_cli_prints_mermaid() -> None:
    result = CliRunner().invoke(app, ["graph"])
    assert result.exit_code == 0
    assert result.stdout.startswith("---") or "graph TD" in result.stdout
