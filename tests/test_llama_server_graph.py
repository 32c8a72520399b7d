"""The SOP through ``openai:NAME`` + ``OPENAI_BASE_URL`` against a real llama.cpp server.

llama-cpp-python's own OpenAI-compatible server (``python -m llama_cpp.server``, the
``llama-server`` extra) with the embedded 0.5B, on loopback: the server refuses
``json_schema`` (HTTP 500), so the run must settle on another method by itself, record it,
and a resume in a second process must ask the same way without probing again.

Budgeted for CI: documents plus one file (function scope, QA off, one candidate, no fix
rounds); the server's schema grammar runs with its stock sampler. The first process stops
on a one-token budget after the PRD (a clean, resumable stop), the second (the CLI's
``resume``) finishes the run. Skipped when llama-cpp-python's server or the weights are
missing, unless ``SOPGRAPH_REQUIRE_LOCAL_MODEL=1`` (CI), where that fails instead.
"""

from __future__ import annotations

import importlib.util
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from checkpoints.savers import open_saver
from graph.api import SopRunner
from state.artifacts import PRD, CodeFile, SystemDesign, TaskPlan
from state.settings import RunSettings

pytestmark = [pytest.mark.local_model, pytest.mark.slow, pytest.mark.timeout(1800)]

REPO = Path(__file__).resolve().parent.parent
ALIAS = "qwen05"
REQUIREMENT = (
    "Write a function even_sum(numbers) in even_sum.py that returns the sum of the even numbers "
    "in a list of integers. even_sum([1, 2, 3, 4]) == 6"
)
SETTINGS = RunSettings(
    model=f"openai:{ALIAS}",
    roles=("product_manager", "architect", "project_manager", "engineer"),
    scope="function",
    candidates=1,
    max_retries=0,
    max_code_rewrites=0,
    max_repairs=1,
    budget_tokens=1,  # the PM's first call runs; the budget stops the run before the next
)

FIRST_PROCESS = """
import sys
from pathlib import Path
from checkpoints.savers import open_saver
from graph.api import SopRunner
from nodes.context import Context
from state.settings import RunSettings
db, thread, workspace, settings, requirement = sys.argv[1:6]
with open_saver(f"sqlite:///{db}") as saver:
    runner = SopRunner(saver, Context(workspace=Path(workspace)))
    runner.on_notice = print
    outcome = runner.start(requirement, RunSettings.model_validate_json(settings), thread_id=thread)
print("status:", outcome.status)
"""


def _skip_or_fail(reason: str) -> None:
    if os.environ.get("SOPGRAPH_REQUIRE_LOCAL_MODEL") == "1":
        pytest.fail(f"SOPGRAPH_REQUIRE_LOCAL_MODEL=1 but {reason}", pytrace=False)
    pytest.skip(reason)


def _weights() -> Path:
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("fastapi") is None:
        _skip_or_fail('llama-cpp-python\'s server is not installed (pip install "sopgraph[llama-server]")')
    from nodes.models.weights import WEIGHTS, ModelWeightsError, ensure_weights

    try:
        return ensure_weights(WEIGHTS["0.5b"])
    except ModelWeightsError as error:
        _skip_or_fail(str(error))
        raise


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``python -m llama_cpp.server`` with the 0.5B on a free loopback port; its base URL."""
    weights = _weights()
    port = _free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    command = [
        sys.executable,
        "-m",
        "llama_cpp.server",
        "--model",
        str(weights),
        "--model_alias",
        ALIAS,
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--n_ctx",
        "8192",
        "--seed",
        "0",
    ]
    with log.open("wb") as sink:
        server = subprocess.Popen(command, stdout=sink, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"{url}/models", timeout=2) as answer:
                    if ALIAS in answer.read().decode():
                        break
            except OSError:
                pass
            if server.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"llama_cpp.server did not start: {log.read_text()[-2000:]}", pytrace=False)
            time.sleep(0.5)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


def _env(url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "SOPGRAPH_STRUCTURED_METHOD"}
    return env | {"OPENAI_BASE_URL": url, "OPENAI_API_KEY": "dummy", "PYTHONPATH": str(REPO)}


def test_the_sop_through_a_llama_cpp_server_settles_records_and_resumes(
    llama_server: str, tmp_path: Path
) -> None:
    db, workspace, thread = tmp_path / "runs.db", tmp_path / "ws", "byom"
    endpoint = f"openai:{ALIAS}@{llama_server}"
    first = subprocess.run(
        [
            sys.executable,
            "-c",
            FIRST_PROCESS,
            str(db),
            thread,
            str(workspace),
            SETTINGS.model_dump_json(),
            REQUIREMENT,
        ],
        env=_env(llama_server),
        capture_output=True,
        text=True,
        timeout=900,
        cwd=REPO,
    )
    assert first.returncode == 0, first.stderr[-3000:]
    settled_line = f"structured output for {endpoint}: json_object_schema (json_schema: refused (HTTP 500"
    assert settled_line in first.stdout, first.stdout
    assert "status: failed_budget" in first.stdout, first.stdout + first.stderr[-2000:]

    second = subprocess.run(
        [
            sys.executable,
            "-c",
            "from graph.cli import app; app()",
            "resume",
            thread,
            "--budget-tokens",
            "100000000",
            "--checkpoints",
            f"sqlite:///{db}",
            "--workspace",
            str(workspace),
        ],
        env=_env(llama_server),
        capture_output=True,
        text=True,
        timeout=1500,
        cwd=REPO,
    )
    output = second.stdout + second.stderr
    assert f"structured output for {endpoint}: json_object_schema (recorded in the run's settings)" in output
    assert "Traceback" not in output, output[-3000:]

    with open_saver(f"sqlite:///{db}") as saver:
        values = SopRunner(saver).snapshot(thread).values
    failure = values.get("failure")
    assert values["status"] in ("succeeded", "failed_tests"), (failure and failure.message, output[-3000:])
    assert values["settings"].structured_methods == {endpoint: "json_object_schema"}
    for name, model_type in (("prd", PRD), ("design", SystemDesign), ("tasks", TaskPlan)):
        assert isinstance(values[name], model_type)
        model_type.model_validate(json.loads(values[name].model_dump_json()))
    code = values["code"]
    assert code and all(isinstance(f, CodeFile) and f.content.strip() for f in code.values())
    usage = values["usage"]
    assert usage["product_manager"].calls >= 1 and usage["engineer"].completion_tokens > 0
