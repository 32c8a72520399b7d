"""The same SOP as a bare LangGraph graph: the baseline sopgraph's overhead is a ratio to.

Same topology (PM -> Architect -> ProjectManager -> Engineer per file -> QA -> tests ->
fix loop -> finalize), same scripted model answers asked for the same way (structured output
for the documents and reviews; plain text and the same parser for code, tests and fixes,
as sopgraph's ``ask`` and ``ask_text`` do), same stand-in test verdicts. Left out is what
sopgraph adds: the role wrapper (ledger, budget and context checks, repair loop, timing),
prompt rendering with budgets, pydantic artifacts in state, the publication log, review
routing, finalize's QA report, and the allow-listed serializer (LangGraph's default
serializer is used on plain dicts).
"""

from __future__ import annotations

import json
import operator
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from functools import partial
from typing import Annotated, Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.checkpoint.memory import InMemorySaver
from langgraph.checkpoint.sqlite import SqliteSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph
from pydantic import BaseModel
from typing_extensions import TypedDict

from benchmarks.scripted import stand_in_report
from state.artifacts import (
    PRD,
    CodeDraft,
    CodeReview,
    FixPlan,
    SystemDesign,
    TaskPlan,
    TestSuite,
    code_from_reply,
    fix_plan_from_reply,
    suite_from_reply,
)
from state.example_reader import acceptance_examples
from state.required_names import required_names

ModelT = TypeVar("ModelT", bound=BaseModel)


def _merge(left: dict[str, str] | None, right: dict[str, str] | None) -> dict[str, str]:
    return {**(left or {}), **(right or {})}


class BareState(TypedDict, total=False):
    requirement: str
    prd: dict[str, Any]
    design: dict[str, Any]
    tasks: dict[str, Any]
    queue: list[str] | None
    code: Annotated[dict[str, str], _merge]
    tests: Annotated[dict[str, str], _merge]
    reports: Annotated[list[dict[str, Any]], operator.add]
    fixes: Annotated[list[dict[str, Any]], operator.add]
    status: str


def _messages(schema: type[BaseModel], inputs: dict[str, Any]) -> list[BaseMessage]:
    prompt = json.dumps(inputs, default=str) + f"\nAnswer with a {schema.__name__}."
    return [SystemMessage("You are a software engineer."), HumanMessage(prompt)]


def _tag(schema: type[BaseModel]) -> RunnableConfig:
    """The metadata the scripted model answers by (what sopgraph's calls carry too)."""
    return {"metadata": {"sopgraph_schema": schema.__name__}}


def _ask(model: BaseChatModel, schema: type[ModelT], inputs: dict[str, Any]) -> ModelT:
    """Structured output, as sopgraph asks for documents and reviews."""
    structured = model.with_structured_output(schema, include_raw=True)
    result: Any = structured.invoke(_messages(schema, inputs), config=_tag(schema))
    parsed = result["parsed"]
    if not isinstance(parsed, schema):
        raise ValueError(f"invalid {schema.__name__}: {result.get('parsing_error')}")
    return parsed


def _ask_text(
    model: BaseChatModel, schema: type[BaseModel], inputs: dict[str, Any], parse: Callable[[str], ModelT]
) -> ModelT:
    """Plain text and a parser, as sopgraph asks for whole files (code, tests, fixes)."""
    reply = model.invoke(_messages(schema, inputs), config=_tag(schema))
    return parse(str(reply.content))


def bare_graph(
    model: BaseChatModel, checkpointer: BaseCheckpointSaver[Any] | None, fix_rounds: int
) -> CompiledStateGraph[Any, Any, Any, Any]:
    """Compile the bare SOP graph around ``model`` (held in a closure, not a runtime context)."""

    def product_manager(state: BareState) -> dict[str, Any]:
        return {"prd": _ask(model, PRD, {"requirement": state["requirement"]}).model_dump()}

    def architect(state: BareState) -> dict[str, Any]:
        return {"design": _ask(model, SystemDesign, {"prd": state["prd"]}).model_dump()}

    def project_manager(state: BareState) -> dict[str, Any]:
        return {"tasks": _ask(model, TaskPlan, {"design": state["design"]}).model_dump()}

    def engineer(state: BareState) -> dict[str, Any]:
        queue = state.get("queue")
        if queue is None:
            queue = list(state["tasks"]["task_list"])
        path = queue[0]
        draft = _ask_text(model, CodeDraft, {"design": state["design"], "path": path}, code_from_reply)
        _ask(model, CodeReview, {"path": path, "content": draft.content})
        return {"code": {path: draft.content}, "queue": queue[1:]}

    def qa_engineer(state: BareState) -> dict[str, Any]:
        parse = partial(suite_from_reply, path="tests/test_project.py")
        suite = _ask_text(model, TestSuite, {"code": state["code"]}, parse)
        return {"tests": {f.path: f.content for f in suite.files}}

    def run_tests(state: BareState) -> dict[str, Any]:
        reports = state.get("reports") or []
        report = stand_in_report(len(reports), len(state.get("fixes") or []), fix_rounds)
        return {"reports": [report.model_dump()]}

    def debug_fix(state: BareState) -> dict[str, Any]:
        parse = partial(fix_plan_from_reply, default_path=next(iter(state["code"]), None))
        plan = _ask_text(model, FixPlan, {"code": state["code"], "report": state["reports"][-1]}, parse)
        return {"code": {f.path: f.content for f in plan.files}, "fixes": [plan.model_dump()]}

    def finalize(state: BareState) -> dict[str, Any]:
        last = state["reports"][-1]
        return {"status": "succeeded" if last["exit_status"] == 0 else "failed_tests"}

    def after_engineer(state: BareState) -> str:
        return "engineer" if state.get("queue") else "qa_engineer"

    def after_tests(state: BareState) -> str:
        green = state["reports"][-1]["exit_status"] == 0
        return "finalize" if green or len(state.get("fixes") or []) >= fix_rounds else "debug_fix"

    def read_requirement(state: BareState) -> dict[str, Any]:
        """The requirement's examples and names, read as sopgraph's first step reads them."""
        acceptance_examples(state["requirement"])
        required_names(state["requirement"])
        return {}

    builder = StateGraph(BareState)
    for node in (
        read_requirement,
        product_manager,
        architect,
        project_manager,
        engineer,
        qa_engineer,
        run_tests,
        debug_fix,
    ):
        builder.add_node(node.__name__, node)
    builder.add_node("finalize", finalize)
    builder.add_edge(START, "read_requirement")
    builder.add_edge("read_requirement", "product_manager")
    builder.add_edge("product_manager", "architect")
    builder.add_edge("architect", "project_manager")
    builder.add_edge("project_manager", "engineer")
    builder.add_conditional_edges("engineer", after_engineer, ["engineer", "qa_engineer"])
    builder.add_edge("qa_engineer", "run_tests")
    builder.add_conditional_edges("run_tests", after_tests, ["finalize", "debug_fix"])
    builder.add_edge("debug_fix", "run_tests")
    builder.add_edge("finalize", END)
    return builder.compile(checkpointer=checkpointer)


@contextmanager
def open_plain_saver(url: str) -> Iterator[BaseCheckpointSaver[Any]]:
    """The same stores as ``open_saver`` but with LangGraph's default serializer."""
    if url == "memory":
        yield InMemorySaver()
    elif url.startswith("sqlite:///"):
        conn = sqlite3.connect(url[len("sqlite:///") :], check_same_thread=False)
        with closing(conn):
            conn.execute("PRAGMA journal_mode=WAL")
            saver = SqliteSaver(conn)
            saver.setup()
            yield saver
    else:
        from langgraph.checkpoint.postgres import PostgresSaver

        with PostgresSaver.from_conn_string(url) as pg:
            pg.setup()
            yield pg
