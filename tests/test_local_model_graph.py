"""The real embedded model (Qwen2.5-Coder-0.5B via llama.cpp) through the whole graph.

Asserts that every artifact validates and that the test loop ran, not that the code is
right: a 0.5B model is the smallest that can play every role, and it is the one CI runs.
Skipped only when llama-cpp-python or the weights are not installed, and then only when
``SOPGRAPH_REQUIRE_LOCAL_MODEL`` is not set (CI sets it, so there it fails instead).
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path

import pytest

from checkpoints.savers import open_saver
from graph.api import SopRunner
from nodes.context import Context
from state.artifacts import PRD, CodeFile, SystemDesign, TaskPlan, TestReport
from state.settings import RunSettings
from state.usage import total_usage

pytestmark = [pytest.mark.local_model, pytest.mark.slow]

REQUIREMENT = "Write a Python function that returns the sum of the even numbers in a list of integers"


def _local_model_or_skip() -> object:
    reason = None
    if importlib.util.find_spec("llama_cpp") is None:
        reason = 'llama-cpp-python is not installed (pip install "sopgraph[local-small]")'
    else:
        from nodes.models.registry import load_chat_model

        try:
            return load_chat_model("local:0.5b", temperature=0.0, seed=0)
        except (RuntimeError, FileNotFoundError, ValueError) as error:
            reason = str(error)
    if os.environ.get("SOPGRAPH_REQUIRE_LOCAL_MODEL") == "1":
        pytest.fail(f"SOPGRAPH_REQUIRE_LOCAL_MODEL=1 but {reason}", pytrace=False)
    pytest.skip(reason or "local model unavailable")


def test_local_model_runs_every_role_and_the_test_loop(tmp_path: Path) -> None:
    model = _local_model_or_skip()
    settings = RunSettings(model="local:0.5b", seed=0, max_retries=1, max_code_rewrites=0)
    with open_saver(f"sqlite:///{tmp_path / 'runs.db'}") as saver:
        runner = SopRunner(saver, Context(model=model, workspace=tmp_path / "ws"))  # type: ignore[arg-type]
        outcome = runner.start(REQUIREMENT, settings, thread_id="local-e2e")
    values = outcome.values
    failure = values.get("failure")
    assert outcome.status in ("succeeded", "failed_tests"), failure and failure.message
    for name, model_type in (("prd", PRD), ("design", SystemDesign), ("tasks", TaskPlan)):
        artifact = values[name]
        assert isinstance(artifact, model_type)
        model_type.model_validate(artifact.model_dump())
    assert values["code"] and all(
        isinstance(f, CodeFile) and f.content.strip() for f in values["code"].values()
    )
    assert values["tests"] and all(path.startswith("tests/") for path in values["tests"])
    reports = values["test_reports"]
    assert reports and all(isinstance(r, TestReport) for r in reports)
    assert reports[-1].exit_status is not None or reports[-1].limit_hit
    assert values["qa_report"].attempts == len(reports)
    usage = total_usage(values["usage"])
    assert usage.prompt_tokens > 0 and usage.completion_tokens > 0 and usage.cost_usd == 0.0
    project = tmp_path / "ws" / values["prd"].project_name
    assert (project / "docs" / "prd.md").is_file() and (project / "docs" / "run_report.md").is_file()
