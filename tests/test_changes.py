"""Changing an existing project (issue 26): a finished run or a folder, worked on as a delta.

The calculator of ``benchmarks.scenarios`` is built, then changed to add ``sub`` to ``calc.py``
(``tests.change_scenarios``): only the planned file is rewritten, every role's prompt is
the incremental one, old tests that passed are trusted (a regression drives a fix), QA's
obsolete tests are listed and replaced, and the source is only ever read.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.base import BaseCheckpointSaver

from benchmarks.scenarios import GOOD_CALC, MAIN, TESTS, design, lgtm, script
from checkpoints.runs import list_runs
from checkpoints.savers import open_saver
from graph.api import RunOutcome, RunRequestError, SopRunner
from state.artifacts import CodeDraft, CodeFile, FixPlan, LogicItem, TaskPlan, TestSuite
from state.changes import ChangeRequest, trusted_in_run
from state.settings import RunSettings
from tests.change_scenarios import CALC_WITH_SUB, CHANGE, CHANGE_TESTS, SUB, change_script
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import make_runner, run, spawn_killable


@pytest.fixture
def store() -> Iterator[BaseCheckpointSaver[Any]]:
    with open_saver("memory") as saver:
        yield saver


def built(store: BaseCheckpointSaver[Any], workspace: Path | None = None, **settings: Any) -> RunOutcome:
    outcome, _ = run(store, script(), workspace=workspace, **settings)
    assert outcome.status == "succeeded"
    return outcome


def changed(
    store: BaseCheckpointSaver[Any], thread: str, answers: dict[str, Any], workspace: Path | None = None
) -> tuple[RunOutcome, ScriptedChatModel]:
    model = ScriptedChatModel(script=answers)
    return make_runner(store, model, workspace).change(thread, CHANGE), model


def checkpoint_ids(store: BaseCheckpointSaver[Any], thread: str) -> list[str]:
    return [c.checkpoint["id"] for c in store.list({"configurable": {"thread_id": thread}})]


def test_a_change_of_a_finished_run_rewrites_only_the_planned_file(
    store: BaseCheckpointSaver[Any], tmp_path: Path
) -> None:
    source = built(store)
    before = checkpoint_ids(store, source.thread_id)
    outcome, model = changed(store, source.thread_id, change_script(), tmp_path)
    assert outcome.status == "succeeded" and outcome.thread_id != source.thread_id
    assert model.calls == ["PRD", "SystemDesign", "TaskPlan", "CodeDraft", "CodeReview", "TestSuite"]
    code, tests = outcome.values["code"], outcome.values["tests"]
    assert code["calc.py"].content == CALC_WITH_SUB
    assert code["main.py"] == source.values["code"]["main.py"]  # not planned: byte-identical
    old_suite = next(p for p in source.values["tests"] if p != "tests/test_acceptance.py")
    assert tests[old_suite] == source.values["tests"][old_suite]  # old tests stay and run
    assert tests["tests/test_change_1.py"].content == CHANGE_TESTS
    assert outcome.values["test_reports"][-1].passed == 3  # the two old tests and the new one
    assert set(outcome.values["files_before_change"]) == {"calc.py"}
    assert outcome.values["usage"]["engineer"].calls == 2  # the change's own cost, not the build's
    # The source's history is as it was, and both runs are listed.
    assert checkpoint_ids(store, source.thread_id) == before
    assert source.values["code"]["calc.py"].content == GOOD_CALC
    listed = {summary.thread_id for summary in list_runs(make_runner(store, model).graph)}
    assert {source.thread_id, outcome.thread_id} <= listed


def test_the_run_report_says_which_files_changed_and_why_with_a_diff(
    store: BaseCheckpointSaver[Any], tmp_path: Path
) -> None:
    source = built(store)
    changed(store, source.thread_id, change_script(), tmp_path)
    docs = tmp_path / "calculator" / "docs"
    report, diffs = (docs / "run_report.md").read_text(), (docs / "changes.md").read_text()
    assert f"## Change 1 (from run `{source.thread_id}`)" in report
    assert "- `calc.py`: planned by the ProjectManager: add sub(a, b)" in report
    assert "- `tests/test_change_1.py`: QA's tests for the change" in report
    assert "2 file(s) changed, 2 left byte-identical" in report
    assert "main.py" not in report.split("## Log")[0]  # the log names it; the change did not
    assert "+def sub(a: float, b: float) -> float:" in diffs and "--- a/calc.py" in diffs
    assert (tmp_path / "calculator" / "main.py").read_text() == MAIN


def test_every_role_gets_the_incremental_prompt(store: BaseCheckpointSaver[Any]) -> None:
    source = built(store)
    _, model = changed(store, source.thread_id, change_script())
    prompts = dict(zip(model.calls, model.prompts, strict=True))
    for prompt in prompts.values():
        assert "This run changes an existing project" in prompt or "This is a change" in prompt
        assert "## The change requested (new requirement)\n" + CHANGE in prompt or "calc.py" in prompt
    assert "Refine its PRD" in prompts["PRD"] and '"project_name": "calculator"' in prompts["PRD"]
    assert "New: ..." in prompts["PRD"]
    assert "Interfaces changed" in prompts["SystemDesign"] and "## System design" in prompts["SystemDesign"]
    assert "def add(a: float, b: float) -> float" in prompts["SystemDesign"]  # the existing interface
    assert "Plan only the files the" in prompts["TaskPlan"]
    assert "## Task plan" not in prompts["TaskPlan"]  # a change's plan is no refinement of the old one
    assert f"The current version of `calc.py`:\n```python\n{GOOD_CALC.rstrip()}\n```" in prompts["CodeDraft"]
    assert "What changes in it: add sub(a, b)" in prompts["CodeDraft"]
    assert "OBSOLETE:" in prompts["TestSuite"] and TESTS.splitlines()[0] in prompts["TestSuite"]


def test_a_regression_in_an_old_trusted_test_drives_a_fix(
    store: BaseCheckpointSaver[Any], tmp_path: Path
) -> None:
    """Only QA's derived tests fail in the old run's terms, yet with ``fix_on='trusted'`` the
    loop runs: the old tests passed before the change, so their failure is a regression."""
    source = built(store, fix_on="trusted")
    outcome, model = changed(store, source.thread_id, change_script(breaking=True), tmp_path)
    assert model.calls.count("FixPlan") == 1
    assert outcome.status == "succeeded" and outcome.values["code"]["calc.py"].content == CALC_WITH_SUB
    first = outcome.values["test_reports"][0]
    broken = sorted(o.nodeid for o in first.outcomes if o.outcome == "failed")
    assert broken and all(trusted_in_run(outcome.values, nodeid) for nodeid in broken)
    fix_prompt = model.prompts[model.calls.index("FixPlan")]
    assert "passed before the change and fail now" in fix_prompt and broken[0] in fix_prompt
    report = (tmp_path / "calculator" / "docs" / "run_report.md").read_text()
    assert (
        f"fix round 1 for failing trusted tests ({', '.join(broken)}): add subtracts since the change"
        in report
    )


NON_NEGATIVE_CALC = (
    "def add(a: float, b: float) -> float:\n"
    "    if a < 0 or b < 0:\n"
    '        raise ValueError("negative numbers are refused")\n'
    "    return a + b\n" + SUB
)
"""The change alters a rule on purpose: ``add(-1, 1)``, which an old test checks, now raises."""


def test_a_test_the_change_makes_obsolete_is_listed_and_replaced(store: BaseCheckpointSaver[Any]) -> None:
    """QA names two old tests obsolete: the one that fails on the changed code is removed and
    listed; the one that still passes is not obsolete, so it stays, trusted."""
    source = built(store)
    old_suite = next(p for p in source.values["tests"] if p != "tests/test_acceptance.py")
    suite = TestSuite(files=[CodeFile(path="tests/test_change_1.py", content=CHANGE_TESTS)])
    reply = (
        f"OBSOLETE: {old_suite}::test_add_negative - negatives are refused now\n"
        f"OBSOLETE: {old_suite}::test_add_integers - everything changed\n{suite.as_reply()}"
    )
    answers = change_script(qa_reply=reply)
    answers["CodeDraft"] = [CodeDraft(content=NON_NEGATIVE_CALC)]
    outcome, _ = changed(store, source.thread_id, answers)
    assert outcome.status == "succeeded"
    change: ChangeRequest = outcome.values["change"]
    retired, kept_test = f"{old_suite}::test_add_negative", f"{old_suite}::test_add_integers"
    assert change.obsolete == {retired: "negatives are refused now"}
    assert change.refused_obsolete == {kept_test: "it still passes on the changed code"}
    assert not trusted_in_run(outcome.values, retired) and trusted_in_run(outcome.values, kept_test)
    kept = outcome.values["tests"][old_suite].content
    assert "def test_add_negative" not in kept and "def test_add_integers" in kept
    assert outcome.values["files_before_change"][old_suite] == source.values["tests"][old_suite]
    qa = next(m for m in outcome.values["messages"] if m.action == "WriteTest")
    assert f"obsolete (removed, replaced): {retired}" in qa.summary
    assert f"not obsolete (still pass, kept): {kept_test}" in qa.summary


def test_a_failed_tests_run_may_be_changed_and_says_so(store: BaseCheckpointSaver[Any]) -> None:
    answers = script(buggy_first=True, fix_rounds=1)
    answers["FixPlan"] = []  # no fix: the run ends red
    source, _ = run(store, answers, max_retries=0)
    assert source.status == "failed_tests"
    outcome, _ = changed(store, source.thread_id, change_script())
    assert outcome.values["change"].source_status == "failed_tests"
    assert "it had ended failed_tests" in outcome.values["messages"][0].summary
    assert outcome.values["change"].passed_before == []  # none of its tests held: none trusted


def _project(root: Path) -> Path:
    (root / "tests").mkdir(parents=True)
    (root / "calc.py").write_text(GOOD_CALC)
    (root / "main.py").write_text(MAIN)
    (root / "tests" / "test_calc.py").write_text(TESTS)
    (root / "README.md").write_text("# adder\nA tiny calculator that adds two numbers.\n")
    return root


def _digest(root: Path) -> dict[str, str]:
    """Every file and folder under ``root`` (a new ``__pycache__`` would show too)."""
    return {
        str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(root.rglob("*"))
    }


def test_a_change_from_a_folder_reads_it_and_never_writes_it(
    store: BaseCheckpointSaver[Any], tmp_path: Path
) -> None:
    folder = _project(tmp_path / "adder")
    before = _digest(folder)
    model = ScriptedChatModel(script=change_script())
    runner = make_runner(store, model, tmp_path / "workspace")
    outcome = runner.change_folder(folder, CHANGE, settings=RunSettings(model="scripted", candidates=1))
    assert outcome.status == "succeeded"
    assert _digest(folder) == before
    change: ChangeRequest = outcome.values["change"]
    assert change.source_kind == "folder" and change.readme.startswith("# adder")
    assert change.passed_before == [
        "tests/test_calc.py::test_add_integers",
        "tests/test_calc.py::test_add_negative",
    ]
    assert outcome.values["code"]["main.py"].content == MAIN
    assert outcome.values["tests"]["tests/test_calc.py"].content == TESTS
    assert "A tiny calculator that adds two numbers." in model.prompts[0]
    assert (tmp_path / "workspace" / "calculator" / "calc.py").read_text() == CALC_WITH_SUB


def test_a_folder_too_large_for_the_model_is_refused(store: BaseCheckpointSaver[Any], tmp_path: Path) -> None:
    folder = _project(tmp_path / "adder")
    (folder / "big.py").write_text("X = 1\n" * 2_000)
    runner = make_runner(store, ScriptedChatModel(context_window=2_048))
    with pytest.raises(RunRequestError, match=r"characters of Python; at most [\d,]+ fit"):
        runner.change_folder(folder, CHANGE, settings=RunSettings(model="scripted"))
    assert list(store.list(None)) == []


@pytest.mark.parametrize("requirement", ["", "   \n"])
def test_an_empty_change_is_refused(
    store: BaseCheckpointSaver[Any], tmp_path: Path, requirement: str
) -> None:
    source = built(store)
    runner = make_runner(store, ScriptedChatModel())
    before = len(list(store.list(None)))
    with pytest.raises(RunRequestError, match="requirement is empty"):
        runner.change(source.thread_id, requirement)
    with pytest.raises(RunRequestError, match="requirement is empty"):
        runner.change_folder(_project(tmp_path / "adder"), requirement)
    assert len(list(store.list(None))) == before


def test_an_unfinished_run_cannot_be_changed(store: BaseCheckpointSaver[Any]) -> None:
    runner = make_runner(store, ScriptedChatModel(script=script()))
    paused = runner.start("Make a calculator", RunSettings(model="scripted", review_gates=("prd",)))
    before = len(list(store.list(None)))
    with pytest.raises(RunRequestError, match=r"has not finished \(status 'awaiting_review'\): resume it"):
        runner.change(paused.thread_id, CHANGE)
    assert len(list(store.list(None))) == before


def test_a_folder_that_is_no_python_project_is_refused(
    store: BaseCheckpointSaver[Any], tmp_path: Path
) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "notes.txt").write_text("no code here\n")
    (tmp_path / "docs" / "test_only.py").write_text("def test_x():\n    pass\n")
    runner = make_runner(store, ScriptedChatModel())
    with pytest.raises(RunRequestError, match="is not a Python project"):
        runner.change_folder(tmp_path / "docs", CHANGE)
    with pytest.raises(RunRequestError, match="is not a folder"):
        runner.change_folder(tmp_path / "missing", CHANGE)
    assert list(store.list(None)) == []


def test_a_change_of_a_change_numbers_itself_and_keeps_the_first_changes_tests(
    store: BaseCheckpointSaver[Any],
) -> None:
    source = built(store)
    first, _ = changed(store, source.thread_id, change_script())
    answers = change_script()
    answers["TestSuite"] = [TestSuite(files=[CodeFile(path="tests/test_change_2.py", content=CHANGE_TESTS)])]
    second, _ = changed(store, first.thread_id, answers)
    assert second.values["change"].number == 2
    assert "tests/test_change_1.py::test_sub" in second.values["change"].passed_before
    assert {"tests/test_change_1.py", "tests/test_change_2.py"} <= set(second.values["tests"])


def test_a_runner_of_another_store_may_be_the_source(store: BaseCheckpointSaver[Any]) -> None:
    source = built(store)
    with open_saver("memory") as other:
        target = make_runner(other, ScriptedChatModel(script=change_script()))
        outcome = target.change(source.thread_id, CHANGE, source=make_runner(store, ScriptedChatModel()))
        assert outcome.status == "succeeded"
    assert isinstance(SopRunner, type)


@pytest.mark.slow
def test_a_change_killed_mid_run_resumes_in_a_new_process(tmp_path: Path) -> None:
    """kill -9 while QA writes the change's tests: the resume pays only for QA's call."""
    db, log = tmp_path / "runs.db", tmp_path / "calls.log"
    first = _spawn("start", str(db), str(log), "6")
    deadline = time.monotonic() + 120
    while not Path(f"{log}.hang").exists():
        assert first.poll() is None, first.stderr.read() if first.stderr else ""
        assert time.monotonic() < deadline, "the change never reached the hang point"
        time.sleep(0.05)
    os.kill(first.pid, signal.SIGKILL)
    first.wait(timeout=10)
    second = _spawn("resume", str(db), str(log))
    stdout, stderr = second.communicate(timeout=180)
    assert second.returncode == 0, stderr
    assert stdout.strip().splitlines()[-1] == "succeeded"
    calls = [line.split() for line in log.read_text().splitlines()]
    resumed = [name for pid, name in calls if int(pid) == second.pid]
    assert resumed == ["TestSuite"]  # PM, Architect, PjM and the Engineer's file are not paid again
    with open_saver(f"sqlite:///{db}") as saver:
        values = make_runner(saver, ScriptedChatModel()).snapshot("changed").values
    assert values["code"]["calc.py"].content == CALC_WITH_SUB and values["code"]["main.py"].content == MAIN


def _spawn(*args: str) -> subprocess.Popen[str]:
    return spawn_killable(*args, driver="tests.drive_killable_change")


def test_a_change_of_several_files_writes_them_in_waves_and_leaves_the_rest(
    store: BaseCheckpointSaver[Any],
) -> None:
    """A new module and a modified entry point, written as parallel tasks: ``calc.py``,
    which the plan does not name, comes out byte-identical."""
    source = built(store)
    ops = "def mul(a: float, b: float) -> float:\n    return a * b\n"
    main = MAIN.replace("from calc import add\n", "from calc import add\nfrom ops import mul  # noqa: F401\n")
    answers = change_script()
    answers["SystemDesign"] = [design().model_copy(update={"file_list": ["calc.py", "main.py", "ops.py"]})]
    answers["TaskPlan"] = [
        TaskPlan(
            logic_analysis=[
                LogicItem(file="ops.py", description="mul(a, b)"),
                LogicItem(file="main.py", description="imports mul from ops"),
            ],
            task_list=["ops.py", "main.py"],
        )
    ]
    answers["CodeDraft"] = [CodeDraft(content=ops), CodeDraft(content=main)]
    answers["CodeReview"] = [lgtm(), lgtm()]
    mul_tests = "from ops import mul\n\n\ndef test_mul():\n    assert mul(2, 3) == 6\n"
    answers["TestSuite"] = [TestSuite(files=[CodeFile(path="tests/test_change_1.py", content=mul_tests)])]
    outcome, model = changed(store, source.thread_id, answers)
    assert outcome.status == "succeeded", outcome.values["test_reports"][-1].failing_output
    assert model.calls.count("CodeDraft") == 2
    assert outcome.values["code"]["calc.py"] == source.values["code"]["calc.py"]
    assert outcome.values["code"]["ops.py"].content == ops
    assert set(outcome.values["files_before_change"]) == {"main.py"}
    ops_prompt = model.prompts[model.calls.index("CodeDraft")]
    assert "`ops.py` is a new file." in ops_prompt


def test_a_fix_for_a_derived_test_may_not_touch_a_file_outside_the_plan(
    store: BaseCheckpointSaver[Any],
) -> None:
    """With ``fix_on='any'`` QA's new test drives a fix; its rewrite of ``main.py``, which the
    plan does not name and no trusted test needs, is left out and said so."""
    source = built(store)  # fix_on="any", as tests.graph_helpers.run
    answers = change_script()
    answers["CodeDraft"] = [CodeDraft(content=GOOD_CALC + SUB.replace("a - b", "a + b"))]
    answers["FixPlan"] = [
        FixPlan(
            diagnosis="sub adds",
            files=[
                CodeFile(path="calc.py", content=CALC_WITH_SUB),
                CodeFile(path="main.py", content=MAIN + "# x\n"),
            ],
        )
    ]
    outcome, _ = changed(store, source.thread_id, answers)
    assert outcome.status == "succeeded"
    assert outcome.values["code"]["main.py"] == source.values["code"]["main.py"]
    assert outcome.values["code"]["calc.py"].content == CALC_WITH_SUB
    fix = next(m for m in outcome.values["messages"] if m.action == "FixBug")
    assert "left main.py as they were: outside the change's plan" in fix.summary


def test_a_run_stopped_halfway_is_resumed_not_changed(store: BaseCheckpointSaver[Any]) -> None:
    """``failed_budget`` is terminal, but the run never finished its project: resume it."""
    stopped, _ = run(store, script(), budget_tokens=1)
    assert stopped.status == "failed_budget"
    before = len(list(store.list(None)))
    with pytest.raises(RunRequestError, match=r"stopped with 'failed_budget' before it finished: resume it"):
        make_runner(store, ScriptedChatModel()).change(stopped.thread_id, CHANGE)
    assert len(list(store.list(None))) == before


def test_a_design_that_drops_an_existing_file_unsaid_is_asked_again(store: BaseCheckpointSaver[Any]) -> None:
    source = built(store)
    answers = change_script()
    answers["SystemDesign"].insert(0, design().model_copy(update={"file_list": ["calc.py"]}))
    outcome, model = changed(store, source.thread_id, answers)
    assert model.calls.count("SystemDesign") == 2 and outcome.status == "succeeded"
    redo = model.prompts[model.calls.index("SystemDesign") + 1]
    assert "the existing file `main.py` is missing from file_list" in redo


def test_a_file_the_change_names_a_new_function_in_joins_the_plan(store: BaseCheckpointSaver[Any]) -> None:
    """The ``units`` change's failure: the plan named only the entry point, the file the
    change puts ``sub`` in stayed as it was, and the entry point's import of it failed."""
    source = built(store)
    main = MAIN.replace("from calc import add\n", "from calc import add, sub\n").replace(
        "print(add(", "print(sub(0, 0), add("
    )
    answers = change_script()
    answers["TaskPlan"] = [
        TaskPlan(
            logic_analysis=[LogicItem(file="main.py", description="imports sub from calc")],
            task_list=["main.py"],
        )
    ]
    answers["CodeDraft"] = [CodeDraft(content=CALC_WITH_SUB), CodeDraft(content=main)]
    answers["CodeReview"] = [lgtm(), lgtm()]
    answers["SystemDesign"] = [design(), design()]  # its name check asks once more for `sub`
    change = "Add `sub(a: float, b: float) -> float` in `calc.py`, and import it in `main.py`."
    model = ScriptedChatModel(script=answers)
    outcome = make_runner(store, model).change(source.thread_id, change)
    assert outcome.status == "succeeded", outcome.values["test_reports"][-1].failing_output
    tasks = outcome.values["tasks"]
    assert tasks.task_list == ["calc.py", "main.py"]
    assert tasks.logic_analysis[0].description.startswith("add sub(a: float, b: float) -> float")
    assert outcome.values["code"]["calc.py"].content == CALC_WITH_SUB
    assert outcome.values["code"]["main.py"].content == main
    planned = next(m for m in outcome.values["messages"] if getattr(m, "artifact", "") == "tasks")
    assert "planned too (the change names a new function there): calc.py" in planned.summary


def test_a_definition_the_rewrite_drops_is_kept(store: BaseCheckpointSaver[Any]) -> None:
    """The ``units`` change's second failure: asked to add a function, the 1.5B renamed the
    old one; the old tests and the entry point's import of it failed."""
    source = built(store)
    answers = change_script()
    answers["CodeDraft"] = [CodeDraft(content=SUB.lstrip())]  # calc.py without add
    outcome, _ = changed(store, source.thread_id, answers)
    assert outcome.status == "succeeded", outcome.values["test_reports"][-1].failing_output
    calc = outcome.values["code"]["calc.py"].content
    assert "def sub(" in calc and "def add(a: float, b: float) -> float:\n    return a + b" in calc
    assert outcome.values["test_reports"][-1].passed == 3  # the two old tests and the new one
    [wrote] = [m for m in outcome.values["messages"] if getattr(m, "artifact", "") == "code:calc.py"]
    assert "kept from before the change (the rewrite dropped them): add" in wrote.summary


def test_a_definition_a_fix_drops_is_kept_too(store: BaseCheckpointSaver[Any]) -> None:
    source = built(store)
    answers = change_script()
    answers["CodeDraft"] = [CodeDraft(content=GOOD_CALC + SUB.replace("a - b", "a + b"))]
    answers["SystemDesign"] = [design(), design()]  # its name check asks once more for `sub`
    only_sub = CodeFile(path="calc.py", content=SUB.lstrip())  # the fix drops add
    answers["FixPlan"] = [FixPlan(diagnosis="sub adds", files=[only_sub])]
    change = "Add `sub(a: float, b: float) -> float` in `calc.py`: `sub(5, 3)` returns `2`."
    outcome = make_runner(store, ScriptedChatModel(script=answers)).change(source.thread_id, change)
    assert outcome.status == "succeeded", outcome.values["test_reports"][-1].failing_output
    calc = outcome.values["code"]["calc.py"].content
    assert "return a - b" in calc and "def add(a: float, b: float) -> float:\n    return a + b" in calc
