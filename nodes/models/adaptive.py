"""Structured output that adapts to the endpoint: try the best method, fall back, remember.

Why: LangChain asks an OpenAI model for structured output with ``response_format`` of type
``json_schema``. OpenAI, vLLM, Ollama and llama.cpp's C++ server take that; llama-cpp-python's
server answers HTTP 500 ("Input should be 'text' or 'json_object'"), LM Studio is reported
to refuse ``json_object`` instead, and a server may also *accept* a method and ignore its
schema (``json_object`` without a grammar answers ``{"message": "Hello"}``). No one method
works everywhere, and a user should not have to know which one their server speaks.

So each remote endpoint is probed once, before the run, with a tiny schema its reply can
only match if the schema was enforced (``SchemaProbe``; the prompt does not describe it).
Methods are tried in order; a method is passed over when the server refuses it (an HTTP
4xx/5xx other than auth, not-found and rate limits, which are the user's to fix) or when
the probe's reply ignores the schema. The method that worked is recorded per endpoint in
``RunSettings.structured_methods`` (checkpointed, so a resume in another process asks the
same way) and named in one line. An explicit method (``--structured-method`` or
``$SOPGRAPH_STRUCTURED_METHOD``) skips the probe.

Methods (``state.settings.StructuredMethod``):
- ``default``: the provider's own ``with_structured_output`` (non-OpenAI providers),
- ``json_schema``, ``function_calling``: LangChain's methods by name,
- ``json_mode``: ``{"type": "json_object"}`` with the schema in the prompt (OpenAI-style),
- ``json_object_schema``: ``{"type": "json_object", "schema": ...}``, which llama.cpp's
  servers compile into a grammar (what the embedded model uses in-process),
- ``prompt``: the schema in the prompt, the reply parsed as text; it needs no server
  feature, so it comes last, and the repair loop (``nodes/llm.py``) handles what fails.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, cast, get_args

from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import BaseMessage, HumanMessage, convert_to_messages
from langchain_core.prompt_values import PromptValue
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import BaseModel, ValidationError

from nodes.models.failures import ModelUnavailable, classify
from nodes.models.structured import grammar_response_format, structured_runnable
from state.settings import RunSettings, StructuredMethod

log = logging.getLogger(__name__)

ENV_VAR = "SOPGRAPH_STRUCTURED_METHOD"
METHODS: tuple[StructuredMethod, ...] = get_args(StructuredMethod)

OPENAI_ORDER: tuple[StructuredMethod, ...] = (
    "json_schema",
    "json_object_schema",
    "function_calling",
    "prompt",
)
"""For OpenAI-compatible endpoints. ``json_schema`` first: it is OpenAI's own and what most
servers take. Then ``json_object_schema`` before ``function_calling``: both are grammars on
llama-cpp-python's server and both gave a valid PRD with the 0.5B, but function calling
puts the tool's schema into the prompt (the PRD's 388 prompt tokens became 1,028), skipped
the optional fields, and was slower (README, "Bring your own model"). ``prompt`` last: it
works anywhere, unconstrained."""

OTHER_ORDER: tuple[StructuredMethod, ...] = ("default", "function_calling", "prompt")
"""For other providers (Anthropic, Ollama's native API, Google...): their own default first."""

PROBE_PROMPT = "Say hello."
PROBE_MAX_TOKENS = 128

PROMPT_TEMPLATE = """\

Answer with one JSON object that matches this JSON schema, and nothing else (no prose, no code fence):
{schema}"""


class SchemaProbe(BaseModel):
    """A reply only a model that was *given* this schema writes to "Say hello."."""

    colour: Literal["red", "green", "blue"]
    count: int


class StructuredMethodError(ValueError):
    """An unknown method name given by the user; the message is one line."""


def explicit_method(option: str | None = None) -> StructuredMethod | None:
    """The method the user chose: ``option`` (the CLI's), else ``$SOPGRAPH_STRUCTURED_METHOD``."""
    chosen = (option if option is not None else os.environ.get(ENV_VAR, "")).strip()
    if not chosen:
        return None
    if chosen not in METHODS:
        raise StructuredMethodError(f"structured method {chosen!r}: use one of {', '.join(METHODS)}")
    return cast(StructuredMethod, chosen)


def is_remote(model: BaseChatModel) -> bool:
    """A provider's chat model (it talks to a server), or a subclass of one; not the embedded
    engine or a test fake (those answer any schema their own way)."""
    if getattr(model, "_llm_type", None) == "sopgraph-llama-cpp":
        return False
    roots = {cls.__module__.split(".")[0] for cls in type(model).__mro__}
    return any(root.startswith("langchain_") and root != "langchain_core" for root in roots)


def _openai_family(model: BaseChatModel) -> bool:
    from langchain_openai.chat_models.base import BaseChatOpenAI

    return isinstance(model, BaseChatOpenAI)


def endpoint_of(model: BaseChatModel) -> str | None:
    """The key a method is remembered under: provider, model and URL; ``None`` when the model
    needs no method (the embedded engine always uses its grammar)."""
    if not is_remote(model):
        return None
    name = next((v for a in ("model_name", "model") if isinstance(v := getattr(model, a, None), str)), "?")
    client = getattr(model, "root_client", None)  # ChatOpenAI: the URL its client resolved
    url = next(
        (
            str(v).rstrip("/")
            for v in (
                getattr(client, "base_url", None),
                *(getattr(model, a, None) for a in ("openai_api_base", "base_url", "anthropic_api_url")),
            )
            if v
        ),
        None,
    )
    kind = "openai" if _openai_family(model) else str(getattr(model, "_llm_type", type(model).__name__))
    return f"{kind}:{name}" + (f"@{url}" if url else "")


def order_for(model: BaseChatModel) -> tuple[StructuredMethod, ...]:
    """The methods to try for this model, best first."""
    return OPENAI_ORDER if _openai_family(model) else OTHER_ORDER


def _messages(given: LanguageModelInput) -> list[BaseMessage]:
    if isinstance(given, str):
        return [HumanMessage(given)]
    if isinstance(given, PromptValue):
        return given.to_messages()
    return convert_to_messages(cast(Sequence[Any], given))


def _with_schema_prompt(given: LanguageModelInput, schema: type[BaseModel]) -> list[BaseMessage]:
    """The messages with the schema appended to the last user message."""
    messages = _messages(given)
    instruction = PROMPT_TEMPLATE.format(schema=json.dumps(schema.model_json_schema(), ensure_ascii=False))
    for index in range(len(messages) - 1, -1, -1):
        if isinstance(messages[index], HumanMessage):
            messages[index] = HumanMessage(messages[index].text + instruction)
            return messages
    return [*messages, HumanMessage(instruction.lstrip())]


def parse_json_reply(text: str, schema: type[BaseModel]) -> BaseModel:
    """The artifact in a free-text reply: the whole text, else its outermost ``{...}`` (a
    model asked for bare JSON still wraps it in a fence or a sentence now and then)."""
    try:
        return schema.model_validate(json.loads(text, strict=False))
    except ValueError as first:  # JSONDecodeError and ValidationError are ValueErrors
        start, end = text.find("{"), text.rfind("}")
        if start < 0 or end <= start or (start == 0 and end == len(text) - 1):
            raise first from None
        return schema.model_validate(json.loads(text[start : end + 1], strict=False))


def _prompted(
    model: Runnable[LanguageModelInput, BaseMessage], schema: type[BaseModel]
) -> Runnable[LanguageModelInput, Any]:
    def call(given: LanguageModelInput) -> dict[str, Any]:
        raw = model.invoke(_with_schema_prompt(given, schema))
        try:
            return {"raw": raw, "parsed": parse_json_reply(raw.text, schema), "parsing_error": None}
        except (ValueError, ValidationError) as error:
            return {"raw": raw, "parsed": None, "parsing_error": error}

    return RunnableLambda(call)


def structured(
    model: BaseChatModel, schema: type[BaseModel], method: StructuredMethod | None
) -> Runnable[LanguageModelInput, Any]:
    """``model`` asked for ``schema`` by ``method``; the result is always LangChain's
    ``include_raw`` dict (``raw``, ``parsed``, ``parsing_error``), so callers charge and repair
    every method alike. ``None`` (or a model that needs none): the model's own method."""
    if method is None or method == "default" or not is_remote(model):
        return model.with_structured_output(schema, include_raw=True)
    if method == "json_object_schema":
        bound = model.bind(response_format=grammar_response_format(schema))
        return structured_runnable(bound, schema, include_raw=True)
    if method == "json_schema" and _openai_family(model):
        # Bound by hand: given the pydantic class, langchain-openai parses with the openai
        # client's ``.parse()``, which *raises* on a reply that does not match (a server that
        # ignored the schema) instead of returning it as a ``parsing_error`` to repair.
        json_schema = {"name": schema.__name__, "schema": schema.model_json_schema()}
        bound = model.bind(response_format={"type": "json_schema", "json_schema": json_schema})
        return structured_runnable(bound, schema, include_raw=True)
    if method == "prompt":
        return _prompted(model, schema)
    if method == "json_mode" and _openai_family(model):
        # JSON mode alone sends no schema: on llama-cpp-python's server the PRD stayed invalid
        # after its repairs (``requirement_pool.0.priority``). The schema goes in the prompt.
        return _prompted(model.bind(response_format={"type": "json_object"}), schema)
    return model.with_structured_output(schema, method=method, include_raw=True)


@dataclass(frozen=True)
class Settled:
    """The method an endpoint is asked with, and why the ones before it were passed over."""

    endpoint: str
    method: StructuredMethod
    how: Literal["probed", "explicit", "recorded"]
    passed_over: tuple[tuple[str, str], ...] = ()

    def line(self) -> str:
        """The one line the CLI prints for this endpoint."""
        if self.how == "explicit":
            why = "chosen with --structured-method / $SOPGRAPH_STRUCTURED_METHOD"
        elif self.how == "recorded":
            why = "recorded in the run's settings"
        else:
            why = "; ".join(f"{m}: {reason}" for m, reason in self.passed_over) or "the first one tried"
        return f"structured output for {self.endpoint}: {self.method} ({why})"


def _short(model: BaseChatModel) -> BaseChatModel:
    """The model with a small answer cap, for the probe (the field's name differs by provider)."""
    for name in ("max_tokens", "num_predict", "max_output_tokens"):
        if name in type(model).model_fields:
            return model.model_copy(update={name: PROBE_MAX_TOKENS})
    return model


def _probe(model: BaseChatModel, method: StructuredMethod, endpoint: str) -> tuple[bool, str, str]:
    """Does ``method`` work on this endpoint? ``(True, "", "")`` or ``(False, why not, the
    server's words)``; a failure the user must fix (server down, wrong name, key, rate limit)
    raises ``ModelUnavailable``."""
    try:
        result = structured(_short(model), SchemaProbe, method).invoke(PROBE_PROMPT)
    except Exception as error:
        failure = classify(error)
        if failure is None:
            raise
        if failure.cause != "refused":
            raise ModelUnavailable(failure, endpoint) from error
        return False, f"refused (HTTP {failure.status})", failure.detail
    raw = result.get("raw") if isinstance(result, dict) else None
    parsed = result.get("parsed") if isinstance(result, dict) else result
    if isinstance(parsed, SchemaProbe):
        return True, "", ""
    metadata = getattr(raw, "response_metadata", None) or {}
    if metadata.get("finish_reason") == "length":  # cut off: says nothing against the method
        return True, "", ""
    return False, "answered but ignored the schema", ""


def settle(model: BaseChatModel, endpoint: str | None = None) -> Settled:
    """Probe ``model``'s methods in order and return the first that works.

    ``prompt`` (last) is taken whenever the server answers at all: it asks for nothing the
    server could ignore, and a weak model's invalid JSON is the repair loop's job. A server
    that refuses even a plain request raises ``ModelUnavailable``.
    """
    endpoint = endpoint or endpoint_of(model) or type(model).__name__
    order = order_for(model)
    passed_over: list[tuple[str, str]] = []
    said = ""
    for method in order:
        works, why, words = _probe(model, method, endpoint)
        if works or (method == "prompt" and not words):
            return Settled(endpoint, method, "probed", tuple(passed_over))
        if words:
            log.info("%s refused %s: %s", endpoint, method, words)
        passed_over.append((method, why))
        said = words or said
    reasons = "; ".join(f"{m}: {reason}" for m, reason in passed_over)
    raise ModelUnavailable.refused_all(endpoint, f"{reasons}; the last said: {said}")


_IN_PROCESS: dict[str, StructuredMethod] = {}
"""Methods probed in this process, for runs whose settings carry none (``method_for``)."""
_IN_PROCESS_LOCK = threading.Lock()


def settle_run(
    settings: RunSettings,
    models: Mapping[str, BaseChatModel],
    explicit: StructuredMethod | None = None,
) -> tuple[RunSettings, list[Settled]]:
    """``settings`` with a method recorded for every remote endpoint among ``models`` (one per
    role), and what was settled, one entry per endpoint. Endpoints already recorded are not
    probed again (a resume); ``explicit`` replaces every record."""
    methods = dict(settings.structured_methods)
    settled: list[Settled] = []
    for model in models.values():
        endpoint = endpoint_of(model)
        if endpoint is None or any(s.endpoint == endpoint for s in settled):
            continue
        if explicit is not None:
            found = Settled(endpoint, explicit, "explicit")
        elif endpoint in methods:
            found = Settled(endpoint, methods[endpoint], "recorded")
        else:
            found = settle(model, endpoint)
            with _IN_PROCESS_LOCK:  # a resume whose settings cannot be updated asks the same way
                _IN_PROCESS[endpoint] = found.method
        methods[endpoint] = found.method
        settled.append(found)
    if methods == settings.structured_methods:
        return settings, settled
    return RunSettings.model_validate(settings.model_dump() | {"structured_methods": methods}), settled


def method_for(model: BaseChatModel, settings: RunSettings) -> StructuredMethod | None:
    """The method a role asks ``model`` with: the user's explicit choice, else the run's
    record, else (a graph driven without ``SopRunner``, e.g. ``langgraph dev``) one probe per
    endpoint and process, remembered in memory only; ``None`` for a model that needs none."""
    endpoint = endpoint_of(model)
    if endpoint is None:
        return None
    chosen = explicit_method()
    if chosen is not None:
        return chosen
    if endpoint in settings.structured_methods:
        return settings.structured_methods[endpoint]
    with _IN_PROCESS_LOCK:  # parallel file writers share one probe
        if endpoint not in _IN_PROCESS:
            found = settle(model, endpoint)
            log.info(found.line())
            _IN_PROCESS[endpoint] = found.method
        return _IN_PROCESS[endpoint]
