"""Nothing read back from a checkpoint store is trusted (issue 24, items 1 and 2).

Forged states are written into a real SQLite store the way someone with write access to
the file could: a model built with ``model_construct`` (no validators) saved through the
saver. Reading them back must refuse the thread in one line and write nothing; the
workspace writer must refuse escaping paths whatever the state says; and a review answer
the run would refuse must be refused before anything is saved, at every gate.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.base import BaseCheckpointSaver

from benchmarks.scenarios import GOOD_CALC, REQUIREMENT, design, prd, script, tasks
from checkpoints.savers import open_saver
from graph.api import RunRequestError, SopRunner, TamperedCheckpoint
from nodes.contained_write import EscapingPathError
from nodes.workspace import write_workspace
from state.artifacts import PRD, CodeFile
from state.review import ReviewDecision
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import make_runner


@pytest.fixture
def store(tmp_path: Path) -> Path:
    return tmp_path / "state" / "checkpoints.db"


@pytest.fixture
def saver(store: Path) -> Iterator[BaseCheckpointSaver[Any]]:
    with open_saver(f"sqlite:///{store}") as opened:
        yield opened


def start_at(saver: BaseCheckpointSaver[Any], workspace: Path, gate: str) -> tuple[SopRunner, str]:
    """A run paused at ``gate`` on the scripted calculator."""
    runner = make_runner(saver, ScriptedChatModel(script=script()), workspace)
    settings = RunSettings(model="scripted", review_gates=(gate,), candidates=1, fix_on="any")  # type: ignore[arg-type]
    outcome = runner.start(REQUIREMENT, settings)
    assert outcome.status == "awaiting_review" and outcome.review is not None
    assert outcome.review["gate"] == gate
    return runner, outcome.thread_id


def store_dump(store: Path) -> str:
    """Every row of the store (WAL included), as SQL: equal dumps mean an unchanged store."""
    with sqlite3.connect(store) as conn:
        return hashlib.sha256("\n".join(conn.iterdump()).encode()).hexdigest()


def files_under(folder: Path) -> set[Path]:
    return {p for p in folder.rglob("*")} if folder.exists() else set()


def forged_settings(**fields: Any) -> RunSettings:
    return RunSettings.model_construct(**(dict(RunSettings(model="scripted")) | fields))


def forged_prd(project_name: str) -> PRD:
    return PRD.model_construct(**(dict(prd()) | {"project_name": project_name}))


FORGERIES: dict[str, tuple[dict[str, Any], str, str]] = {
    "huge-retries": ({"settings": forged_settings(max_retries=10**9)}, "'settings'", "RunSettings"),
    "no-engineer": (
        {"settings": forged_settings(roles=("product_manager",))},
        "'settings'",
        "RunSettings",
    ),
    "absolute-project": ({"prd": forged_prd("/tmp/forged-site-packages")}, "'prd'", "PRD"),
    "relative-project": ({"prd": forged_prd("../../x")}, "'prd'", "PRD"),
    "escaping-code": (
        {"code": {"../../x.py": CodeFile.model_construct(path="../../x.py", content="boom", attempt=0)}},
        "'code'",
        "CodeFile",
    ),
    "sitecustomize-outside": (
        {
            "prd": forged_prd("/tmp/forged-site-packages"),
            "code": {"sitecustomize.py": CodeFile(path="sitecustomize.py", content="import os")},
        },
        "'prd'",
        "PRD",
    ),
}


@pytest.mark.parametrize("kind", sorted(FORGERIES))
def test_a_forged_state_refuses_the_thread_in_one_line(
    kind: str, saver: BaseCheckpointSaver[Any], tmp_path: Path
) -> None:
    workspace = tmp_path / "ws"
    runner, thread = start_at(saver, workspace, "prd")
    forged, channel, model = FORGERIES[kind]
    runner.graph.update_state(runner.config(thread), forged)
    before = files_under(tmp_path)
    for attempt in (
        lambda: runner.resume(thread, decision=ReviewDecision(action="approve")),
        lambda: runner.export(thread, workspace),
        lambda: runner.snapshot(thread),
    ):
        with pytest.raises(TamperedCheckpoint) as caught:
            attempt()
        message = str(caught.value)
        assert "\n" not in message
        assert f"channel {channel}" in message and f"invalid {model}" in message
    assert files_under(tmp_path) == before  # nothing written, in or out of the workspace
    assert not Path("/tmp/forged-site-packages").exists()


# --- the write itself checks every path -----------------------------------------------


def valid_state() -> dict[str, Any]:
    return {
        "prd": prd(),
        "design": design(),
        "tasks": tasks(),
        "status": "succeeded",
        "code": {"calc.py": CodeFile(path="calc.py", content=GOOD_CALC)},
    }


@pytest.mark.parametrize(
    "state",
    [
        {"prd": forged_prd("/abs/site-packages")},
        {"prd": forged_prd("../../x")},
        {"prd": forged_prd("a/../../x")},
        {"prd": forged_prd(".git")},
        {"code": {"../../x.py": CodeFile.model_construct(path="../../x.py", content="x")}},
        {"code": {"/abs/x.py": CodeFile.model_construct(path="/abs/x.py", content="x")}},
    ],
    ids=["absolute", "relative", "nested-relative", "hidden", "code-relative", "code-absolute"],
)
def test_the_workspace_writer_refuses_escaping_paths(state: dict[str, Any], tmp_path: Path) -> None:
    root = tmp_path / "deep" / "ws"
    with pytest.raises((ValueError, EscapingPathError), match=r"refused|unsafe"):
        write_workspace(root, valid_state() | state)
    assert files_under(tmp_path) <= {tmp_path / "deep", root}


@pytest.mark.parametrize("planted", ["calculator", "calculator/docs", "calculator/calc.py"])
def test_a_planted_symlink_is_not_followed(planted: str, tmp_path: Path) -> None:
    root, outside = tmp_path / "ws", tmp_path / "outside"
    outside.mkdir()
    link = root / planted
    link.parent.mkdir(parents=True)
    link.symlink_to(outside / "target.py" if planted.endswith(".py") else outside)
    with pytest.raises(EscapingPathError, match="symlink"):
        write_workspace(root, valid_state())
    assert list(outside.iterdir()) == []


def test_export_refuses_a_symlinked_folder_in_one_line(
    saver: BaseCheckpointSaver[Any], tmp_path: Path
) -> None:
    workspace, outside = tmp_path / "ws", tmp_path / "outside"
    runner, thread = start_at(saver, workspace, "prd")
    outside.mkdir()
    workspace.mkdir(exist_ok=True)
    (workspace / "calculator").symlink_to(outside)
    with pytest.raises(RunRequestError, match="symlink") as caught:
        runner.export(thread, workspace)
    assert "\n" not in str(caught.value)
    assert list(outside.iterdir()) == []


# --- review answers are checked before anything is saved ------------------------------

BAD_EDITS: list[tuple[str, dict[str, Any], str]] = [
    ("prd", prd().model_dump(mode="json") | {"project_name": "../../x"}, "project_name"),
    ("prd", {"bogus": 1}, "edited prd is invalid"),
    ("design", design().model_dump(mode="json") | {"file_list": []}, "edited design is invalid"),
    ("tasks", tasks().model_dump(mode="json") | {"task_list": ["../../x.py"]}, "task_list"),
    ("code", {"../../x.py": "print(1)"}, "parent_component"),
    ("code", {"/tmp/x.py": "print(1)"}, "absolute"),
    ("code", {"sitecustomize.txt": "x"}, "not_python"),
    ("code", {"./calc.py": GOOD_CALC}, "must be named 'calc.py'"),
    ("code", {"calc.py": 3}, "map file paths to file contents"),
]


@pytest.mark.parametrize(("gate", "artifact", "needle"), BAD_EDITS)
def test_a_refused_edit_leaves_the_store_unchanged_and_the_gate_usable(
    gate: str,
    artifact: dict[str, Any],
    needle: str,
    saver: BaseCheckpointSaver[Any],
    store: Path,
    tmp_path: Path,
) -> None:
    runner, thread = start_at(saver, tmp_path / "ws", gate)
    before = store_dump(store)
    with pytest.raises(RunRequestError, match=needle) as caught:
        runner.resume(thread, decision=ReviewDecision(action="edit", artifact=artifact))
    assert "\n" not in str(caught.value)
    assert store_dump(store) == before
    outcome = runner.resume(thread, decision=ReviewDecision(action="approve"))
    assert outcome.status == "succeeded"
    assert not (tmp_path.parent / "x.py").exists()


def test_a_valid_code_edit_is_applied(saver: BaseCheckpointSaver[Any], tmp_path: Path) -> None:
    runner, thread = start_at(saver, tmp_path / "ws", "code")
    edited = "def add(a: float, b: float) -> float:\n    return b + a\n"
    outcome = runner.resume(thread, decision=ReviewDecision(action="edit", artifact={"calc.py": edited}))
    assert outcome.values["code"]["calc.py"].content == edited
    assert outcome.status == "succeeded"


@pytest.mark.parametrize("command", [["runs"], ["history", "THREAD"], ["show", "THREAD"]])
def test_the_cli_refuses_a_forged_thread_in_one_line(
    command: list[str], saver: BaseCheckpointSaver[Any], store: Path, tmp_path: Path
) -> None:
    from typer.testing import CliRunner

    from graph.cli import app

    runner, thread = start_at(saver, tmp_path / "ws", "prd")
    runner.graph.update_state(runner.config(thread), {"settings": forged_settings(max_retries=10**9)})
    args = [a.replace("THREAD", thread) for a in command]
    result = CliRunner().invoke(
        app, [*args, "--checkpoints", f"sqlite:///{store}", "--workspace", str(tmp_path)]
    )
    assert result.exit_code == 2, result.output
    assert "checkpoint refused" in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
