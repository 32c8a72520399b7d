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

An allowed model whose stored fields fail validation is *not* refused by langgraph: it is
rebuilt with ``model_construct``, which skips every validator (a ``PRD`` whose
``project_name`` is ``/usr/lib/python3/site-packages``, ``RunSettings`` with
``max_retries=10**9``). A checkpoint store is only as trusted as whoever can write the file,
so :class:`ValidatingSerializer` validates every state model again after ``loads_typed``
and refuses the whole value with :class:`TamperedCheckpoint` if one fails.
"""

from __future__ import annotations

from typing import Any

from langgraph.checkpoint.serde.jsonplus import JsonPlusSerializer
from pydantic import BaseModel, ValidationError

from state import acceptance, artifacts, candidates, changes, review, schema, settings, usage
from state.errors import RunRequestError

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
    changes.ChangeRequest,
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


class TamperedCheckpoint(RunRequestError):
    """A stored state model failed validation on load: the thread is refused, not repaired.

    A ``RunRequestError``, so every entry point that reads a thread (``snapshot``,
    ``resume``, ``export``) turns it into one line before anything is written from it.
    """


_CHECKED = frozenset(STATE_MODELS)


def _first_error(error: Exception) -> str:
    if isinstance(error, ValidationError) and error.errors():
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "(model)"
        return " ".join(f"{where}: {first['msg']}".split())
    return " ".join(f"{type(error).__name__}: {error}".split())[:200]


def _revalidated(value: Any, where: str) -> Any:
    """``value`` with every state model rebuilt by ``model_validate`` (deepest first is not
    needed: validating a model validates the models it holds)."""
    if type(value) in _CHECKED:
        model = type(value)
        try:
            return model.model_validate(value.model_dump(warnings=False))
        except Exception as error:  # any failure, even a dump of garbage, is a refusal
            raise TamperedCheckpoint(
                f"checkpoint refused: {where} holds an invalid {model.__name__} "
                f"({_first_error(error)}); the stored state was altered or corrupted"
            ) from None
    if isinstance(value, dict):
        return {k: _revalidated(v, _child(where, k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_revalidated(v, where) for v in value]
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(_revalidated(v, where) for v in value)
    return value


def _child(where: str, key: Any) -> str:
    """Name a checkpoint's channel (``channel 'prd'``), not the msgpack layout around it."""
    if where == "a checkpoint" and key == "channel_values":
        return "channel_values"
    if where == "channel_values":
        return f"channel {key!r}"
    return where


class ValidatingSerializer(JsonPlusSerializer):
    """``JsonPlusSerializer`` whose ``loads_typed`` validates every state model it rebuilt.

    A subclass rather than a wrapper so that langgraph's ``with_msgpack_allowlist`` (called
    by ``StateGraph.compile``, which ``copy.copy``-s the serializer) keeps the validation.
    """

    def loads_typed(self, data: tuple[str, bytes]) -> Any:
        value = super().loads_typed(data)
        where = "a checkpoint" if isinstance(value, dict) and "channel_values" in value else "a stored value"
        return _revalidated(value, where)


def make_serializer() -> JsonPlusSerializer:
    """A serializer that rebuilds exactly the state's models, validated, and blocks any other
    class.

    ``pickle_fallback`` stays off (a checkpoint must never execute arbitrary code on load),
    and so does the legacy JSON constructor format, which sopgraph never wrote.
    """
    return ValidatingSerializer(allowed_msgpack_modules=STATE_MODELS)


__all__ = ["STATE_MODELS", "TamperedCheckpoint", "ValidatingSerializer", "allowed_types", "make_serializer"]
