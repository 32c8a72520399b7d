"""The requirement's names are binding: the design and code checks, and the graph using them.

The example is issue 22's: ``c_to_f(c: float) -> float`` in ``units.py`` came back as
``UnitConverter.cToF``, so ``from units import c_to_f`` failed whatever the code did.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import lgtm, prd
from checkpoints.serde import make_serializer
from nodes.class_diagram import diagram_classes
from nodes.code_name_checks import code_name_problems, code_problems, file_name_problems, required_parameters
from nodes.name_checks import binding_names, design_name_problems
from nodes.prompting import render_inputs
from state.acceptance import AcceptanceSuite, RequiredNames
from state.artifacts import CodeDraft, CodeFile, LogicItem, SystemDesign, TaskPlan
from state.required_names import required_names, stated_homes
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import call_counts, make_runner

REQUIREMENT = "Write units.py with `c_to_f(c: float) -> float` and `f_to_c(f: float) -> float`."
NAMES = required_names(REQUIREMENT)

CLASS_DIAGRAM = (
    "classDiagram\n  class UnitConverter {\n    +cToF(c: float) float\n    +fToC(f: float) float\n  }"
)
MODULE_DIAGRAM = (
    "classDiagram\n  class units {\n    <<module>>\n    +c_to_f(c: float) float\n"
    "    +f_to_c(f: float) float\n  }"
)
HALF_UNITS = "def c_to_f(c: float) -> float:\n    return c * 9 / 5 + 32\n"
GOOD_UNITS = f"{HALF_UNITS}\n\ndef f_to_c(f: float) -> float:\n    return (f - 32) * 5 / 9\n"
CLASS_UNITS = (
    "class UnitConverter:\n    def cToF(self, c: float) -> float:\n        return c * 9 / 5 + 32\n\n"
    "    def fToC(self, f: float) -> float:\n        return (f - 32) * 5 / 9\n"
)
MAIN = (
    "import sys\n\nfrom units import c_to_f\n\n"
    "if __name__ == '__main__':\n    print(c_to_f(float(sys.argv[1])))\n"
)


def design(diagram: str, files: tuple[str, ...] = ("units.py", "main.py")) -> SystemDesign:
    return SystemDesign(
        implementation_approach="Standard library only.",
        file_list=list(files),
        data_structures_and_interfaces=diagram,
        program_call_flow="sequenceDiagram\n    main->>units: c_to_f(c)",
    )


def code(**files: str) -> dict[str, CodeFile]:
    return {f"{name}.py": CodeFile(path=f"{name}.py", content=content) for name, content in files.items()}


def test_the_requirement_names_a_module_and_two_functions() -> None:
    assert NAMES.modules == ["units.py"]
    assert NAMES.functions == {"c_to_f": "c_to_f(c: float) -> float", "f_to_c": "f_to_c(f: float) -> float"}


# --- the design ----------------------------------------------------------------------------


def test_a_design_turning_the_functions_into_a_class_is_caught() -> None:
    problems = design_name_problems(NAMES, design(CLASS_DIAGRAM))
    assert len(problems) == 2
    assert "`c_to_f(c: float) -> float` in units.py" in problems[0]
    assert "(found: UnitConverter.cToF)" in problems[0]
    assert "(found: UnitConverter.fToC)" in problems[1]


def test_a_design_keeping_the_names_passes() -> None:
    assert design_name_problems(NAMES, design(MODULE_DIAGRAM)) == []
    assert design_name_problems(NAMES, design(MODULE_DIAGRAM), scope="function") == []


def test_a_missing_file_is_named() -> None:
    [problem] = design_name_problems(NAMES, design(MODULE_DIAGRAM, files=("converter.py", "main.py")))
    assert "`units.py`" in problem and "converter.py, main.py" in problem


@pytest.mark.parametrize(
    "diagram",
    [
        "classDiagram\n  class units\n  <<module>> units\n  units : +c_to_f(c)\n  units : +f_to_c(f) float",
        "classDiagram\n  class units <<module>> {\n    +c_to_f(c)\n    +f_to_c(f)\n  }",
        "classDiagram\n  class units {\n    +c_to_f(c)\n    +f_to_c(f)\n  }",  # named after its file
    ],
)
def test_every_mermaid_form_of_a_module_class_is_read(diagram: str) -> None:
    assert design_name_problems(NAMES, design(diagram), scope="function") == []


def test_project_scope_accepts_a_function_anywhere_but_not_only_as_a_method() -> None:
    noted = 'classDiagram\n  class Main {\n    +run() None\n  }\n  note for Main "calls c_to_f and f_to_c"'
    assert design_name_problems(NAMES, design(noted)) == []
    assert len(design_name_problems(NAMES, design(noted), scope="function")) == 2
    as_methods = "classDiagram\n  class Converter {\n    +c_to_f(c) float\n    +f_to_c(f) float\n  }"
    problems = design_name_problems(NAMES, design(as_methods))
    assert len(problems) == 2 and "(found: Converter.c_to_f)" in problems[0]


def test_a_method_of_a_class_the_requirement_names_is_kept() -> None:
    names = required_names("Write bank.py with class Account and `deposit(self, amount: float) -> None`.")
    diagram = "classDiagram\n  class Account {\n    +float balance\n    +deposit(amount: float) None\n  }"
    assert design_name_problems(names, design(diagram, files=("bank.py",))) == []
    assert "`Account`" in design_name_problems(names, design(MODULE_DIAGRAM, files=("bank.py",)))[1]
    account = "class Account:\n    def deposit(self, amount: float) -> None:\n        self.balance = amount\n"
    assert code_name_problems(names, code(bank=account)) == []


def test_the_diagram_parser_reads_blocks_member_lines_and_annotations() -> None:
    classes = diagram_classes(
        "classDiagram\n  class Game {\n    +int score\n    +move(dx: int) None\n  }\n"
        "  Game --> Board : has\n  Board : +cells list\n  Board : +reset() None\n  <<interface>> Board"
    )
    assert classes["Game"].methods == ["move"]
    assert classes["Board"].methods == ["reset"] and classes["Board"].is_annotated("interface")


# --- the code ------------------------------------------------------------------------------


def test_code_with_a_class_in_place_of_the_functions_is_caught() -> None:
    problems = code_name_problems(NAMES, code(units=CLASS_UNITS, main=MAIN))
    assert problems[0] == (
        "the requirement names `c_to_f(c: float) -> float` in units.py: define it as a module-level "
        "function there (found: UnitConverter.cToF)"
    )
    assert "(found: UnitConverter.fToC)" in problems[1]


def test_correct_code_passes() -> None:
    assert code_name_problems(NAMES, code(units=GOOD_UNITS, main=MAIN)) == []


def test_a_module_in_a_folder_counts_and_a_missing_one_is_named() -> None:
    nested = {"pkg/units.py": CodeFile(path="pkg/units.py", content=GOOD_UNITS)}
    assert code_name_problems(NAMES, nested) == []
    problems = code_name_problems(NAMES, code(main=GOOD_UNITS))
    assert "`units.py`" in problems[0] and "(found: main.py:c_to_f)" in problems[1]


def test_a_function_in_the_wrong_module_is_not_enough() -> None:
    problems = code_name_problems(NAMES, code(units=HALF_UNITS, main=GOOD_UNITS))
    assert len(problems) == 1 and "`f_to_c(f: float) -> float` in units.py" in problems[0]
    assert "(found: main.py:f_to_c)" in problems[0]


def test_a_parameter_mismatch_is_caught() -> None:
    renamed = GOOD_UNITS.replace("c_to_f(c: float)", "c_to_f(celsius: float)").replace("c * 9", "celsius * 9")
    [problem] = code_name_problems(NAMES, code(units=renamed))
    assert "takes (celsius); use the parameters (c) in that order" in problem


def test_a_parameter_the_body_never_reads_is_caught() -> None:
    # the wordfreq run: `def main(argv)` parsing `sys.argv` through `parse_args()`
    ignored = GOOD_UNITS.replace("return c * 9 / 5 + 32", "return 212.0")
    [problem] = code_name_problems(NAMES, code(units=ignored))
    assert problem == (
        "the requirement names `c_to_f(c: float) -> float`: `units.py` defines `c_to_f` but never "
        "reads `c` in its body: compute the result from the parameters it is given"
    )
    method = "class Account:\n    def deposit(self, amount: float) -> float:\n        return self.total\n"
    names = required_names("Write `bank.py` with a class `Account`; `deposit(amount: float) -> float` adds.")
    [problem] = code_name_problems(names, {"bank.py": CodeFile(path="bank.py", content=method)})
    assert "`Account.deposit` in `bank.py` never reads `amount` in its body" in problem


def test_extra_parameters_are_fine_only_when_optional() -> None:
    optional = GOOD_UNITS.replace("c_to_f(c: float)", "c_to_f(c: float, digits: int = 2)")
    assert code_name_problems(NAMES, code(units=optional)) == []
    required = GOOD_UNITS.replace("c_to_f(c: float)", "c_to_f(c: float, digits: int)")
    assert len(code_name_problems(NAMES, code(units=required))) == 1


def test_a_function_imported_into_the_module_counts() -> None:
    reexport = "from _impl import c_to_f, f_to_c\n"
    assert code_name_problems(NAMES, code(units=reexport, _impl=GOOD_UNITS)) == []


def test_without_a_named_module_any_file_will_do_and_a_missing_class_is_named() -> None:
    names = RequiredNames(functions={"parse": "parse(text: str) -> list"}, classes=["Store"])
    parse = "def parse(text: str) -> list:\n    return text.split()\n"
    problems = code_name_problems(names, code(main=parse))
    assert problems == ["the requirement names the class `Store`: define it at module level, that exact name"]


def test_required_parameters_read_the_requirements_signature() -> None:
    assert required_parameters("f(a, b: int = 0, *rest, key=None, **kw) -> int") == [
        "a",
        "b",
        "*rest",
        "key",
        "**kw",
    ]
    assert required_parameters("main()") is None  # a name in prose, not a signature
    assert required_parameters("deposit(self, amount)", drop_self=True) == ["amount"]


def test_the_engineer_is_asked_only_for_what_the_file_can_fix() -> None:
    written = code(units=HALF_UNITS, main=MAIN)
    assert len(file_name_problems(NAMES, written, "units.py", last=False)) == 1
    assert file_name_problems(NAMES, written, "main.py", last=True) == []  # f_to_c belongs in units.py
    names = RequiredNames(functions={"parse": "parse(text)"})
    assert file_name_problems(names, code(main=MAIN), "main.py", last=False) == []
    assert len(file_name_problems(names, code(main=MAIN), "main.py", last=True)) == 1


def test_helpers_a_benchmark_prompt_implements_are_not_required_in_function_scope() -> None:
    prompt = (
        "def is_palindrome(string: str) -> bool:\n    return string == string[::-1]\n\n\n"
        'def make_palindrome(string: str) -> str:\n    """ Find the shortest palindrome. """\n'
    )
    names = required_names(prompt)
    assert set(binding_names(names, prompt, "function").functions) == {"make_palindrome"}
    assert set(binding_names(names, prompt, "project").functions) == {"is_palindrome", "make_palindrome"}


def test_the_roles_prompts_show_the_names_in_project_scope_only() -> None:
    state: dict[str, Any] = {
        "requirement": REQUIREMENT,
        "acceptance": AcceptanceSuite(names=NAMES),
        "settings": RunSettings(model="scripted"),
    }
    shown = render_inputs(state, ("requirement", "acceptance"), 10_000)
    assert "## Names the requirement fixes" in shown
    assert "`c_to_f(c: float) -> float`: a plain module-level function" in shown
    state["settings"] = RunSettings(model="scripted", scope="function")
    assert "Names the requirement fixes" not in render_inputs(state, ("requirement", "acceptance"), 10_000)
    state["acceptance"] = AcceptanceSuite()
    assert "Names" not in render_inputs(state, ("requirement", "acceptance"), 10_000)


# --- the graph -----------------------------------------------------------------------------


@pytest.fixture
def memory() -> InMemorySaver:
    return InMemorySaver(serde=make_serializer())


def _tasks() -> TaskPlan:
    return TaskPlan(
        logic_analysis=[
            LogicItem(file="units.py", description="c_to_f and f_to_c"),
            LogicItem(file="main.py", description="CLI using units.c_to_f"),
        ],
        task_list=["units.py", "main.py"],
    )


def _run(memory: InMemorySaver, designs: list[SystemDesign]) -> tuple[Any, ScriptedChatModel]:
    script: dict[str, list[Any]] = {
        "PRD": [prd("units")],
        "SystemDesign": designs,
        "TaskPlan": [_tasks()],
        "CodeDraft": [CodeDraft(content=HALF_UNITS), CodeDraft(content=GOOD_UNITS), CodeDraft(content=MAIN)],
        "CodeReview": [lgtm("units.py"), lgtm("main.py")],
    }
    model = ScriptedChatModel(script=script)
    settings = RunSettings(
        model="scripted",
        roles=("product_manager", "architect", "project_manager", "engineer"),
        candidates=1,
    )
    return make_runner(memory, model).start(REQUIREMENT, settings), model


def test_a_design_that_loses_the_names_is_redone_and_the_engineer_is_held_to_them(
    memory: InMemorySaver,
) -> None:
    outcome, model = _run(memory, [design(CLASS_DIAGRAM), design(MODULE_DIAGRAM)])
    values = outcome.values
    assert outcome.status == "succeeded"
    assert values["design"].data_structures_and_interfaces == MODULE_DIAGRAM
    redo_prompt = model.prompts[model.calls.index("SystemDesign") + 1]
    assert "(found: UnitConverter.cToF)" in redo_prompt and "## Your previous version" in redo_prompt
    [architect] = [m for m in values["messages"] if m.role == "architect"]
    assert "check still finds" not in architect.summary
    # units.py's first draft lacks f_to_c: LBTM from the syntax tree, no model review for it
    first, second, third = values["reviews"]
    assert first.verdict == "LBTM" and "`f_to_c(f: float) -> float` in units.py" in first.comments[0]
    assert second.verdict == third.verdict == "LGTM"
    assert call_counts(model) == {"PRD": 1, "SystemDesign": 2, "TaskPlan": 1, "CodeDraft": 3, "CodeReview": 2}
    assert "## Names the requirement fixes" in model.prompts[model.calls.index("SystemDesign")]
    assert values["code"]["units.py"].content == GOOD_UNITS


def test_a_design_still_losing_the_names_is_kept_with_its_problems_recorded(memory: InMemorySaver) -> None:
    outcome, model = _run(memory, [design(CLASS_DIAGRAM), design(CLASS_DIAGRAM)])
    assert outcome.status == "succeeded"
    assert call_counts(model)["SystemDesign"] == 2
    [architect] = [m for m in outcome.values["messages"] if m.role == "architect"]
    assert "check still finds" in architect.summary and "UnitConverter.cToF" in architect.summary


PROJECTS = Path(__file__).resolve().parents[1] / "benchmarks" / "projects"


@pytest.mark.parametrize("project", sorted(p.name for p in PROJECTS.iterdir() if p.is_dir()))
def test_every_benchmark_projects_reference_keeps_the_names_its_requirement_fixes(project: str) -> None:
    # the requirement's classes (`Account(owner: str)`) and builtins (`len(cache)`) read as
    # module-level functions made these checks reject the hand-written references of the
    # bank, LRU, inventory and to-do projects, and so every candidate the model wrote
    names = required_names((PROJECTS / project / "requirement.md").read_text())
    reference = PROJECTS / project / "reference"
    code = {
        str(path.relative_to(reference)): CodeFile(
            path=str(path.relative_to(reference)), content=path.read_text()
        )
        for path in reference.rglob("*.py")
    }
    assert [problem.message for problem in code_problems(names, code)] == []


def test_a_capwords_call_is_a_class_and_a_builtins_call_binds_nothing() -> None:
    names = required_names(
        "`LRUCache(capacity: int)` holds pairs; `get(key)` reads one; `len(cache)` counts."
    )
    assert names.classes == ["LRUCache"] and list(names.functions) == ["get"]


@pytest.mark.parametrize(
    ("requirement", "homes"),
    [
        (  # the file right after the function, joined by "in"
            "Add Kelvin: `c_to_k(c: float) -> float` in `units.py` (`c_to_k(0)` returns `273.15`) "
            'and a `c2k` command in `main.py`: `run(["c2k", "100"])` returns `"373.15"`.',
            {"c_to_k": "units.py"},
        ),
        (  # else the last file named before it in its sentence; `c: float` ends no sentence
            "Write `units.py` with `c_to_f(c: float) -> float` and `f_to_c(f: float) -> float`, "
            "and `main.py` with `run(argv: list[str]) -> str`.",
            {"c_to_f": "units.py", "f_to_c": "units.py", "run": "main.py"},
        ),
        ("Add `sub(a, b)` to calc.py. Then `mul(a, b)` too.", {"sub": "calc.py"}),  # mul: no file
        ("A `Stack(items: list)` in stack.py and `len(stack)` works.", {}),  # a class and a builtin
    ],
)
def test_the_file_a_function_is_stated_to_belong_in(requirement: str, homes: dict[str, str]) -> None:
    assert stated_homes(requirement) == homes


def test_a_function_stated_in_one_of_two_files_is_asked_of_that_file() -> None:
    # the to-do project's run shipped a `todo_cli.py` without `main`: with two files named,
    # a `main` anywhere (here in todo_store.py) used to satisfy the check
    requirement = (PROJECTS / "todo" / "requirement.md").read_text()
    names = required_names(requirement)
    assert names.homes["main"] == "todo_cli.py"
    reference = PROJECTS / "todo" / "reference"
    code = {p.name: CodeFile(path=p.name, content=p.read_text()) for p in reference.glob("*.py")}
    assert code_problems(names, code) == []
    moved = code["todo_cli.py"].content.replace("def main(", "def run(")
    store = code["todo_store.py"].content + "\n\ndef main(argv: list[str]) -> int:\n    return 0\n"
    code |= {
        "todo_cli.py": CodeFile(path="todo_cli.py", content=moved),
        "todo_store.py": CodeFile(path="todo_store.py", content=store),
    }
    [problem] = code_problems(names, code)
    assert problem.file == "todo_cli.py" and "in todo_cli.py" in problem.message
