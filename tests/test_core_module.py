"""Candidates for a multi-file project's core module (``nodes.core_module``): the file whose
functions the requirement's examples call, rewritten alone and judged in the whole project."""

from __future__ import annotations

from typing import cast

from langgraph.checkpoint.memory import InMemorySaver

from benchmarks import scenarios
from nodes.candidate_names import names_lacking
from nodes.candidates import candidate_orders, keeps_line
from nodes.core_module import core_file, names_imported_from
from state.acceptance import AcceptanceExample, AcceptanceSuite, RequiredNames
from state.artifacts import CodeDraft, CodeFile
from state.candidates import CandidateOrder
from state.schema import SopState
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import make_runner

REQUIREMENT = scenarios.REQUIREMENT + ". For example `add(2, 3) == 5`."


def example(function: str) -> AcceptanceExample:
    return AcceptanceExample(kind="arrow", function=function, check="", call=f"{function}(1)", quote="")


def files(**contents: str) -> dict[str, CodeFile]:
    return {f"{name}.py": CodeFile(path=f"{name}.py", content=text) for name, text in contents.items()}


def state_of(code: dict[str, CodeFile], *functions: str) -> dict[str, object]:
    return {
        "design": scenarios.design(),
        "tasks": scenarios.tasks(),
        "code": code,
        "acceptance": AcceptanceSuite(examples=[example(f) for f in functions]),
    }


def test_the_core_module_holds_the_examples_functions_and_imports_no_project_module() -> None:
    code = files(calc=scenarios.GOOD_CALC, main=scenarios.MAIN)
    assert core_file(state_of(code, "add")) == "calc.py"  # type: ignore[arg-type]
    assert names_imported_from("calc.py", code) == ["add"]


def test_no_core_module_without_examples_or_when_it_leans_on_another_file() -> None:
    code = files(calc=scenarios.GOOD_CALC, main=scenarios.MAIN)
    assert core_file(state_of(code)) is None  # type: ignore[arg-type]
    leaning = files(calc="from main import main\n" + scenarios.GOOD_CALC, main=scenarios.MAIN)
    assert core_file(state_of(leaning, "add")) is None  # type: ignore[arg-type]


def test_the_file_the_requirement_names_is_the_core_module_when_a_class_hides_its_functions() -> None:
    # the tic-tac-toe run: the Engineer wrapped the required functions in a class, so no file
    # defines them at top level; the requirement's one named module still gets candidates.
    wrapped = "class Calculator:\n    def add(self, a, b):\n        return a + b\n"
    code = files(calc=wrapped, main="from calc import Calculator\n\nprint(Calculator().add(1, 2))\n")
    names = RequiredNames(modules=["calc.py"], functions={"add": "add(a: float, b: float) -> float"})
    state = state_of(code, "add") | {"settings": RunSettings(model="scripted"), "requirement": REQUIREMENT}
    state["acceptance"] = AcceptanceSuite(examples=[example("add")], names=names)
    assert core_file(state) == "calc.py"  # type: ignore[arg-type]
    assert names_imported_from("calc.py", code) == ["Calculator"]
    leaning = files(calc="import main\n" + wrapped, main="from calc import Calculator\n")
    assert core_file(state | {"code": leaning}) is None  # type: ignore[arg-type]
    unnamed = state | {"acceptance": AcceptanceSuite(examples=[example("add")])}
    assert core_file(unnamed) is None  # type: ignore[arg-type]


def test_without_examples_the_one_module_the_requirement_names_is_the_core_module() -> None:
    # the word-frequency run: a `main.py` planned beside the one named module, no examples
    names = RequiredNames(modules=["calc.py"], functions={"add": "add(a: float, b: float) -> float"})
    state = state_of(files(calc=scenarios.GOOD_CALC, main=scenarios.MAIN))
    state |= {"settings": RunSettings(model="scripted"), "requirement": scenarios.REQUIREMENT}
    state["acceptance"] = AcceptanceSuite(names=names)
    assert core_file(state) == "calc.py"  # type: ignore[arg-type]
    two = RequiredNames(modules=["calc.py", "main.py"], functions={"add": "add(a: float, b: float) -> float"})
    assert core_file(state | {"acceptance": AcceptanceSuite(names=two)}) is None  # type: ignore[arg-type]


def test_the_file_still_lacking_a_name_the_requirement_puts_in_it_is_the_core_module() -> None:
    # the to-do run at 056c1c1: two named modules, `main(argv)` stated to be in the CLI's
    # file, and the reviewed CLI kept it as a method of a class nobody asked for
    names = RequiredNames(
        modules=["calc.py", "main.py"],
        functions={"add": "add(a: float, b: float) -> float", "main": "main(argv: list[str]) -> int"},
        homes={"main": "main.py"},
    )
    in_a_class = "from calc import add\n\n\nclass Cli:"
    in_a_class += "\n    def main(self, argv):\n        return add(*argv)\n"
    state = state_of(files(calc=scenarios.GOOD_CALC, main=in_a_class))
    state |= {"settings": RunSettings(model="scripted"), "requirement": scenarios.REQUIREMENT}
    state["acceptance"] = AcceptanceSuite(names=names)
    assert core_file(state) == "main.py"  # type: ignore[arg-type]
    kept = files(calc=scenarios.GOOD_CALC, main=scenarios.MAIN)
    assert core_file(state | {"code": kept}) is None  # type: ignore[arg-type]


def test_without_named_files_the_file_lacking_what_the_others_import_is_the_core_module() -> None:
    # SoftwareDev's snake and 2048 runs at e19e9a7: `game.py` only a main guard, `Game` imported
    guard_only = 'if __name__ == "__main__":\n    from main import main\n    main([])\n'
    state = state_of(files(calc=guard_only, main=scenarios.MAIN))
    state |= {"settings": RunSettings(model="scripted"), "requirement": "Make a calculator"}
    assert core_file(state) == "calc.py"  # type: ignore[arg-type]
    assert names_imported_from("calc.py", state["code"]) == ["add"]  # type: ignore[arg-type]
    leaning = files(calc="from main import main\n", main=scenarios.MAIN)
    assert core_file(state | {"code": leaning}) is None  # type: ignore[arg-type]


def test_imports_under_the_main_guard_do_not_make_a_file_lean_on_another() -> None:
    # the 2048 run at 5bc71fc: the named module was only a main guard importing the UI
    guard_only = 'if __name__ == "__main__":\n    from main import main\n    main([])\n'
    names = RequiredNames(modules=["calc.py"], functions={"add": "add(a: float, b: float) -> float"})
    state = state_of(files(calc=guard_only, main=scenarios.MAIN), "add")
    state |= {"settings": RunSettings(model="scripted"), "requirement": REQUIREMENT}
    state["acceptance"] = AcceptanceSuite(examples=[example("add")], names=names)
    assert core_file(state) == "calc.py"  # type: ignore[arg-type]
    leaning = files(calc="from main import main\n" + guard_only, main=scenarios.MAIN)
    assert core_file(state | {"code": leaning}) is None  # type: ignore[arg-type]


def test_a_project_ships_the_core_module_candidate_that_passes_the_example() -> None:
    answers = scenarios.script()
    answers["CodeDraft"] = [
        CodeDraft(content=scenarios.BAD_CALC),  # the SOP's calc.py: wrong
        CodeDraft(content=scenarios.MAIN),
        *(CodeDraft(content=c) for c in (scenarios.BAD_CALC, scenarios.GOOD_CALC, scenarios.BAD_CALC)),
    ]
    model = ScriptedChatModel(script=answers)
    settings = RunSettings(
        model="scripted",
        candidates=4,
        roles=("product_manager", "architect", "project_manager", "engineer"),
    )
    outcome = make_runner(InMemorySaver(), model).start(REQUIREMENT, settings)
    values = outcome.values
    assert values["selection"].path == "calc.py" and values["selection"].rule.startswith("trusted tests")
    assert values["code"]["calc.py"].content == scenarios.GOOD_CALC
    assert values["code"]["main.py"].content == scenarios.MAIN
    assert all("it must define `add`" in prompt for prompt in model.prompts[-3:])


def test_a_candidate_that_wraps_the_required_function_in_a_class_is_asked_once_more() -> None:
    # the tic-tac-toe and 2048 runs at 056c1c1: four of five candidates wrote `Game.winner`
    requirement = "Write `calc.py` with `add(a: float, b: float) -> float`, for example `add(2, 3) == 5`"
    wrapped = "class Calc:\n    def add(self, a: float, b: float) -> float:\n        return a + b\n"
    answers = scenarios.script()
    answers["CodeDraft"] = [
        CodeDraft(content=scenarios.BAD_CALC),  # the SOP's calc.py: wrong
        CodeDraft(content=scenarios.MAIN),
        CodeDraft(content=wrapped),  # the direct candidate's first answer
        CodeDraft(content=scenarios.GOOD_CALC),  # asked again, naming what it lacks
    ]
    model = ScriptedChatModel(script=answers)
    settings = RunSettings(
        model="scripted", candidates=2, roles=("product_manager", "architect", "project_manager", "engineer")
    )
    values = make_runner(InMemorySaver(), model).start(requirement, settings).values
    assert "define it as a module-level function there (found: Calc.add)" in model.prompts[-1]
    assert values["candidates"]["1"].content == scenarios.GOOD_CALC
    assert values["code"]["calc.py"].content == scenarios.GOOD_CALC


def test_a_candidate_lacking_a_name_the_other_files_import_from_it_is_told_which() -> None:
    # the units run at 056c1c1: the candidate that passed the stated example left out the
    # `LengthConverter` the SOP's main.py imported, and lost like a crash
    order = CandidateOrder(
        index=1, origin="direct", path="calc.py", temperature=0.0, seed=None, keeps=["Calc", "add"]
    )
    state = {"settings": RunSettings(model="scripted"), "requirement": scenarios.REQUIREMENT}
    problem = names_lacking(state, order, scenarios.GOOD_CALC)
    assert problem == "the project's other files import `Calc` from `calc.py`: define them"
    assert names_lacking(state, order, scenarios.GOOD_CALC + "\n\nclass Calc:\n    pass\n") is None


def test_in_a_file_the_requirement_names_its_names_bind_not_what_other_files_import() -> None:
    # the units run at e62faa0: asked for the `LengthConverter` of the SOP's main.py, five of
    # six candidates turned the required `convert` into that class's method
    order = CandidateOrder(
        index=1, origin="direct", path="calc.py", temperature=0.0, seed=None, keeps=["Calc"]
    )
    names = RequiredNames(modules=["calc.py"], functions={"add": "add(a: float, b: float) -> float"})
    state = {
        "settings": RunSettings(model="scripted"),
        "requirement": scenarios.REQUIREMENT,
        "acceptance": AcceptanceSuite(names=names),
    }
    assert names_lacking(state, order, scenarios.GOOD_CALC) is None
    wrapped = "class Calc:\n    def add(self, a: float, b: float) -> float:\n        return a + b\n"
    assert "define it as a module-level function" in (names_lacking(state, order, wrapped) or "")


def test_in_a_file_the_requirement_names_the_importers_names_are_asked_for_besides_its_functions() -> None:
    # tictactoe at e62faa0: told only "it must define `Game`", every candidate wrapped the
    # required module-level functions in that class and lost on the requirement's names
    names = RequiredNames(modules=["calc.py"], functions={"add": "add(a: float, b: float) -> float"})
    code = {
        "calc.py": CodeFile(path="calc.py", content=scenarios.GOOD_CALC),
        "main.py": CodeFile(path="main.py", content="from calc import Calc\n\nCalc().add(1, 2)\n"),
    }
    state = state_of(code, "add") | {
        "settings": RunSettings(model="scripted", candidates=3),
        "requirement": scenarios.REQUIREMENT,
        "acceptance": AcceptanceSuite(names=names, examples=[example("add")]),
    }
    orders = candidate_orders(cast(SopState, state))
    assert [order.named_by_requirement for order in orders] == [True, True]
    line = keeps_line(orders[0])
    assert "requirement's functions as plain module-level functions" in line
    assert "also define `Calc`" in line
    unnamed = orders[0].model_copy(update={"named_by_requirement": False})
    assert keeps_line(unnamed).endswith("so it must define `Calc`.")


def test_in_a_file_the_requirement_names_its_own_names_are_not_asked_for_again() -> None:
    # rpn, lru, inventory: main.py imports the very function or class the requirement states
    names = RequiredNames(modules=["calc.py"], functions={"add": "add(a: float, b: float) -> float"})
    state = state_of(files(calc=scenarios.GOOD_CALC, main=scenarios.MAIN), "add") | {
        "settings": RunSettings(model="scripted", candidates=3),
        "requirement": scenarios.REQUIREMENT,
        "acceptance": AcceptanceSuite(names=names, examples=[example("add")]),
    }
    (order, _) = candidate_orders(cast(SopState, state))
    assert order.keeps == [] and keeps_line(order) == ""
