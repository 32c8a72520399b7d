"""CLI errors a user can cause: one escaped ``error:`` line, exit 2 refused / 1 failed.

Each case is a probe from issue 24 item 5: ``typer.Exit`` (a ``RuntimeError``) was caught
and printed again, rich markup ate ``[postgres]`` and crashed on ``[/bold]``, a corrupt or
unwritable store printed a traceback, ``sqlite:///tmp/x/a.db`` silently made ``./tmp/x``,
a requirement over 128 KiB could not be given, and the running cost restarted at 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from benchmarks.scenarios import REQUIREMENT, script
from checkpoints.savers import POSTGRES_EXTRA_HINT
from graph.cli import app
from tests.fakes import ScriptedChatModel

cli = CliRunner()


@pytest.fixture
def store(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'cli.db'}"


@pytest.fixture
def model(monkeypatch: pytest.MonkeyPatch) -> ScriptedChatModel:
    scripted = ScriptedChatModel(script=script())
    monkeypatch.setattr("graph.cli_run.model_from_spec", lambda *a, **k: scripted)
    monkeypatch.setattr("nodes.context.model_from_spec", lambda *a, **k: scripted)
    return scripted


def _invoke(*args: str, store: str, workspace: Path, stdin: str | None = None) -> Any:
    return cli.invoke(app, [*args, "--checkpoints", store, "--workspace", str(workspace)], input=stdin)


def _errors(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("error:")]


def _one_line(result: Any, code: int, needle: str) -> None:
    """Exactly one ``error:`` line containing ``needle`` verbatim, exit ``code``, no traceback."""
    assert result.exit_code == code, result.output
    assert "Traceback" not in result.output, result.output
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit)
    errors = _errors(result.output)
    assert len(errors) == 1 and needle in errors[0], result.output


def test_a_refusal_is_one_line_and_exit_2_not_a_second_error_2(store: str, tmp_path: Path) -> None:
    result = _invoke("resume", "nope", "--approve", store=store, workspace=tmp_path)
    _one_line(result, 2, "no run with thread id 'nope'")
    assert "error: 2" not in result.output


def test_a_failed_run_exits_1_without_an_error_1_line(
    store: str, tmp_path: Path, model: ScriptedChatModel
) -> None:
    result = _invoke(
        "run", REQUIREMENT, "--budget-tokens", "1", "--thread", "b", store=store, workspace=tmp_path
    )
    assert result.exit_code == 1, result.output
    assert "status: failed_budget" in result.output
    assert _errors(result.output) == [] and "Traceback" not in result.output


@pytest.mark.parametrize("thread", ["[/bold]", "[red]x[/red]", "a[b]"])
def test_markup_in_a_thread_id_is_printed_as_text(
    thread: str, store: str, tmp_path: Path, model: ScriptedChatModel
) -> None:
    refused = _invoke("show", thread, store=store, workspace=tmp_path)
    _one_line(refused, 2, f"no run with thread id '{thread}'")
    ran = _invoke("run", REQUIREMENT, "--thread", thread, store=store, workspace=tmp_path)
    assert ran.exit_code == 0, ran.output
    assert f"thread: {thread}" in ran.output
    listed = _invoke("runs", store=store, workspace=tmp_path)
    assert listed.exit_code == 0 and thread in listed.output
    assert _invoke("delete", thread, store=store, workspace=tmp_path).output.strip() == f"deleted {thread}"


def test_a_regex_in_an_argument_comes_back_verbatim(store: str, tmp_path: Path) -> None:
    result = _invoke("run", "x", "--roles", "[a-z]+,[/]", store=store, workspace=tmp_path)
    _one_line(result, 2, "unknown role '[a-z]+', '[/]'")


def test_the_postgres_install_hint_keeps_its_brackets(
    store: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    @contextmanager
    def no_extra(url: str) -> Iterator[Any]:
        raise RuntimeError(f"PostgreSQL checkpoints need the postgres extra: {POSTGRES_EXTRA_HINT}")
        yield

    monkeypatch.setattr("graph.cli_common.open_saver", no_extra)
    result = _invoke("runs", store="postgresql://u@localhost/db", workspace=tmp_path)
    _one_line(result, 2, 'pip install "sopgraph[postgres]"')


def test_a_corrupt_database_is_one_line(tmp_path: Path) -> None:
    db = tmp_path / "corrupt.db"
    db.write_bytes(b"this is not a database, " * 100)
    for args in (["runs"], ["show", "t"], ["resume", "t"], ["delete", "t"]):
        result = _invoke(*args, store=f"sqlite:///{db}", workspace=tmp_path)
        _one_line(result, 2, "cannot open the checkpoint store")
        assert len(result.output.strip().splitlines()) == 1


def test_an_unwritable_store_path_is_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = _invoke("runs", store=f"sqlite:///{blocker}/sub/a.db", workspace=tmp_path)
    _one_line(result, 2, "cannot open the checkpoint store")


def test_an_unwritable_workspace_on_export_is_one_line(
    store: str, tmp_path: Path, model: ScriptedChatModel
) -> None:
    assert _invoke("run", REQUIREMENT, "--thread", "t", store=store, workspace=tmp_path).exit_code == 0
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    result = _invoke("export", "t", store=store, workspace=blocker)
    _one_line(result, 1, "cannot write the project under")


def test_a_relative_sqlite_path_with_no_folder_is_refused_not_created(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    result = _invoke("runs", store="sqlite:///tmp/x/a.db", workspace=tmp_path)
    _one_line(result, 2, "'sqlite:////tmp/x/a.db' (four slashes)")
    assert not (tmp_path / "tmp").exists()
    relative = _invoke("runs", store="sqlite:///here.db", workspace=tmp_path)  # folder exists: fine
    assert relative.exit_code == 0 and (tmp_path / "here.db").is_file()


def test_a_requirement_over_128_kib_from_a_file_or_stdin(
    store: str, tmp_path: Path, model: ScriptedChatModel
) -> None:
    long = REQUIREMENT + "\n" + "Detail: keep it simple. " * 6000  # ~140 KiB: over MAX_ARG_STRLEN
    assert len(long.encode()) > 128 * 1024
    file = tmp_path / "req.txt"
    file.write_text(long, encoding="utf-8")
    from_file = _invoke(
        "run", "--requirement-file", str(file), "--thread", "f", store=store, workspace=tmp_path
    )
    assert from_file.exit_code == 0, from_file.output
    model.script = script()  # a fresh set of answers for the second run
    from_stdin = _invoke("run", "-", "--thread", "s", store=store, workspace=tmp_path, stdin=long)
    assert from_stdin.exit_code == 0, from_stdin.output
    for thread in ("f", "s"):
        shown = _invoke("show", thread, "requirement", store=store, workspace=tmp_path)
        assert shown.stdout.strip().strip('"').startswith(REQUIREMENT)
        assert len(shown.stdout) > 128 * 1024


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        ([], "give the requirement as an argument"),
        (["x", "--requirement-file", "y"], "give the requirement as an argument"),
        (["--requirement-file", "/nonexistent/req.txt"], "cannot read the requirement from /nonexistent"),
    ],
)
def test_a_bad_requirement_source_is_one_line(
    args: list[str], needle: str, store: str, tmp_path: Path
) -> None:
    _one_line(_invoke("run", *args, store=store, workspace=tmp_path), 2, needle)


def test_a_requirement_file_that_is_not_utf8_is_one_line(store: str, tmp_path: Path) -> None:
    file = tmp_path / "req.bin"
    file.write_bytes(b"\xff\xfe\x00binary")
    result = _invoke("run", "--requirement-file", str(file), store=store, workspace=tmp_path)
    _one_line(result, 2, "cannot read the requirement from")


def _tokens(line: str) -> int:
    found = re.search(r"completion_tokens: (\d+)", line)
    assert found, line
    return int(found.group(1))


def test_the_running_cost_goes_on_from_the_run_so_far_after_a_resume(
    store: str, tmp_path: Path, model: ScriptedChatModel
) -> None:
    paused = _invoke("run", REQUIREMENT, "--review", "prd", "--thread", "r", store=store, workspace=tmp_path)
    assert paused.exit_code == 0, paused.output
    paid = _tokens([line for line in paused.output.splitlines() if "Total running cost" in line][-1])
    assert paid > 0
    done = _invoke("resume", "r", "--approve", store=store, workspace=tmp_path)
    assert done.exit_code == 0, done.output
    running = [line for line in done.output.splitlines() if "Total running cost" in line]
    assert _tokens(running[0]) > paid  # the first line after the resume includes what was paid
    assert _tokens(running[-2]) == _tokens(running[-1])  # the last progress line is the final total
