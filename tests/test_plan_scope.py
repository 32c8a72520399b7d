"""The task plan writes the design's files and no others (``nodes/plan_scope.py``)."""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import GOOD_CALC, MAIN, design, script
from checkpoints.serde import make_serializer
from nodes.engineer import planned_files
from nodes.plan_scope import within_design
from state.acceptance import AcceptanceSuite
from state.artifacts import CodeFile, LogicItem, TaskPlan
from state.changes import ChangeRequest
from state.required_names import required_names
from state.settings import RunSettings
from tests.graph_helpers import run

CONTACTS = "In `contacts.py`, `format_contact(contact: Contact) -> str` and `parse_contact(line: str)`."


def _plan(*files: str) -> TaskPlan:
    return TaskPlan(
        logic_analysis=[LogicItem(file=f, description=f"what {f} holds") for f in files],
        task_list=list(files),
    )


def _state(**values: Any) -> Any:
    return {"settings": RunSettings(model="scripted"), "design": design()} | values


def test_files_the_model_invented_leave_the_plan_with_their_items() -> None:
    """The contacts run: function names as file names, none of them in the design."""
    plan, note = within_design(_state(), _plan("calc.py", "format_contact.py", "main.py", "Contact.py"))
    assert plan.task_list == ["calc.py", "main.py"]
    assert [item.file for item in plan.logic_analysis] == ["calc.py", "main.py"]
    assert note == "; left out (not files of the design): format_contact.py, Contact.py"


def test_a_plan_inside_the_design_is_left_as_it_is() -> None:
    plan = _plan("main.py", "calc.py")
    assert within_design(_state(), plan) == (plan, "")


def test_a_file_the_requirement_names_stays_though_the_design_lost_it() -> None:
    acceptance = AcceptanceSuite(names=required_names(CONTACTS))
    state = _state(acceptance=acceptance, requirement=CONTACTS)
    plan, note = within_design(state, _plan("contacts.py", "calc.py"))
    assert plan.task_list == ["contacts.py", "calc.py"] and note == ""


def test_a_module_named_without_py_or_in_another_folder_is_the_design_file() -> None:
    plan, _ = within_design(_state(), _plan("calc", "src/main.py", "helpers.py"))
    assert plan.task_list == ["calc.py", "main.py"]


def test_a_plan_of_invented_files_only_gets_the_design_list() -> None:
    plan, _ = within_design(_state(), _plan("format_contact.py"))
    assert plan.task_list == ["calc.py", "main.py"]
    assert [item.file for item in plan.logic_analysis] == ["calc.py", "main.py"]


def test_in_a_change_the_projects_own_files_may_be_planned() -> None:
    state = _state(
        change=ChangeRequest(source_kind="thread", source="t"),
        code={"util.py": CodeFile(path="util.py", content="X = 1\n")},
    )
    plan, note = within_design(state, _plan("util.py", "calc.py", "new_thing.py"))
    assert plan.task_list == ["util.py", "calc.py"] and "new_thing.py" in note
    # main.py is a design file the project does not have yet: planned as new
    assert planned_files(state | {"tasks": plan}) == ["util.py", "calc.py", "main.py"]


def test_the_engineer_never_writes_an_invented_file() -> None:
    memory = InMemorySaver(serde=make_serializer())
    answers = script() | {"TaskPlan": [_plan("calc.py", "format_contact.py", "main.py")]}
    outcome, _ = run(memory, answers)
    assert outcome.status == "succeeded"
    assert set(outcome.values["code"]) == {"calc.py", "main.py"}
    assert outcome.values["code"]["calc.py"].content == GOOD_CALC
    assert outcome.values["code"]["main.py"].content == MAIN
    assert outcome.values["tasks"].task_list == ["calc.py", "main.py"]
    summaries = [m.summary for m in outcome.values["messages"] if getattr(m, "action", "") == "WriteTasks"]
    assert summaries and summaries[-1].endswith("left out (not files of the design): format_contact.py")
