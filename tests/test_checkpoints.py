"""checkpoints/: opening stores, the allow-listed serializer, and reading runs back.

The graph tests drive a tiny real ``StateGraph`` over ``SopState`` (a product manager,
a review gate that calls ``interrupt()``, an architect) through every store the
``saver`` fixture provides, and resume it from a *second* saver opened on the same URL,
as ``sopgraph resume`` in another process would.
"""

from __future__ import annotations

import json
import logging
import operator
import os
import signal
import sqlite3
import subprocess
import sys
import warnings
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Annotated, Any

import pytest
from langgraph._internal._serde import collect_allowlist_from_schemas
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.serde.event_hooks import SerdeEvent, register_serde_event_listener
from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from langgraph.types import Command, Send, interrupt
from pydantic import BaseModel
from typing_extensions import TypedDict

from benchmarks import scenarios
from checkpoints import runs, threads
from checkpoints.savers import ENV_VAR, default_saver_url, open_saver
from checkpoints.serde import STATE_MODELS, allowed_types, make_serializer
from state.acceptance import AcceptanceExample, AcceptanceSuite, RequiredNames
from state.artifacts import (
    PRD,
    CodeFile,
    CodeReview,
    FixPlan,
    LogicItem,
    Publication,
    QAReport,
    SystemDesign,
    TaskPlan,
    TestOutcome,
    TestReport,
    TestSuite,
)
from state.candidates import Candidate, CandidateOrder, CandidateRun, Selection
from state.changes import ChangeRequest
from state.review import ReviewDecision, ReviewRecord
from state.schema import PendingReview, SopState
from state.settings import RunSettings
from state.usage import RunFailure, Usage

REPO = Path(__file__).resolve().parents[1]

# --- samples: one valid instance of every allow-listed model --------------------------

CODE = CodeFile(path="snake/game.py", content="def step():\n    return 1\n", attempt=1)
PRD_SAMPLE = scenarios.prd("snake")
DESIGN_SAMPLE = SystemDesign(
    implementation_approach="pygame loop",
    file_list=["snake/game.py"],
    data_structures_and_interfaces="classDiagram\n  class Game",
    program_call_flow="sequenceDiagram\n  Main->>Game: step",
)
OUTCOME = TestOutcome(nodeid="tests/test_game.py::test_step", outcome="failed", message="1 != 2")
EXAMPLE = AcceptanceExample(
    kind="arrow", function="f", check="assert _same(f(1), 1)", call="f(1)", quote="f(1) -> 1"
)
RUN = CandidateRun(index=1, trusted_passed=["tests/test_acceptance.py::test_example_1"])
SAMPLES: list[BaseModel] = [
    PRD_SAMPLE,
    PRD_SAMPLE.requirement_pool[0],
    DESIGN_SAMPLE,
    TaskPlan(
        required_packages=["pygame==2.6.1"],
        logic_analysis=[LogicItem(file="snake/game.py", description="Game loop")],
        task_list=["snake/game.py"],
    ),
    LogicItem(file="snake/game.py", description="Game loop"),
    CODE,
    CodeReview(path="snake/game.py", verdict="LBTM", comments=["no tests"]),
    TestReport(attempt=1, command=["pytest"], exit_status=1, failed=1, outcomes=[OUTCOME]),
    OUTCOME,
    FixPlan(diagnosis="off by one", files=[CODE]),
    TestSuite(files=[CodeFile(path="tests/test_game.py", content="def test_step(): ...")]),
    QAReport(verdict="failed", attempts=2, summary="1 failing"),
    Publication(role="Architect", action="WriteDesign", artifact="design", summary="pygame"),
    RunSettings(model="local:0.5b", review_gates=("design", "prd"), budget_usd=0.5),
    Usage(prompt_tokens=10, completion_tokens=5, calls=1, seconds=0.25, cost_usd=0.001),
    RunFailure(kind="invalid_output", node="architect", message="bad", field="file_list"),
    PendingReview(gate="prd", role="product_manager"),
    ReviewRecord(gate="prd", role="product_manager", action="feedback", text="shorter"),
    ReviewDecision(action="edit", artifact={"project_name": "snake2"}),
    AcceptanceSuite(examples=[EXAMPLE], names=RequiredNames(modules=["units.py"], functions={"f": "f(x)"})),
    EXAMPLE,
    RequiredNames(classes=["Account"]),
    Candidate(index=1, origin="direct", path="solution.py", content="def f(x):\n    return x\n"),
    CandidateOrder(index=2, origin="sample", path="solution.py", temperature=0.8, seed=2),
    Selection(path="solution.py", runs=[RUN], chosen=1, rule="trusted tests"),
    RUN,
    ChangeRequest(source_kind="thread", source="t1", passed_before=["tests/test_game.py::test_step"]),
]


class Foreign(BaseModel):
    """A model the allow-list does not name."""

    secret: str


def run_python(script: str, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a new interpreter at the repo root (a new process's view)."""
    done = subprocess.run(
        [sys.executable, "-c", script, *args],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


@pytest.fixture
def serde_events() -> Iterator[list[SerdeEvent]]:
    """Every allow-list event (unregistered, blocked) langgraph emits during the test."""
    events: list[SerdeEvent] = []
    unregister = register_serde_event_listener(events.append)
    yield events
    unregister()


# --- the tiny SOP graph -----------------------------------------------------------------


def product_manager(state: SopState) -> dict[str, Any]:
    feedback = (state.get("feedback") or {}).get("product_manager", "")
    goals = ["fun", feedback] if feedback else ["fun"]
    return {
        "prd": PRD_SAMPLE.model_copy(
            update={"original_requirement": state["requirement"], "product_goals": goals}
        ),
        "pending_review": PendingReview(gate="prd", role="product_manager"),
        "status": "awaiting_review",
        "messages": [Publication(role="ProductManager", action="WritePRD", artifact="prd", summary="PRD")],
        "usage": {"product_manager": Usage(prompt_tokens=3, completion_tokens=4, calls=1)},
    }


def review(state: SopState) -> dict[str, Any]:
    answer = ReviewDecision.model_validate(interrupt({"gate": "prd"}))
    update: dict[str, Any] = {
        "pending_review": None,
        "status": "running",
        "human_reviews": [
            ReviewRecord(gate="prd", role="product_manager", action=answer.action, text=answer.text or "")
        ],
    }
    if answer.action == "feedback":
        update["feedback"] = {"product_manager": answer.text or ""}
    return update


def after_review(state: SopState) -> str:
    return "product_manager" if state.get("feedback") and len(state["human_reviews"]) < 2 else ("architect")


def architect(state: SopState) -> dict[str, Any]:
    return {
        "design": DESIGN_SAMPLE,
        "code": {CODE.path: CODE},
        "reviews": [CodeReview(path=CODE.path, verdict="LGTM")],
        "test_reports": [TestReport(exit_status=0, passed=1, outcomes=[OUTCOME])],
        "qa_report": QAReport(verdict="passed", attempts=1),
        "status": "succeeded",
    }


def build_graph(saver: BaseCheckpointSaver[Any]) -> CompiledStateGraph[Any, Any, Any, Any]:
    builder: StateGraph[Any, Any, Any, Any] = StateGraph(SopState)
    builder.add_node("product_manager", product_manager)
    builder.add_node("review", review)
    builder.add_node("architect", architect)
    builder.add_edge(START, "product_manager")
    builder.add_edge("product_manager", "review")
    builder.add_conditional_edges("review", after_review, ["product_manager", "architect"])
    builder.add_edge("architect", END)
    return builder.compile(checkpointer=saver)


def config(thread_id: str) -> dict[str, Any]:
    return {"configurable": {"thread_id": thread_id}}


def start(saver: BaseCheckpointSaver[Any], thread_id: str, requirement: str) -> None:
    """Run to the review gate."""
    build_graph(saver).invoke(
        {"requirement": requirement, "settings": RunSettings(review_gates=("prd",))},
        config(thread_id),
    )


def approve(saver: BaseCheckpointSaver[Any], thread_id: str) -> dict[str, Any]:
    return build_graph(saver).invoke(Command(resume={"action": "approve"}), config(thread_id))


# --- open_saver -------------------------------------------------------------------------


def test_open_saver_opens_each_kind_with_the_project_serializer(saver_url: str) -> None:
    expected = {"memory": InMemorySaver, "sqlite": SqliteSaver}.get(saver_url.split(":")[0])
    with open_saver(saver_url) as saver:
        if expected is not None:
            assert isinstance(saver, expected)
        else:
            from langgraph.checkpoint.postgres import PostgresSaver

            assert isinstance(saver, PostgresSaver)
        # Ours blocks a foreign class; the library default would rebuild it.
        assert saver.serde.loads_typed(saver.serde.dumps_typed(Foreign(secret="x"))) == {"secret": "x"}
        assert saver.serde.loads_typed(saver.serde.dumps_typed(CODE)) == CODE
    if saver_url.startswith("postgresql://"):  # libpq's short scheme works too
        with open_saver(saver_url.replace("postgresql://", "postgres://", 1)) as saver:
            assert runs.list_runs(build_graph(saver)) == []


@pytest.mark.parametrize(
    "url",
    ["", "mysql://user:hunter2@db/prod", "sqlite://relative.db", "sqlite:///", "Memory"],
)
def test_open_saver_rejects_unknown_urls_in_one_line(url: str) -> None:
    with pytest.raises(ValueError) as raised, open_saver(url):
        pass
    message = str(raised.value)
    assert "\n" not in message
    assert "hunter2" not in message
    assert "sqlite:///" in message


def test_open_saver_names_the_extra_when_postgres_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setitem(sys.modules, "langgraph.checkpoint.postgres", None)
    with (
        pytest.raises(RuntimeError, match=r'pip install "sopgraph\[postgres\]"'),
        open_saver("postgresql://nobody@127.0.0.1:1/none"),
    ):
        pass


def test_sqlite_creates_parent_dirs_and_uses_wal(tmp_path: Path) -> None:
    db = tmp_path / "a" / "b" / "runs.db"
    with open_saver(f"sqlite:///{db}") as saver:
        assert isinstance(saver, SqliteSaver)
        assert saver.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.is_file()


def test_sqlite_relative_path_is_relative_to_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ValueError, match=r"sqlite:////rel/runs\.db"), open_saver("sqlite:///rel/runs.db"):
        pass  # refused: no ./rel/ made silently
    assert not (tmp_path / "rel").exists()
    (tmp_path / "rel").mkdir()
    with open_saver("sqlite:///rel/runs.db") as saver:
        start(saver, "t", "relative")
    with sqlite3.connect(tmp_path / "rel" / "runs.db") as conn:
        assert conn.execute("SELECT COUNT(DISTINCT thread_id) FROM checkpoints").fetchone() == (1,)
    with open_saver("sqlite:///:memory:") as saver:
        start(saver, "t", "in memory")
        assert runs.run_exists(saver, "t")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["rel"]


def test_default_saver_url_is_a_project_sqlite_file_unless_overridden(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    url = default_saver_url(tmp_path)
    assert url == f"sqlite:///{tmp_path.resolve()}/.sopgraph/checkpoints.db"
    with open_saver(url):
        pass
    assert (tmp_path / ".sopgraph" / "checkpoints.db").is_file()
    monkeypatch.setenv(ENV_VAR, "memory")
    assert default_saver_url(tmp_path) == "memory"


# --- serde ----------------------------------------------------------------------------


def test_samples_cover_the_allow_list() -> None:
    assert {type(sample) for sample in SAMPLES} == set(STATE_MODELS)


def test_allow_list_is_the_state_schema_plus_two_documented_extras() -> None:
    derived = collect_allowlist_from_schemas(schemas=[SopState])
    assert derived <= allowed_types(), "a state model is missing from checkpoints.serde"
    assert allowed_types() - derived == {
        ("state.artifacts", "TestSuite"),
        ("state.review", "ReviewDecision"),
        ("state.candidates", "CandidateOrder"),  # travels in a checkpointed Send packet
    }


@pytest.mark.parametrize("sample", SAMPLES, ids=lambda sample: type(sample).__name__)
def test_each_model_round_trips_as_itself_without_warnings(
    sample: BaseModel, serde_events: list[SerdeEvent], caplog: pytest.LogCaptureFixture
) -> None:
    serde = make_serializer()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loaded = serde.loads_typed(serde.dumps_typed({"value": sample, "nested": [sample]}))
    assert type(loaded["value"]) is type(sample)
    assert loaded == {"value": sample, "nested": [sample]}
    assert serde_events == []
    assert [r for r in caplog.records if r.levelno >= logging.WARNING] == []


def test_unlisted_model_is_blocked_and_comes_back_as_its_dict(
    serde_events: list[SerdeEvent],
) -> None:
    serde = make_serializer()
    loaded = serde.loads_typed(serde.dumps_typed(Foreign(secret="s")))
    assert loaded == {"secret": "s"}
    assert serde_events == [{"kind": "msgpack_blocked", "module": __name__, "name": "Foreign"}]


def test_library_default_would_warn_about_our_models(serde_events: list[SerdeEvent]) -> None:
    """Why the list exists: the permissive default rebuilds, but flags every state model."""
    permissive = JsonPlusSerializer(allowed_msgpack_modules=True)
    assert permissive.loads_typed(permissive.dumps_typed(CODE)) == CODE
    assert serde_events == [
        {"kind": "msgpack_unregistered_allowed", "module": "state.artifacts", "name": "CodeFile"}
    ]


STRICT_SCRIPT = """
import json, logging, sys
logging.basicConfig(level=logging.WARNING, format="LOG %(message)s")
from langgraph.checkpoint.serde._msgpack import STRICT_MSGPACK_ENABLED
from langgraph.checkpoint.serde.event_hooks import register_serde_event_listener
from checkpoints.runs import list_runs
from checkpoints.savers import open_saver
from tests.test_checkpoints import approve, build_graph, start
events = []
register_serde_event_listener(events.append)
with open_saver(sys.argv[1]) as saver:
    start(saver, "strict", "strict mode")
with open_saver(sys.argv[1]) as saver:  # no compiled graph: only our allow-list helps
    values = saver.get_tuple({"configurable": {"thread_id": "strict"}}).checkpoint["channel_values"]
    kinds = {key: type(values[key]).__name__ for key in ("prd", "settings", "pending_review")}
    status = list_runs(build_graph(saver))[0].status
    final = approve(saver, "strict")
print(json.dumps({"strict": STRICT_MSGPACK_ENABLED, "kinds": kinds, "status": status,
                  "final": final["status"], "design": type(final["design"]).__name__,
                  "events": events}))
"""


def test_strict_msgpack_mode_still_gives_models_back_silently(tmp_path: Path) -> None:
    """``LANGGRAPH_STRICT_MSGPACK`` is read at import, so this runs in a fresh process."""
    done = run_python(
        STRICT_SCRIPT,
        f"sqlite:///{tmp_path / 'strict.db'}",
        LANGGRAPH_STRICT_MSGPACK="true",
        PYTHONWARNINGS="error",
    )
    assert "LOG" not in done.stderr, done.stderr
    assert json.loads(done.stdout.splitlines()[-1]) == {
        "strict": True,
        "kinds": {"prd": "PRD", "settings": "RunSettings", "pending_review": "PendingReview"},
        "status": "awaiting_review",
        "final": "succeeded",
        "design": "SystemDesign",
        "events": [],
    }


# --- runs: list, history, delete, prune, resume from a second saver --------------------


def test_a_run_stopped_at_review_is_listed_and_resumed_from_a_second_saver(
    saver_url: str, serde_events: list[SerdeEvent]
) -> None:
    with open_saver(saver_url) as first:
        start(first, "run-1", "Write a snake game\nwith  arrow keys")
        [listed] = runs.list_runs(build_graph(first))
        assert (listed.thread_id, listed.status, listed.next, listed.interrupted) == (
            "run-1",
            "awaiting_review",
            ("review",),
            True,
        )
        assert listed.requirement == "Write a snake game with arrow keys"
        assert listed.checkpoints == len(list(first.list(config("run-1")))) == 3
    with open_saver(saver_url) as second:
        if saver_url == "memory":  # a new process sees none of the old one's memory
            assert runs.list_runs(build_graph(second)) == []
            assert not runs.run_exists(second, "run-1")
            return
        assert runs.run_exists(second, "run-1")
        final = approve(second, "run-1")
        assert final["status"] == "succeeded"
        assert isinstance(final["prd"], PRD) and isinstance(final["design"], SystemDesign)
        assert final["code"] == {CODE.path: CODE}
        assert final["usage"] == {"product_manager": Usage(prompt_tokens=3, completion_tokens=4, calls=1)}
        [done] = runs.list_runs(build_graph(second))
        assert (done.status, done.next, done.interrupted) == ("succeeded", (), False)
        assert done.checkpoints == 5
    assert serde_events == []


def test_history_says_which_node_made_each_checkpoint(saver: BaseCheckpointSaver[Any]) -> None:
    start(saver, "h", "history")
    graph = build_graph(saver)
    graph.invoke(Command(resume={"action": "feedback", "text": "faster"}), config("h"))
    approve(saver, "h")
    history = runs.run_history(graph, "h")
    assert [(c.step, c.source, c.nodes, c.next, c.status) for c in history] == [
        (-1, "input", (), ("__start__",), None),
        (0, "loop", ("__start__",), ("product_manager",), None),
        (1, "loop", ("product_manager",), ("review",), "awaiting_review"),
        (2, "loop", ("review",), ("product_manager",), "running"),
        (3, "loop", ("product_manager",), ("review",), "awaiting_review"),
        (4, "loop", ("review",), ("architect",), "running"),
        (5, "loop", ("architect",), (), "succeeded"),
    ]
    assert history[2].updated == ("messages", "pending_review", "prd", "status", "usage")
    assert [c.parent_id for c in history[1:]] == [c.checkpoint_id for c in history[:-1]]
    assert history[0].parent_id is None
    assert history[-1].created_at >= history[0].created_at
    assert runs.run_history(graph, "nobody") == []
    # An update names no node (LangGraph's history does not say which it was written as).
    graph.update_state(config("h"), {"status": "edited"}, as_node="architect")
    edited = runs.run_history(graph, "h")[-1]
    assert (edited.source, edited.nodes, edited.updated, edited.status) == ("update", (), (), "edited")


class FanState(TypedDict, total=False):
    items: list[str]
    done: Annotated[list[str], operator.add]


def test_next_nodes_of_sends_a_join_and_an_interrupted_gate(saver: BaseCheckpointSaver[Any]) -> None:
    """``next`` is the graph's own (``get_state``): one ``work`` per ``Send`` packet, the
    join once both its sources wrote, the node stopped at ``interrupt()``, nothing at the end."""

    def fan_out(state: FanState) -> list[Send]:
        return [Send("work", {"items": [item]}) for item in state["items"]]

    def work(state: FanState) -> dict[str, Any]:
        return {"done": state["items"]}

    def gate(state: FanState) -> dict[str, Any]:
        return {"done": [str(interrupt("ok?"))]}

    builder: StateGraph[Any, Any, Any, Any] = StateGraph(FanState)
    for name, node in (
        ("a", lambda s: {}),
        ("b", lambda s: {}),
        ("work", work),
        ("join", lambda s: {}),
        ("gate", gate),
    ):
        builder.add_node(name, node)
    builder.add_edge(START, "a")
    builder.add_edge(START, "b")
    builder.add_conditional_edges("a", fan_out, ["work"])
    builder.add_edge(["work", "b"], "join")
    builder.add_edge("join", "gate")
    builder.add_edge("gate", END)
    graph = builder.compile(checkpointer=saver, interrupt_before=["work", "join"])

    def listed() -> tuple[tuple[str, ...], bool]:
        [run] = runs.list_runs(graph)
        return run.next, run.interrupted

    graph.invoke({"items": ["x", "y"]}, config("fan"))
    assert listed() == (("work", "work"), False)
    graph.invoke(None, config("fan"))
    assert listed() == (("join",), False)
    graph.invoke(None, config("fan"))
    assert listed() == (("gate",), True)
    graph.invoke(Command(resume="yes"), config("fan"))
    assert listed() == ((), False)
    history = runs.run_history(graph, "fan")
    assert [c.nodes for c in history] == [(), ("__start__",), ("a", "b"), ("work",), ("join",), ("gate",)]
    assert [c.next for c in history] == [
        ("__start__",),
        ("a", "b"),
        ("work", "work"),
        ("join",),
        ("gate",),
        (),
    ]


KILLED_SCRIPT = """
import os, signal, sys
from langgraph.types import Command
from checkpoints.savers import open_saver
import tests.test_checkpoints as t
def die(state):
    os.kill(os.getpid(), signal.SIGKILL)
t.architect = die  # build_graph reads the module's architect when it is called
with open_saver(sys.argv[1]) as saver:  # "sync": the review's step is saved before architect starts
    answer = Command(resume={"action": "approve"})
    t.build_graph(saver).invoke(answer, t.config(sys.argv[2]), durability="sync")
"""


def test_a_sqlite_store_lists_and_prunes_a_finished_a_waiting_and_a_killed_run(tmp_path: Path) -> None:
    """The store as ``sopgraph runs`` meets it: a new process, a real file, one run killed
    by SIGKILL inside a node (its ``next`` is that node, it is not interrupted)."""
    url = f"sqlite:///{tmp_path / 'runs.db'}"
    with open_saver(url) as saver:
        for thread_id in ("done", "waiting", "killed"):
            start(saver, thread_id, f"requirement of {thread_id}")
        approve(saver, "done")
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_SCRIPT, url, "killed"], cwd=REPO, capture_output=True, timeout=120
    )
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    with open_saver(url) as saver:
        listed = runs.list_runs(build_graph(saver))
        assert [(r.thread_id, r.status, r.next, r.interrupted) for r in listed] == [
            ("killed", "running", ("architect",), False),
            ("done", "succeeded", (), False),
            ("waiting", "awaiting_review", ("review",), True),
        ]
        assert runs.prune_runs(saver, statuses={"running", "succeeded"}) == ["killed", "done"]
        assert [r.thread_id for r in runs.list_runs(build_graph(saver))] == ["waiting"]


def _seed(saver: BaseCheckpointSaver[Any], finished: int, waiting: int) -> list[str]:
    """Start ``finished + waiting`` runs, approve the first ``finished``; ids oldest first."""
    ids = [f"t{i:03d}" for i in range(finished + waiting)]
    for thread_id in ids:
        start(saver, thread_id, f"requirement {thread_id} " + "word " * 30)
    for thread_id in ids[:finished]:
        approve(saver, thread_id)
    return ids


def test_list_runs_newest_first_with_counts(saver: BaseCheckpointSaver[Any]) -> None:
    ids = _seed(saver, finished=2, waiting=2)
    listed = runs.list_runs(build_graph(saver))
    # The approved runs were written last, so they lead.
    assert [r.thread_id for r in listed] == [ids[1], ids[0], ids[3], ids[2]]
    assert [r.status for r in listed] == ["succeeded"] * 2 + ["awaiting_review"] * 2
    assert [r.checkpoints for r in listed] == [5, 5, 3, 3]
    assert all(len(r.requirement) == runs.REQUIREMENT_WIDTH for r in listed)
    assert listed[0].requirement.endswith("…")
    assert listed[0].updated_at.tzinfo is not None


def test_fast_thread_count_agrees_with_the_portable_scan(saver: BaseCheckpointSaver[Any]) -> None:
    _seed(saver, finished=1, waiting=2)
    counts = threads.count_checkpoints(saver)
    assert counts is not None, "every saver open_saver makes has a cheap count"
    scanned = threads._scan(saver)
    assert counts == scanned.counts == {"t000": 5, "t001": 3, "t002": 3}
    for thread_id, latest in scanned.latest.items():
        fetched = saver.get_tuple(threads.thread_config(thread_id))
        assert fetched is not None and fetched.checkpoint["id"] == latest.checkpoint["id"]


def test_delete_run_removes_one_thread_only(saver: BaseCheckpointSaver[Any]) -> None:
    _seed(saver, finished=1, waiting=1)
    assert runs.delete_run(saver, "t000") is True
    assert not runs.run_exists(saver, "t000")
    assert list(saver.list(config("t000"))) == []
    assert runs.delete_run(saver, "t000") is False
    assert [r.thread_id for r in runs.list_runs(build_graph(saver))] == ["t001"]


def test_prune_runs_filters_combine(saver: BaseCheckpointSaver[Any]) -> None:
    ids = _seed(saver, finished=3, waiting=2)  # newest first: t002 t001 t000 t004 t003
    with pytest.raises(ValueError, match="needs"):
        runs.prune_runs(saver)
    assert runs.prune_runs(saver, keep_last=2, dry_run=True) == [ids[0], ids[4], ids[3]]
    assert len(runs.list_runs(build_graph(saver))) == 5, "dry run deleted something"
    assert runs.prune_runs(saver, statuses={"succeeded"}, keep_last=1) == [ids[1], ids[0]]
    assert runs.prune_runs(saver, older_than=timedelta(hours=1)) == []
    later = datetime.now(UTC) + timedelta(days=2)
    assert runs.prune_runs(saver, older_than=timedelta(days=1), statuses=["awaiting_review"], now=later) == [
        ids[4],
        ids[3],
    ]
    assert [r.thread_id for r in runs.list_runs(build_graph(saver))] == [ids[2]]
    assert runs.prune_runs(saver, statuses=()) == []


@pytest.mark.parametrize(
    "saver_url", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)], indirect=True
)
def test_a_second_process_resumes_the_run(saver_url: str) -> None:
    """The real thing: ``sopgraph resume`` is another process with its own saver (so not
    ``memory``, which dies with its process)."""
    with open_saver(saver_url) as saver:
        start(saver, "proc", "resume me elsewhere")
    script = (
        "import sys\n"
        "from checkpoints.savers import open_saver\n"
        "from tests.test_checkpoints import approve\n"
        "with open_saver(sys.argv[1]) as saver:\n"
        "    print(approve(saver, 'proc')['qa_report'].verdict)\n"
    )
    assert run_python(script, saver_url).stdout.strip() == "passed"
    with open_saver(saver_url) as saver:
        [run] = runs.list_runs(build_graph(saver))
        assert (run.status, run.checkpoints) == ("succeeded", 5)
