"""The graph behind ``langgraph dev`` with ``LANGGRAPH_STRICT_MSGPACK=true``, driven through
``langgraph-sdk``: run to the PRD gate, resume with ``Command``, read the final state; a
client names the model in ``context`` as a spec string, and a bad one is one clear error.

The server runs on a free loopback port in the test's folder, loading the project's graph
factory (``graph.server.make_graph``) with the scripted model (``tests/langgraph_server_graph.py``).
Skipped when ``langgraph-cli[inmem]`` is missing (``pip install -e ".[server]"``), failed
instead under ``SOPGRAPH_REQUIRE_LANGGRAPH_SERVER=1`` (CI).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from benchmarks.scenarios import REQUIREMENT

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.slow


def _langgraph() -> str:
    found = shutil.which("langgraph", path=str(Path(sys.executable).parent)) or shutil.which("langgraph")
    try:
        import langgraph_api  # noqa: F401
        import langgraph_sdk  # noqa: F401
    except ImportError:
        found = None
    if found is None:
        reason = 'langgraph-cli[inmem] is not installed (pip install -e ".[server]")'
        if os.environ.get("SOPGRAPH_REQUIRE_LANGGRAPH_SERVER") == "1":
            pytest.fail(f"SOPGRAPH_REQUIRE_LANGGRAPH_SERVER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return found


@pytest.fixture
def server(tmp_path: Path) -> Iterator[str]:
    binary = _langgraph()
    config = {
        "dependencies": [str(ROOT)],
        "graphs": {"sopgraph": f"{ROOT / 'tests' / 'langgraph_server_graph.py'}:server_graph"},
        "python_version": "3.11",
    }
    (tmp_path / "langgraph.json").write_text(json.dumps(config))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ,
        "LANGGRAPH_STRICT_MSGPACK": "true",
        "PYTHONPATH": str(ROOT),
        "LANGGRAPH_CLI_NO_ANALYTICS": "1",
        "LANGSMITH_TRACING": "false",
    }
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [binary, "dev", "--host", "127.0.0.1", "--port", str(port), "--no-browser", "--no-reload"],
        cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, (tmp_path / "server.log").read_text()[-3000:]
            assert time.monotonic() < deadline, "langgraph dev did not start in 90 s"
            try:
                with urllib.request.urlopen(f"{url}/ok", timeout=2) as answer:
                    if answer.status == 200:
                        break
            except OSError:
                time.sleep(0.5)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def _interrupted_gates(state: dict[str, Any]) -> list[str]:
    return [i["value"]["gate"] for task in state["tasks"] for i in task.get("interrupts") or []]


def test_a_review_gate_works_under_strict_msgpack(server: str) -> None:
    from langgraph_sdk import get_sync_client

    client = get_sync_client(url=server)
    thread = client.threads.create()["thread_id"]
    settings = {"model": "scripted", "review_gates": ["prd"], "candidates": 1, "fix_on": "any"}
    client.runs.wait(
        thread,
        "sopgraph",
        input={"requirement": REQUIREMENT, "settings": settings},
        context={"model": "scripted"},
    )
    paused = client.threads.get_state(thread)
    assert paused["next"] == ["human_review"] and _interrupted_gates(paused) == ["prd"]
    assert paused["values"]["status"] == "awaiting_review"

    client.runs.wait(
        thread, "sopgraph", command={"resume": {"action": "approve"}}, context={"model": "scripted"}
    )
    done = client.threads.get_state(thread)
    assert done["next"] == [] and done["values"]["status"] == "succeeded", done["values"].get("failure")
    assert done["values"]["prd"]["project_name"] == "calculator"
    assert done["values"]["test_reports"][-1]["passed"] == 2

    other = client.threads.create()["thread_id"]
    with pytest.raises(Exception, match="invalid model spec 'nosuch:xyz'"):
        client.runs.wait(
            other, "sopgraph", input={"requirement": REQUIREMENT}, context={"model": "nosuch:xyz"}
        )


def test_the_projects_langgraph_json_serves_the_factory() -> None:
    """The graph factory, not the bare compiled graph: only it makes the server's
    checkpointer know sopgraph's models under strict msgpack."""
    config = json.loads((ROOT / "langgraph.json").read_text())
    assert config["graphs"] == {"sopgraph": "./graph/server.py:make_graph"}
