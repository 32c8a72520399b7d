"""The CLI: bad input is one clear line and exit 2, and the checkpoint store is untouched."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from benchmarks.scenarios import REQUIREMENT, prd, script
from checkpoints.savers import open_saver
from graph.api import SopRunner
from graph.cli import app
from nodes.context import Context
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import FAST_SANDBOX

cli = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


def _digest(url: str) -> str:
    path = Path(url.removeprefix("sqlite:///"))
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "absent"


def _invoke(*args: str, store: str, workspace: Path) -> Any:
    return cli.invoke(app, [*args, "--checkpoints", store, "--workspace", str(workspace)])


def _seed_run(store: str, gates: tuple[str, ...] = ()) -> str:
    with open_saver(store) as saver:
        runner = SopRunner(saver, Context(model=ScriptedChatModel(script=script()), sandbox=FAST_SANDBOX))
        return runner.start(REQUIREMENT, RunSettings(model="scripted", review_gates=gates)).thread_id  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "   "], "requirement is empty"),
        (["run", "x", "--roles", "engineer,designer"], "unknown role 'designer'"),
        (["run", "x", "--review", "prd,budget"], "unknown review gate 'budget'"),
        (["run", "x", "--roles", "architect"], "engineer role cannot be switched off"),
        (["resume", "nope", "--approve"], "no run with thread id 'nope'"),
        (["show", "nope"], "no run with thread id 'nope'"),
        (["history", "nope"], "no run with thread id 'nope'"),
        (["delete", "nope"], "no run with thread id 'nope'"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(args: list[str], message: str, store: str, tmp_path: Path) -> None:
    before = _digest(store)
    result = _invoke(*args, store=store, workspace=tmp_path)
    assert result.exit_code == 2, result.output
    assert message in result.output
    assert _digest(store) in (before, "absent") or before == "absent"


def test_resume_of_a_finished_run_is_refused_and_changes_nothing(store: str, tmp_path: Path) -> None:
    thread = _seed_run(store)
    before = _digest(store)
    result = _invoke("resume", thread, store=store, workspace=tmp_path)
    assert result.exit_code == 2
    assert "already finished with status 'succeeded'" in result.output
    assert _digest(store) == before


def test_invalid_edit_is_refused_and_changes_nothing(store: str, tmp_path: Path) -> None:
    thread = _seed_run(store, ("prd",))
    edited = tmp_path / "prd.json"
    edited.write_text(json.dumps(prd().model_dump(mode="json") | {"requirement_pool": []}))
    before = _digest(store)
    result = _invoke("resume", thread, "--edit", str(edited), store=store, workspace=tmp_path)
    assert result.exit_code == 2
    assert "edited prd is invalid at 'requirement_pool'" in result.output
    assert _digest(store) == before


def test_run_review_resume_show_and_history(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    model = ScriptedChatModel(script=script())
    monkeypatch.setattr("graph.cli_run.model_from_spec", lambda *a, **k: model)
    monkeypatch.setattr("nodes.context.model_from_spec", lambda *a, **k: model)
    paused = _invoke("run", REQUIREMENT, "--review", "prd", "--thread", "t1", store=store, workspace=tmp_path)
    assert paused.exit_code == 0, paused.output
    assert "paused for review of the prd" in paused.output
    assert "WritePRD" in paused.output and "Total running cost" in paused.output
    assert "writing the PRD" in paused.output  # what starts is shown before it lands
    waiting = _invoke("runs", store=store, workspace=tmp_path)  # the SOP graph's own next node
    assert "t1" in waiting.output and "human_review" in waiting.output, waiting.output
    shown = _invoke("show", "t1", "prd", store=store, workspace=tmp_path)
    assert json.loads(shown.stdout)["project_name"] == "calculator"
    done = _invoke("resume", "t1", "--approve", store=store, workspace=tmp_path)
    assert done.exit_code == 0, done.output
    assert "status: succeeded" in done.output
    assert "writing calc.py" in done.output and "tokens written in" in done.output
    assert (tmp_path / "calculator" / "docs" / "prd.md").is_file()
    listed = _invoke("runs", store=store, workspace=tmp_path)
    assert "t1" in listed.output and "succeeded" in listed.output
    hist = _invoke("history", "t1", store=store, workspace=tmp_path)
    assert "human_review" in hist.output


def test_prune_needs_a_filter_and_keeps_the_newest(store: str, tmp_path: Path) -> None:
    threads = [_seed_run(store) for _ in range(3)]
    refused = _invoke("prune", store=store, workspace=tmp_path)
    assert refused.exit_code == 2
    pruned = _invoke("prune", "--keep-last", "1", store=store, workspace=tmp_path)
    assert pruned.exit_code == 0, pruned.output
    assert "deleted 2 run(s)" in pruned.output
    listed = _invoke("runs", store=store, workspace=tmp_path).output
    assert sum(thread in listed for thread in threads) == 1


def test_branch_adds_qa_to_a_run_made_without_it(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    answers = script()
    model = ScriptedChatModel(script={k: v for k, v in answers.items() if k != "TestSuite"})
    monkeypatch.setattr("graph.cli_run.model_from_spec", lambda *a, **k: model)
    monkeypatch.setattr("nodes.context.model_from_spec", lambda *a, **k: model)
    roles = "product_manager,architect,project_manager,engineer"
    made = _invoke("run", REQUIREMENT, "--roles", roles, "--thread", "t1", store=store, workspace=tmp_path)
    assert made.exit_code == 0, made.output
    before = _digest(store)
    refused = _invoke("branch", "t1", "--add-roles", "engineer", store=store, workspace=tmp_path)
    assert refused.exit_code == 2 and "nothing to add" in refused.output
    assert _digest(store) == before
    model.script["TestSuite"] = answers["TestSuite"]
    calls_before = len(model.calls)
    added = _invoke(
        "branch", "t1", "--add-roles", "qa_engineer", "--new-thread", "t2", store=store, workspace=tmp_path
    )
    assert added.exit_code == 0, added.output
    assert "status: succeeded" in added.output and "thread: t2" in added.output
    assert model.calls[calls_before:] == ["TestSuite"]  # only QA was asked; its tests passed
    shown = _invoke("show", "t2", "test_reports", store=store, workspace=tmp_path)
    assert json.loads(shown.stdout)[0]["passed"] == 2


def test_a_bad_fix_signal_is_one_line_and_exit_2(store: str, tmp_path: Path) -> None:
    result = _invoke("run", "Make X", "--fix-on", "tests", store=store, workspace=tmp_path)
    assert result.exit_code == 2 and "trusted" in result.output and "Traceback" not in result.output
