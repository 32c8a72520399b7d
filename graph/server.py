"""The SOP graph for the LangGraph server (``langgraph dev``, ``langgraph.json``).

The server compiles nothing itself: it takes ``graph.builder.graph`` and swaps in its own
checkpointer (``graph.copy(update={"checkpointer": ...})``), so the msgpack allow-list that
``StateGraph.compile`` puts on a checkpointer under ``LANGGRAPH_STRICT_MSGPACK=true`` never
reaches it. The server's serializer then *blocks* sopgraph's models (``RunSettings``,
``PRD``, ``Publication``, ``PendingReview``, ``Usage``): they come back as dicts, and after a
review ``approve`` the run stays at ``human_review``. ``make_graph`` is a graph factory
(the server calls it with the run's config, whose ``configurable`` carries the server's
checkpointer) that extends that checkpointer's serializer with the state's models
(``checkpoints.serde.STATE_MODELS``), so they round-trip as models in strict mode too.
"""

from __future__ import annotations

from typing import Any

from langchain_core.runnables import RunnableConfig
from langgraph.checkpoint.base import BaseCheckpointSaver

from checkpoints.serde import STATE_MODELS
from graph.builder import graph

CHECKPOINTER_KEY = "__pregel_checkpointer"
"""``langgraph._internal._constants.CONFIG_KEY_CHECKPOINTER``: where the server puts its
checkpointer in the config it hands a graph factory."""


def allow_state_models(checkpointer: Any) -> None:
    """Let ``checkpointer``'s serializer rebuild sopgraph's state models (once; in place,
    since the server hands the same checkpointer to the graph it copies afterwards)."""
    if not isinstance(checkpointer, BaseCheckpointSaver):
        return
    serde: Any = checkpointer.serde
    inner = getattr(serde, "serde", serde)  # BaseCheckpointSaver wraps untyped serializers
    extend = getattr(inner, "with_msgpack_allowlist", None)
    if extend is None or getattr(inner, "_sopgraph_models", False):
        return
    extended = extend(STATE_MODELS)
    extended._sopgraph_models = True
    checkpointer.serde = extended


def make_graph(config: RunnableConfig) -> Any:
    """``langgraph.json``'s graph: the compiled SOP graph, the server's store made to know it."""
    allow_state_models((config.get("configurable") or {}).get(CHECKPOINTER_KEY))
    return graph
