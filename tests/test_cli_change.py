"""``sopgraph change`` and ``sopgraph run --from``: bad input is one line, exit 2, nothing written."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from benchmarks.scenarios import REQUIREMENT, script
from checkpoints.savers import open_saver
from graph.api import SopRunner
from graph.cli import app
from nodes.context import Context
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import FAST_SANDBOX

cli = CliRunner()


def _digest(db: Path) -> str:
    return hashlib.sha256(db.read_bytes()).hexdigest() if db.exists() else "absent"


def _invoke(*args: str, workspace: Path, store: str | None = None) -> Any:
    extra = ["--checkpoints", store] if store is not None else []
    return cli.invoke(app, [*args, *extra, "--workspace", str(workspace)])


def _seed(store: str, gates: tuple[str, ...] = ()) -> str:
    with open_saver(store) as saver:
        runner = SopRunner(saver, Context(model=ScriptedChatModel(script=script()), sandbox=FAST_SANDBOX))
        settings = RunSettings(model="scripted", candidates=1, review_gates=gates)  # type: ignore[arg-type]
        return runner.start(REQUIREMENT, settings).thread_id


@pytest.mark.parametrize(
    ("gates", "requirement", "message"),
    [
        (("prd",), "Add sub", "has not finished (status 'awaiting_review'): resume it before changing it"),
        ((), "   ", "the requirement is empty: say what to change"),
    ],
)
def test_change_refuses_in_one_line_and_writes_nothing(
    tmp_path: Path, gates: tuple[str, ...], requirement: str, message: str
) -> None:
    db = tmp_path / "cli.db"
    thread = _seed(f"sqlite:///{db}", gates)
    before = _digest(db)
    result = _invoke("change", thread, requirement, workspace=tmp_path / "ws", store=f"sqlite:///{db}")
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert _digest(db) == before and not (tmp_path / "ws").exists()


def test_change_of_an_unknown_thread_is_refused(tmp_path: Path) -> None:
    result = _invoke("change", "nope", "Add sub", workspace=tmp_path, store="memory")
    assert result.exit_code == 2 and "no run with thread id 'nope'" in result.output


def _not_a_project(root: Path) -> Path:
    root.mkdir()
    (root / "notes.md").write_text("just notes\n")
    return root


@pytest.mark.parametrize(
    ("make", "requirement", "message"),
    [
        (_not_a_project, "Add sub", "is not a Python project: it holds no .py file outside its tests"),
        (lambda p: p, "Add sub", "is not a folder"),
        (_not_a_project, "  ", "the requirement is empty"),
    ],
)
def test_run_from_refuses_in_one_line_and_writes_nothing(
    tmp_path: Path, make: Any, requirement: str, message: str
) -> None:
    folder = make(tmp_path / "project")
    workspace = tmp_path / "ws"
    result = _invoke("run", requirement, "--from", str(folder), workspace=workspace)
    assert result.exit_code == 2, result.output
    assert message in result.output and len(result.output.strip().splitlines()) == 1
    assert not workspace.exists()  # not even the default checkpoint store was created


def test_run_from_a_folder_too_large_for_the_model_is_refused_before_the_store_opens(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graph import cli_change

    small = Context(model=ScriptedChatModel(context_window=2_048))
    monkeypatch.setattr(cli_change, "_context", lambda settings, workspace: small)
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / "big.py").write_text("X = 1\n" * 2_000)
    workspace = tmp_path / "ws"
    result = _invoke("run", "Add sub", "--from", str(folder), workspace=workspace)
    assert result.exit_code == 2, result.output
    assert "holds 12,000 characters of Python; at most" in result.output
    assert not workspace.exists()


@pytest.fixture
def scripted_cli(monkeypatch: pytest.MonkeyPatch) -> list[ScriptedChatModel]:
    """The CLI with the scripted model in place of the one its settings name."""
    from graph import cli_change
    from tests.change_scenarios import change_script

    models: list[ScriptedChatModel] = []

    def context(settings: RunSettings, workspace: Path) -> Context:
        models.append(ScriptedChatModel(script=change_script()))
        return Context(model=models[-1], workspace=workspace, sandbox=FAST_SANDBOX)

    monkeypatch.setattr(cli_change, "_context", context)
    monkeypatch.setattr(cli_change, "model_from_spec", lambda *args: None)
    return models


def test_change_runs_and_reports_the_new_thread(
    tmp_path: Path, scripted_cli: list[ScriptedChatModel]
) -> None:
    from tests.change_scenarios import CHANGE

    store = f"sqlite:///{tmp_path / 'cli.db'}"
    thread = _seed(store)
    args = ("change", thread, CHANGE, "--new-thread", "v2", "--max-retries", "1", "--budget-tokens", "99999")
    result = _invoke(*args, workspace=tmp_path / "ws", store=store)
    assert result.exit_code == 0, result.output
    assert f"changing run {thread}, which ended succeeded, in a new run" in result.output
    assert "status: succeeded" in result.output and "thread: v2" in result.output
    assert (tmp_path / "ws" / "calculator" / "docs" / "changes.md").is_file()
    with open_saver(store) as saver:
        settings = SopRunner(saver).snapshot("v2").values["settings"]
    assert (settings.max_retries, settings.budget_tokens) == (1, 99999)
    listed = _invoke("runs", workspace=tmp_path / "ws", store=store)
    assert thread in listed.output and "v2" in listed.output


def test_run_from_a_folder_changes_a_copy(tmp_path: Path, scripted_cli: list[ScriptedChatModel]) -> None:
    from benchmarks.scenarios import GOOD_CALC, MAIN
    from tests.change_scenarios import CALC_WITH_SUB, CHANGE

    folder = tmp_path / "adder"
    folder.mkdir()
    (folder / "calc.py").write_text(GOOD_CALC)
    (folder / "main.py").write_text(MAIN)
    result = _invoke("run", CHANGE, "--from", str(folder), "--candidates", "1", workspace=tmp_path / "ws")
    assert result.exit_code == 0, result.output
    assert (folder / "calc.py").read_text() == GOOD_CALC
    assert (tmp_path / "ws" / "calculator" / "calc.py").read_text() == CALC_WITH_SUB
