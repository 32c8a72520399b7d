"""The checkpoint serializer: msgpack with an explicit allow-list of the state's models.

langgraph-checkpoint 4.3 stores pydantic models as msgpack extension records naming the
class (``module``, ``name``) and rebuilds them on load only if the pair is allowed:

* ``allowed_msgpack_modules`` left unset and ``LANGGRAPH_STRICT_MSGPACK`` off: every class
  is imported and rebuilt, with a "Deserializing unregistered type" warning per class
  (logged through ``logging``, and sent as a ``msgpack_unregistered_allowed`` serde event);
  a future release will block them.
* ``LANGGRAPH_STRICT_MSGPACK=true``: only langgraph's built-in ``SAFE_MSGPACK_TYPES``.
  ``StateGraph.compile`` then adds the classes it finds in the graph's schemas, but a
  saver used *without* a compiled graph (``sopgraph runs``, ``checkpoints.runs``) gets
  no such help and would hand back plain dicts.
* An explicit collection of classes or ``(module, name)`` pairs: those plus the safe
  types; anything else is *blocked*: the model comes back as its ``model_dump()`` dict,
  with a "Blocked deserialization" warning and a ``msgpack_blocked`` serde event.

So every saver sopgraph opens gets :func:`make_serializer`, whose list is exactly the
models ``state`` keeps in the graph state: models come back as models, silently, in both
modes and with or without a compiled graph, and nothing else is ever imported on load.
"""

from __future__ import annotations

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from pydantic import BaseModel

from state import acceptance, artifacts, candidates, review, schema, settings, usage

STATE_MODELS: tuple[type[BaseModel], ...] = (
    artifacts.PRD,
    artifacts.RequirementItem,
    artifacts.SystemDesign,
    artifacts.TaskPlan,
    artifacts.LogicItem,
    artifacts.CodeFile,
    artifacts.CodeReview,
    artifacts.TestReport,
    artifacts.TestOutcome,
    artifacts.FixPlan,
    artifacts.TestSuite,
    artifacts.QAReport,
    artifacts.Publication,
    acceptance.AcceptanceSuite,
    acceptance.AcceptanceExample,
    acceptance.RequiredNames,
    candidates.Candidate,
    candidates.CandidateOrder,
    candidates.CandidateRun,
    candidates.Selection,
    settings.RunSettings,
    usage.Usage,
    usage.RunFailure,
    schema.PendingReview,
    review.ReviewRecord,
    review.ReviewDecision,
)
"""Every pydantic model the graph state may hold, at any depth: the msgpack allow-list.

Nested models (``PRD.requirement_pool``) are rebuilt by pydantic validation of their
parent, but they are listed too so that a node may also store one on its own. Two are
not the type of any ``SopState`` key yet may be checkpointed: ``ReviewDecision``, the
resume value a reviewer sends (``Command(resume=...)`` is kept in the pending writes),
and ``TestSuite``, QA's output, should a node hand it on. A model added to the state must
be added here: ``tests/test_checkpoints.py`` compares this list with the one langgraph
derives from ``SopState``.
"""


def allowed_types() -> frozenset[tuple[str, str]]:
    """The allow-list as langgraph keys it: ``(module, class name)`` pairs."""
    return frozenset((model.__module__, model.__name__) for model in STATE_MODELS)


def make_serializer() -> JsonPlusSerializer:
    """A serializer that rebuilds exactly the state's models and blocks any other class.

    ``pickle_fallback`` stays off (a checkpoint must never execute arbitrary code on load),
    and so does the legacy JSON constructor format, which sopgraph never wrote.
    """
    return JsonPlusSerializer(allowed_msgpack_modules=STATE_MODELS)


__all__ = ["STATE_MODELS", "allowed_types", "make_serializer"]
