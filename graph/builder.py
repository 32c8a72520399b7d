"""Build and compile the SOP graph.

``build_graph()`` returns the uncompiled ``StateGraph``; ``compile_graph(checkpointer)``
compiles it. The module-level ``graph`` (compiled without a checkpointer) is what
``langgraph.json`` exports: the LangGraph server brings its own persistence.
"""

from __future__ import annotations

from langgraph.checkpoint.base import BaseCheckpointSaver
from langgraph.graph import END, START, StateGraph
from langgraph.graph.state import CompiledStateGraph

from graph import routing
from nodes.architect import architect
from nodes.candidates import write_candidate
from nodes.context import Context
from nodes.debug_fix import debug_fix
from nodes.engineer import engineer
from nodes.finalize import finalize
from nodes.human_review import human_review
from nodes.keep_better_code import keep_better_code
from nodes.parallel_files import write_file
from nodes.product_manager import product_manager
from nodes.project_manager import project_manager
from nodes.qa_engineer import qa_engineer
from nodes.read_requirement import read_requirement
from nodes.run_tests import run_tests
from nodes.select_code import select_code
from state.schema import InputState, OutputState, SopState

GRAPH_NAME = "sopgraph"


def build_graph() -> StateGraph[SopState, Context, InputState, OutputState]:
    """The SOP as a state machine: nodes are roles, edges are the waterfall and the test loop."""
    builder = StateGraph(SopState, context_schema=Context, input_schema=InputState, output_schema=OutputState)
    builder.add_node("read_requirement", read_requirement)
    builder.add_node("product_manager", product_manager)
    builder.add_node("architect", architect)
    builder.add_node("project_manager", project_manager)
    builder.add_node("engineer", engineer)
    builder.add_node("write_file", write_file)
    builder.add_node("write_candidate", write_candidate)
    builder.add_node("select_code", select_code)
    builder.add_node("human_review", human_review)
    builder.add_node("qa_engineer", qa_engineer)
    builder.add_node("run_tests", run_tests)
    builder.add_node("debug_fix", debug_fix)
    builder.add_node("keep_better_code", keep_better_code)
    builder.add_node("finalize", finalize)

    builder.add_edge(START, "read_requirement")
    builder.add_conditional_edges("read_requirement", routing.route_start)
    builder.add_conditional_edges("product_manager", routing.route_after_product_manager)
    builder.add_conditional_edges("architect", routing.route_after_architect)
    builder.add_conditional_edges("project_manager", routing.route_after_project_manager)
    builder.add_conditional_edges(
        "engineer",
        routing.route_after_engineer,
        [
            "engineer",
            "write_file",
            "write_candidate",
            "human_review",
            "qa_engineer",
            "select_code",
            "finalize",
        ],
    )
    builder.add_edge("write_file", "engineer")  # the wave is done: plan the next, or close the round
    builder.add_conditional_edges("write_candidate", routing.route_after_candidates)
    builder.add_conditional_edges("select_code", routing.route_after_selection)
    builder.add_conditional_edges("human_review", routing.route_after_review)
    builder.add_conditional_edges("qa_engineer", routing.route_after_qa)
    builder.add_conditional_edges("run_tests", routing.route_after_tests)
    builder.add_conditional_edges("debug_fix", routing.route_after_fix)
    builder.add_edge("keep_better_code", "finalize")
    builder.add_edge("finalize", END)
    return builder


def compile_graph(
    checkpointer: BaseCheckpointSaver | None = None,
) -> CompiledStateGraph[SopState, Context, InputState, OutputState]:
    """Compile with a checkpointer (required for review gates and resume)."""
    return build_graph().compile(checkpointer=checkpointer, name=GRAPH_NAME)


graph = compile_graph()
"""For ``langgraph dev`` / ``langgraph.json``: no checkpointer, the server provides one."""
