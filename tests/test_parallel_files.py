"""Independent files in parallel (issue 23 part 4): waves by dependency, one ``Send`` per file."""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.messages import BaseMessage
from langchain_core.outputs import ChatResult
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from pydantic import Field

from benchmarks.scenarios import design, prd, script, tasks
from checkpoints.savers import open_saver
from checkpoints.serde import make_serializer
from graph.api import RunOutcome
from nodes.file_waves import dependencies, module_names, next_wave, waves
from nodes.parallel_files import engine_replica, file_dependencies
from state.artifacts import PRD, CodeDraft, CodeReview, LogicItem, SystemDesign, TaskPlan
from state.review import ReviewDecision
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import make_runner, run

# -- the wave rule, pure --------------------------------------------------------------------


def test_independent_files_share_a_wave_and_the_entry_point_goes_last_alone() -> None:
    order = ["store.py", "text.py", "main.py"]
    deps = dependencies(order, {"store.py": "keeps items", "text.py": "formats words", "main.py": "CLI"})
    assert deps == {"store.py": set(), "text.py": set(), "main.py": {"store.py", "text.py"}}
    assert waves(order, deps) == [["store.py", "text.py"], ["main.py"]]


def test_a_file_that_names_a_module_or_its_class_waits_for_it() -> None:
    order = ["models.py", "game.py", "render.py", "main.py"]
    descriptions = {
        "models.py": "Board class: cells and moves",
        "game.py": "Game: plays turns on a Board",  # a class of models.py
        "render.py": "draws via game.Game",  # a module name, followed by a dot
        "main.py": "starts everything",
    }
    deps = dependencies(order, descriptions, classes=["Board", "Game"])
    assert deps["models.py"] == set() and deps["game.py"] == {"models.py"}
    assert deps["render.py"] == {"game.py"}
    assert waves(order, deps) == [["models.py"], ["game.py"], ["render.py"], ["main.py"]]


def test_a_class_belongs_to_the_file_named_after_it() -> None:
    order = ["game_board.py", "player.py", "main.py"]
    descriptions = {"player.py": "moves on the GameBoard", "game_board.py": "the grid"}
    assert dependencies(order, descriptions, ["GameBoard"])["player.py"] == {"game_board.py"}
    assert module_names("pkg/calc.py") == {"pkg.calc", "calc"} and module_names("pkg/__init__.py") == {"pkg"}


def test_a_cycle_falls_back_to_the_task_list_order() -> None:
    order = ["b.py", "a.py", "c.py", "main.py"]
    descriptions = {"a.py": "calls b", "b.py": "calls a", "c.py": "alone"}
    deps = dependencies(order, descriptions)
    assert next_wave(order, deps) == ["c.py"]  # the one file outside the cycle first
    assert waves(order, deps) == [["c.py"], ["b.py"], ["a.py"], ["main.py"]]
    assert next_wave(["b.py", "a.py"], deps) == ["b.py"]  # none ready: the first in order, alone


def test_the_calculator_is_two_waves() -> None:
    state: Any = {"settings": RunSettings(), "design": design(), "tasks": tasks()}
    deps = file_dependencies(state)
    assert deps == {"calc.py": set(), "main.py": {"calc.py"}}
    assert waves(["calc.py", "main.py"], deps) == [["calc.py"], ["main.py"]]


def test_replicas_are_spread_within_the_models_own_block() -> None:
    class Local:
        replica = 0

    class Worker:
        replica = 1

    assert [engine_replica(Local(), slot, 2) for slot in range(3)] == [0, 1, 0]
    assert [engine_replica(Worker(), slot, 2) for slot in range(3)] == [2, 3, 2]
    assert engine_replica(Worker(), 5, 1) == 1 and engine_replica(object(), 0, 2) is None


# -- the graph -------------------------------------------------------------------------------


@pytest.fixture
def memory() -> InMemorySaver:
    return InMemorySaver(serde=make_serializer())


def history(saver: BaseCheckpointSaver[Any], outcome: RunOutcome) -> list[Any]:
    """The run's checkpoints, oldest first."""
    runner = make_runner(saver, ScriptedChatModel())
    return list(reversed(list(runner.graph.get_state_history(runner.config(outcome.thread_id)))))


def test_the_calculator_ends_as_the_serial_engineer_ends_it(memory: InMemorySaver) -> None:
    parallel, parallel_model = run(memory, script(buggy_first=True))
    serial, serial_model = run(
        InMemorySaver(serde=make_serializer()), script(buggy_first=True), parallel_files=False
    )
    assert parallel.status == serial.status == "succeeded"
    for channel in ("code", "tests", "reviews", "fix_plans", "qa_report"):
        assert parallel.values[channel] == serial.values[channel], channel
    published = [[(m.role, m.action, m.artifact) for m in o.values["messages"]] for o in (parallel, serial)]
    assert published[0] == published[1]
    assert parallel_model.calls == serial_model.calls
    steps = [s.next for s in history(memory, parallel)]
    assert steps.count(("write_file",)) == 2  # calc.py, then main.py: two waves of one


REQUIREMENT = "Make a tool that doubles a number and greets a person"
FILES = {
    "double.py": "def double(x: int) -> int:\n    return 2 * x\n",
    "greet.py": "def greet(name: str) -> str:\n    return 'hello ' + name\n",
    "main.py": (
        "from double import double\nfrom greet import greet\n\n\n"
        'if __name__ == "__main__":\n    print(greet("you"), double(2))\n'
    ),
}
NAMED = re.compile(r"file `([^`]+)`")


def three_files_design() -> SystemDesign:
    return SystemDesign(
        implementation_approach="Standard library only.",
        file_list=list(FILES),
        data_structures_and_interfaces="classDiagram\n    class double {\n        +double(x) int\n    }",
        program_call_flow="sequenceDiagram\n    main->>double: double(x)",
    )


def three_files_tasks() -> TaskPlan:
    return TaskPlan(
        logic_analysis=[
            LogicItem(file="double.py", description="double(x): twice x"),
            LogicItem(file="greet.py", description="greet(name): a greeting"),
            LogicItem(file="main.py", description="prints greet.greet and double.double"),
        ],
        task_list=list(FILES),
    )


def named_path(prompt: str) -> str:
    found = NAMED.search(prompt)
    assert found is not None
    return found[1]


def asked_path(messages: Sequence[BaseMessage]) -> str:
    return named_path(str(messages[-1].content))


class Drafts:
    """Answers each file's draft and review by the path its prompt names, whatever order the
    concurrent tasks ask in; ``slow`` files answer later, ``fail`` files raise (a crash)."""

    def __init__(self, slow: str | None = None, fail: str | None = None) -> None:
        self.slow, self.fail = slow, fail
        self.drafted: list[str] = []
        self.reviewed = threading.Event()

    def draft(self, name: str, messages: Sequence[BaseMessage]) -> CodeDraft:
        path = asked_path(messages)
        if path == self.slow:
            time.sleep(0.3)
        if path == self.fail:
            assert self.reviewed.wait(10)  # the other file of the wave has been reviewed
            time.sleep(0.5)  # ... and its task has returned: its writes are saved
            raise RuntimeError(f"scripted crash while writing {path}")
        self.drafted.append(path)
        return CodeDraft(content=FILES[path])

    def review(self, name: str, messages: Sequence[BaseMessage]) -> CodeReview:
        self.reviewed.set()
        return CodeReview(path=asked_path(messages), verdict="LGTM")

    def script(self) -> dict[str, Any]:
        project = prd().model_dump() | {"original_requirement": REQUIREMENT, "project_name": "greeter"}
        return {
            "PRD": [PRD.model_validate(project)],
            "SystemDesign": [three_files_design()],
            "TaskPlan": [three_files_tasks()],
            "CodeDraft": self.draft,
            "CodeReview": self.review,
        }


ROLES = ("product_manager", "architect", "project_manager", "engineer")


def start(saver: BaseCheckpointSaver[Any], model: ScriptedChatModel, **settings: Any) -> RunOutcome:
    return make_runner(saver, model).start(
        REQUIREMENT, RunSettings(model="scripted", roles=ROLES, candidates=1, **settings), thread_id="t"
    )


def test_two_independent_files_are_written_in_one_step(memory: InMemorySaver) -> None:
    drafts = Drafts(slow="double.py")  # the first in path order finishes last
    outcome = start(memory, ScriptedChatModel(script=drafts.script()))
    assert outcome.status == "succeeded"
    assert {p: f.content for p, f in outcome.values["code"].items()} == FILES
    assert drafts.drafted[-1] == "main.py" and sorted(drafts.drafted[:2]) == ["double.py", "greet.py"]
    waves_run = [s.next for s in history(memory, outcome) if "write_file" in s.next]
    assert waves_run == [("write_file", "write_file"), ("write_file",)]
    # reviews in path order within the wave, whichever task finished first
    assert [r.path for r in outcome.values["reviews"]] == ["double.py", "greet.py", "main.py"]
    assert outcome.values["engineer_queue"] == []

    serial = InMemorySaver(serde=make_serializer())
    alone = start(serial, ScriptedChatModel(script=Drafts().script()), parallel_files=False)
    assert alone.values["code"] == outcome.values["code"]
    assert [s.next for s in history(serial, alone)].count(("engineer",)) == 3
    assert not any("write_file" in s.next for s in history(serial, alone))


def test_a_later_wave_sees_the_earlier_files_and_a_wave_does_not_see_itself(memory: InMemorySaver) -> None:
    model = ScriptedChatModel(script=Drafts().script())
    start(memory, model)
    prompts = {named_path(p): p for p in model.prompts if "Write the complete content" in p}
    assert "def greet" not in prompts["double.py"] and "def double" not in prompts["greet.py"]
    assert "def greet" in prompts["main.py"] and "def double" in prompts["main.py"]


class ReplicaModel(ScriptedChatModel):
    """The scripted model with an engine ``replica`` field, noting which replica answered."""

    replica: int = 0
    answered_by: list[tuple[int, str]] = Field(default_factory=list)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        if "Write the complete content" in str(messages[-1].content):
            self.answered_by.append((self.replica, asked_path(messages)))
        return super()._generate(messages, stop, run_manager, **kwargs)


def test_a_wave_is_spread_over_the_engine_replicas(memory: InMemorySaver) -> None:
    model = ReplicaModel(script=Drafts().script())
    outcome = start(memory, model, engine_replicas=2)
    assert outcome.status == "succeeded"
    assert sorted(model.answered_by) == [(0, "double.py"), (0, "main.py"), (1, "greet.py")]
    assert model.replica == 0  # the run's own model is left as it was


def test_a_crash_during_a_wave_resumes_without_asking_again_for_finished_files(tmp_path: Path) -> None:
    store = f"sqlite:///{tmp_path / 'runs.db'}"
    crashing = Drafts(fail="greet.py")
    with open_saver(store) as saver, pytest.raises(RuntimeError, match="scripted crash"):
        start(saver, ScriptedChatModel(script=crashing.script()))
    assert crashing.drafted == ["double.py"]
    resumed_drafts = Drafts()
    resumed = ScriptedChatModel(script=resumed_drafts.script())
    with open_saver(store) as saver:
        outcome = make_runner(saver, resumed).resume("t")
    assert outcome.status == "succeeded"
    assert resumed_drafts.drafted == ["greet.py", "main.py"]  # double.py is not paid for again
    assert resumed.calls == ["CodeDraft", "CodeReview", "CodeDraft", "CodeReview"]
    assert {p: f.content for p, f in outcome.values["code"].items()} == FILES
    assert [r.path for r in outcome.values["reviews"]] == ["double.py", "greet.py", "main.py"]


def test_a_budget_stop_in_a_wave_resumes_at_the_engineer_with_the_files_left(memory: InMemorySaver) -> None:
    drafts = Drafts()
    model = ScriptedChatModel(script=drafts.script())
    outcome = start(memory, model, budget_tokens=3 * 150)  # PRD, design, tasks: both tasks stop
    assert outcome.status == "failed_budget" and outcome.values["failure"].node == "engineer"
    assert outcome.values["engineer_queue"] == list(FILES) and drafts.drafted == []
    resumed = make_runner(memory, model).resume(
        "t", settings=RunSettings(model="scripted", roles=ROLES, candidates=1)
    )
    assert resumed.status == "succeeded"
    assert {p: f.content for p, f in resumed.values["code"].items()} == FILES
    assert sorted(drafts.drafted) == sorted(FILES)  # every file drafted once, none twice


def test_feedback_at_the_code_gate_rewrites_every_file_in_waves(memory: InMemorySaver) -> None:
    drafts = Drafts()
    model = ScriptedChatModel(script=drafts.script())
    runner = make_runner(memory, model)
    paused = start(memory, model, review_gates=("code",))
    assert paused.review is not None and paused.review["gate"] == "code"
    feedback = ReviewDecision(action="feedback", text="say hello in French")
    again = runner.resume("t", decision=feedback)
    assert again.review is not None and again.review["gate"] == "code"  # the gate comes back
    assert sorted(drafts.drafted) == sorted([*FILES, *FILES])  # every file written twice
    redrafts = [p for p in model.prompts if "Write the complete content" in p][3:]
    assert len(redrafts) == 3 and all("say hello in French" in p for p in redrafts)
    done = runner.resume("t", decision=ReviewDecision(action="approve"))
    assert done.status == "succeeded" and done.values["feedback"] == {}
    assert [r.path for r in done.values["reviews"]] == ["double.py", "greet.py", "main.py"] * 2
