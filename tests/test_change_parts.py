"""The pure parts of a change run: reading a folder, the change report, retiring tests."""

from __future__ import annotations

from pathlib import Path

from benchmarks.scenarios import GOOD_CALC, MAIN, TESTS
from graph.changes import carried_tests, next_change_number, outline
from graph.project_folder import read_project
from nodes.obsolete_tests import named_obsolete, resolve, without_tests
from state.acceptance import AcceptanceExample, AcceptanceSuite
from state.artifacts import CodeFile, FixPlan, LogicItem, TaskPlan, TestReport
from state.change_report import change_summary, changed_files
from state.changes import ChangeRequest, merged_acceptance


def _file(path: str, content: str) -> CodeFile:
    return CodeFile(path=path, content=content)


def test_a_folder_is_read_without_its_environments_caches_and_hidden_folders(tmp_path: Path) -> None:
    (tmp_path / "calc.py").write_text(GOOD_CALC)
    (tmp_path / "test_calc.py").write_text(TESTS)  # a test beside the code goes under tests/
    (tmp_path / "conftest.py").write_text("")
    for skipped in (".venv/lib", "__pycache__", ".git", "venv", "pkg.egg-info"):
        (tmp_path / skipped).mkdir(parents=True)
        (tmp_path / skipped / "junk.py").write_text("x = 1\n")
    project = read_project(tmp_path)
    assert sorted(project.code) == ["calc.py"] and sorted(project.tests) == ["tests/test_calc.py"]
    assert project.readme == "" and project.size == len(GOOD_CALC) + len(TESTS)


def test_the_outline_names_the_interfaces_a_change_must_keep() -> None:
    code = {
        "calc.py": _file("calc.py", GOOD_CALC + "\n\nclass Memory:\n    def store(self, x):\n        pass\n")
    }
    assert outline(code) == "- calc.py: def add(a: float, b: float) -> float; class Memory: store"


def test_a_fix_outside_the_plan_is_reported_with_its_diagnosis() -> None:
    change = ChangeRequest(source_kind="thread", source="t", files_before=["calc.py", "main.py"])
    state = {
        "change": change,
        "tasks": TaskPlan(
            logic_analysis=[LogicItem(file="calc.py", description="add sub")], task_list=["calc.py"]
        ),
        "code": {
            "calc.py": _file("calc.py", GOOD_CALC + "# sub\n"),
            "main.py": _file("main.py", MAIN + "# fixed\n"),
        },
        "files_before_change": {"calc.py": _file("calc.py", GOOD_CALC), "main.py": _file("main.py", MAIN)},
        "fix_plans": [
            FixPlan(
                diagnosis="main crashed on start",
                files=[_file("main.py", MAIN + "# fixed\n")],
                judged_by_report=1,
            )
        ],
        "test_reports": [TestReport(exit_status=0, passed=2, start_error="Traceback: IndexError")],
    }
    assert set(changed_files(state)) == {"calc.py", "main.py"}
    summary = change_summary(state)
    assert "- `calc.py`: planned by the ProjectManager: add sub" in summary
    assert "- `main.py`: fix round 1 for a crash on start: main crashed on start" in summary


def test_obsolete_tests_are_resolved_and_cut_out_keeping_the_rest() -> None:
    old = {"tests/test_calc.py": _file("tests/test_calc.py", TESTS)}
    named = named_obsolete("OBSOLETE: test_add_negative - negatives now refused\nOBSOLETE: test_nothing\n```")
    assert named == {"test_add_negative": "negatives now refused", "test_nothing": "(no reason given)"}
    found = resolve(named, old)
    assert found == {"tests/test_calc.py::test_add_negative": "negatives now refused"}
    kept = without_tests(old, found)["tests/test_calc.py"].content
    assert "test_add_negative" not in kept and kept.startswith(TESTS.split("\n\n\ndef test_add_negative")[0])


def test_a_new_example_for_an_old_call_replaces_it() -> None:
    def example(call: str, value: str) -> AcceptanceExample:
        return AcceptanceExample(
            kind="arrow", function="add", check=f"assert {call} == {value}", call=call, quote=""
        )

    old = AcceptanceSuite(examples=[example("add(2, 3)", "5"), example("add(1, 1)", "2")])
    new = AcceptanceSuite(examples=[example("add(2, 3)", "6")])
    merged = merged_acceptance(old, new)
    assert [(e.call, e.check) for e in merged.examples] == [
        ("add(1, 1)", "assert add(1, 1) == 2"),
        ("add(2, 3)", "assert add(2, 3) == 6"),
    ]


def test_a_folders_own_files_are_never_replaced_by_sopgraphs(tmp_path: Path) -> None:
    """Its ``tests/test_acceptance.py`` is kept under another name (that path holds the
    requirement's examples), and QA's file for the change gets a number not taken."""
    (tmp_path / "tests").mkdir()
    (tmp_path / "calc.py").write_text(GOOD_CALC)
    (tmp_path / "tests" / "test_acceptance.py").write_text(TESTS)
    (tmp_path / "tests" / "test_change_1.py").write_text(TESTS)
    project = read_project(tmp_path)
    assert sorted(project.tests) == ["tests/test_acceptance_of_project.py", "tests/test_change_1.py"]
    assert next_change_number(project.tests, None) == 2


def test_a_change_does_not_carry_the_old_examples_file() -> None:
    tests = {
        "tests/test_acceptance.py": _file("tests/test_acceptance.py", "def test_example_1():\n    pass\n"),
        "tests/test_calc.py": _file("tests/test_calc.py", TESTS),
    }
    assert list(carried_tests(tests)) == ["tests/test_calc.py"]


def test_a_change_plan_naming_a_module_without_py_means_that_file() -> None:
    from nodes.engineer import planned_files

    tasks = TaskPlan(logic_analysis=[LogicItem(file="calc.py", description="add sub")], task_list=["calc"])
    state: dict[str, object] = {
        "change": ChangeRequest(source_kind="thread", source="t"),
        "tasks": tasks,
        "code": {"calc.py": _file("calc.py", GOOD_CALC), "main.py": _file("main.py", MAIN)},
    }
    assert planned_files(state) == ["calc.py"]  # type: ignore[arg-type]
