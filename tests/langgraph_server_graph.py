"""The SOP graph as ``langgraph dev`` loads it, answered by the scripted model.

Loaded by the server process (a test's ``langgraph.json`` names ``server_graph``): the spec
``scripted`` builds the scripted calculator run instead of a real model, everything else is
the project's own graph factory (``graph.server.make_graph``).
"""

from __future__ import annotations

from typing import Any

import nodes.context
from benchmarks.scenarios import script
from graph.server import make_graph
from tests.fakes import ScriptedChatModel

_real = nodes.context.model_from_spec
_scripted = ScriptedChatModel(script=script())


def _model_from_spec(spec: str, temperature: float, seed: int | None) -> Any:
    return _scripted if spec == "scripted" else _real(spec, temperature, seed)


nodes.context.model_from_spec = _model_from_spec  # type: ignore[assignment]
server_graph = make_graph
