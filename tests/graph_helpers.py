"""Shared helpers for tests that drive the whole graph with the scripted model."""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from langgraph.checkpoint.base import BaseCheckpointSaver

from benchmarks.scenarios import REQUIREMENT
from graph.api import RunOutcome, SopRunner
from nodes.context import Context
from nodes.sandbox_config import SandboxConfig
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel

FAST_SANDBOX = SandboxConfig(timeout_s=60.0)
ROOT = Path(__file__).resolve().parents[1]


def make_runner(
    saver: BaseCheckpointSaver[Any], model: ScriptedChatModel, workspace: Path | None = None
) -> SopRunner:
    return SopRunner(saver, Context(model=model, workspace=workspace, sandbox=FAST_SANDBOX))


def run(
    saver: BaseCheckpointSaver[Any],
    script: dict[str, Any],
    *,
    workspace: Path | None = None,
    **settings: Any,
) -> tuple[RunOutcome, ScriptedChatModel]:
    model = ScriptedChatModel(script=script)
    # The loop's mechanics (fix rounds, QA revisions, keeping the better code) are tested on
    # one version per file and a loop that any red test drives; tests/test_selection.py
    # covers the defaults (candidates, fixes only on a trusted signal).
    settings.setdefault("candidates", 1)
    settings.setdefault("fix_on", "any")
    outcome = make_runner(saver, model, workspace).start(
        REQUIREMENT, RunSettings(model="scripted", **settings)
    )
    return outcome, model


def call_counts(model: ScriptedChatModel) -> Counter[str]:
    return Counter(model.calls)


def spawn_killable(*args: str, driver: str = "tests.drive_killable") -> subprocess.Popen[str]:
    """Start ``python -m <driver> *args`` in its own process, so that a test can kill it
    with SIGKILL mid-run; stdout and stderr are piped as text."""
    return subprocess.Popen(
        [sys.executable, "-m", driver, *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
