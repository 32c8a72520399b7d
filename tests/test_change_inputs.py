"""What a change run's roles read (``nodes/change_inputs.py``): each cut made for issue 26's
token target, pinned, and what must stay in the prompts, pinned beside it.

The calculator of ``benchmarks.scenarios`` (``calc.py``, and ``main.py`` importing it) is built,
then changed (``tests.change_scenarios``): the file being rewritten stays in the Engineer's
prompt, the files it imports stay whole, a file it does not import is only named (with its
interfaces); the roles after the ProductManager read the PRD's change view; only the roles
that refine the product's documents read what the project was built for; a role's own
document is never in its prompt twice; and a run from a sentence is as it was.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from langgraph.checkpoint.base import BaseCheckpointSaver

from benchmarks.scenarios import GOOD_CALC, MAIN, design, prd, script
from checkpoints.savers import open_saver
from graph.api import RunOutcome
from nodes.change_inputs import files_a_change_reads, for_change, imported_modules
from nodes.prompting import render_inputs
from state.artifacts import CodeDraft, CodeFile, LogicItem, TaskPlan, TestSuite
from state.changes import ChangeRequest
from state.settings import RunSettings
from tests.change_scenarios import CHANGE, change_script
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import make_runner, run

MAIN_BODY = 'print("usage: python main.py A B", file=sys.stderr)'
"""A line of ``main.py`` only its full text holds (its outline names ``main`` alone)."""
PITCH = "bc: powerful but arcane"
"""The scripted PRD's competitive analysis: the product's pitch, which a change leaves as it was."""
BACKGROUND = "What the project was built for"


@pytest.fixture
def store() -> Iterator[BaseCheckpointSaver[Any]]:
    with open_saver("memory") as saver:
        yield saver


def _file(path: str, content: str) -> CodeFile:
    return CodeFile(path=path, content=content)


def _changed(
    store: BaseCheckpointSaver[Any], answers: dict[str, Any]
) -> tuple[RunOutcome, ScriptedChatModel]:
    source, _ = run(store, script())
    assert source.status == "succeeded"
    model = ScriptedChatModel(script=answers)
    return make_runner(store, model).change(source.thread_id, CHANGE), model


def _prompts(model: ScriptedChatModel, schema: str) -> list[str]:
    return [prompt for call, prompt in zip(model.calls, model.prompts, strict=True) if call == schema]


# --- the pure parts -----------------------------------------------------------------------------


def test_a_changed_file_reads_the_files_it_imports_or_its_task_names_and_no_other() -> None:
    code = {
        "calc.py": _file("calc.py", GOOD_CALC),
        "main.py": _file("main.py", MAIN),
        "report.py": _file("report.py", "def report() -> str:\n    return ''\n"),
    }
    assert set(files_a_change_reads(code, "main.py", "print with two decimals")) == {"calc.py"}
    assert set(files_a_change_reads(code, "calc.py", "add sub(a, b)")) == set()
    assert set(files_a_change_reads(code, "calc.py", "add sub(a, b) for report.format")) == {"report.py"}


def test_a_new_file_reads_what_its_task_names_else_every_file() -> None:
    code = {"calc.py": _file("calc.py", GOOD_CALC), "main.py": _file("main.py", MAIN)}
    assert set(files_a_change_reads(code, "ops.py", "mul(a, b), like calc.add")) == {"calc.py"}
    assert set(files_a_change_reads(code, "ops.py", "mul(a, b)")) == {"calc.py", "main.py"}
    broken = {**code, "main.py": _file("main.py", "def main(:\n")}
    assert set(files_a_change_reads(broken, "main.py", "fix it")) == {"calc.py"}  # cannot tell: all


def test_imports_are_read_as_dotted_modules_relative_ones_against_the_package() -> None:
    source = "import os\nfrom pkg.calc import add\nfrom . import util\nfrom .io import read\n"
    assert imported_modules(source, "pkg/main.py") == {
        "os",
        "pkg.calc",
        "pkg.calc.add",
        "pkg",
        "pkg.util",
        "pkg.io",
        "pkg.io.read",
    }
    code = {p: _file(p, "x = 1\n") for p in ("pkg/calc.py", "pkg/util.py", "pkg/other.py", "pkg/io.py")}
    code["pkg/main.py"] = _file("pkg/main.py", source)
    assert set(files_a_change_reads(code, "pkg/main.py", "")) == {"pkg/calc.py", "pkg/util.py", "pkg/io.py"}


def test_only_a_change_run_reads_the_prds_change_view() -> None:
    channels = ("requirement", "prd", "design")
    assert for_change(channels, {}) == channels
    change = ChangeRequest(source_kind="thread", source="t")
    assert for_change(channels, {"change": change}) == ("requirement", "prd_delta", "design")


def test_the_prds_change_view_keeps_what_the_change_adds_alters_and_keeps() -> None:
    state = {"prd": prd(), "settings": RunSettings(model="scripted")}
    whole = render_inputs(state, ("prd",), 10_000)
    delta = render_inputs(state, ("prd_delta",), 10_000)
    assert PITCH in whole and PITCH not in delta
    assert "## Product requirement document (what the change adds and alters)" in delta
    for kept in ('"project_name": "calculator"', "Two numbers in, their sum out.", "add two numbers"):
        assert kept in delta
    for left_out in ("user_stories", "product_goals", "quadrantChart", "original_requirement"):
        assert left_out not in delta


def test_what_the_project_was_built_for_is_a_section_of_its_own() -> None:
    change = ChangeRequest(
        source_kind="folder",
        source="/p",
        previous_requirement="add numbers",
        readme="# adder",
        outline="- a.py",
    )
    state = {"change": change}
    short = render_inputs(state, ("change",), 10_000)
    assert "- a.py" in short and "add numbers" not in short and "# adder" not in short
    background = render_inputs(state, ("change_background",), 10_000)
    assert f"{BACKGROUND}: add numbers" in background and "# adder" in background


# --- a change run on the scripted model --------------------------------------------------------


def test_the_engineers_change_prompt_holds_the_file_it_rewrites_not_files_it_does_not_import(
    store: BaseCheckpointSaver[Any],
) -> None:
    """``calc.py`` imports nothing of the project: ``main.py`` is named with its interface
    (the change request's outline), never sent whole, to the write and to the review."""
    outcome, model = _changed(store, change_script())
    assert outcome.status == "succeeded"
    write, review = _prompts(model, "CodeDraft")[0], _prompts(model, "CodeReview")[0]
    assert f"The current version of `calc.py`:\n```python\n{GOOD_CALC.rstrip()}\n```" in write
    for prompt in (write, review):
        assert MAIN_BODY not in prompt
        assert "- main.py: def main(argv: list[str]) -> int" in prompt
        assert "## System design" in prompt and "## Task plan" in prompt


def test_the_engineers_change_prompt_holds_the_files_it_imports_whole(
    store: BaseCheckpointSaver[Any],
) -> None:
    new_main = MAIN.replace("print(add(", "print(round(add(").replace("[1])))", "[1])), 2))")
    answers = change_script()
    answers["TaskPlan"] = [
        TaskPlan(
            logic_analysis=[LogicItem(file="main.py", description="print the sum rounded")],
            task_list=["main.py"],
        )
    ]
    answers["CodeDraft"] = [CodeDraft(content=new_main)]
    round_test = "from calc import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n"
    answers["TestSuite"] = [TestSuite(files=[CodeFile(path="tests/test_change_1.py", content=round_test)])]
    outcome, model = _changed(store, answers)
    assert outcome.status == "succeeded", outcome.values["test_reports"][-1].failing_output
    write = _prompts(model, "CodeDraft")[0]
    assert f"## Code written so far\n--- calc.py\n```python\n{GOOD_CALC}\n```" in write
    assert f"The current version of `main.py`:\n```python\n{MAIN.rstrip()}\n```" in write


def test_the_roles_after_the_product_manager_read_the_prds_change_view(
    store: BaseCheckpointSaver[Any],
) -> None:
    _, model = _changed(store, change_script(breaking=True))
    (pm,) = _prompts(model, "PRD")
    assert PITCH in pm and "## Product requirement document\n" in pm  # it refines the PRD: whole
    later = [
        p
        for schema in ("SystemDesign", "TaskPlan", "CodeDraft", "CodeReview", "FixPlan")
        for p in _prompts(model, schema)
    ]
    assert len(later) >= 5
    for prompt in later:
        assert PITCH not in prompt and "## Product requirement document\n" not in prompt
        assert "## Product requirement document (what the change adds and alters)" in prompt
        assert "Two numbers in, their sum out." in prompt


def test_only_the_roles_that_refine_the_products_documents_read_what_it_was_built_for(
    store: BaseCheckpointSaver[Any],
) -> None:
    _, model = _changed(store, change_script())
    for schema in ("PRD", "SystemDesign"):
        assert f"{BACKGROUND}: Make a command-line calculator" in _prompts(model, schema)[0]
    for schema in ("TaskPlan", "CodeDraft", "CodeReview", "TestSuite"):
        (prompt,) = _prompts(model, schema)
        assert BACKGROUND not in prompt and "This run changes an existing project" in prompt
        assert "- calc.py: def add(a: float, b: float) -> float" in prompt


def test_a_document_redone_in_a_change_run_is_in_its_prompt_once(store: BaseCheckpointSaver[Any]) -> None:
    """The Architect's own design is an input of its change prompt: its check's redo does
    not add it a second time as "your previous version"."""
    answers = change_script()
    answers["SystemDesign"].insert(0, design().model_copy(update={"file_list": ["calc.py"]}))
    _, model = _changed(store, answers)
    redo = _prompts(model, "SystemDesign")[1]
    assert "the existing file `main.py` is missing from file_list" in redo
    assert redo.count("## System design") == 1 and "Your previous version" not in redo
    assert '"file_list": [\n  "calc.py"\n ]' in redo  # the version the check found wanting


def test_a_run_from_a_sentence_reads_as_it_did(store: BaseCheckpointSaver[Any]) -> None:
    _, model = run(store, script())
    calc = _prompts(model, "CodeDraft")[0]
    main = _prompts(model, "CodeDraft")[1]
    assert "## Product requirement document\n" in calc and PITCH in calc
    assert "The existing project" not in calc and "(what the change adds and alters)" not in calc
    assert f"--- calc.py\n```python\n{GOOD_CALC}\n```" in main
