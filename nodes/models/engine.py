"""One loaded llama.cpp model per process, shared by every chat-model object that uses it.

Why in-process (see docs/local_model.md for the numbers): loading a GGUF takes ~0.5 s
because llama.cpp memory-maps it, a call has no HTTP round trip, and nothing has to
start, watch or reap a server process. Loading is expensive in memory, so the engine is
cached per (file, context size, threads, replica, batch size, reuse settings): the five
roles of a run share one copy. llama.cpp contexts are not thread-safe, hence the lock:
calls on one engine are serialised. A parallel benchmark asks for one replica per worker
(see ``engine_for``).

Prefix reuse (``PrefixReusingLlama``, ``prefix_llama.py``): a call keeps the part of the KV cache that a fresh
call would have computed bit-identically (whole ``n_batch`` chunks of a shared prompt
prefix, see ``prefix.py``) and reads only the rest, so reuse never changes an answer.
``SOPGRAPH_PREFIX_REUSE=0`` (or ``engine_for(..., prefix_reuse=False)``) reads every prompt
in full, as before. ``SOPGRAPH_TRACE_FILE=path`` appends every call's input as a JSON line
(replayed by ``python -m benchmarks.engine_trace``).
"""

from __future__ import annotations

import functools
import json
import os
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, cast

from llama_cpp import LlamaGrammar, StoppingCriteriaList
from llama_cpp.llama_chat_format import (
    ChatFormatterResponse,
    Jinja2ChatFormatter,
    chat_formatter_to_chat_completion_handler,
)

from nodes.models.prefix_llama import CallStats, EngineTotals, PrefixReusingLlama
from nodes.models.repetition import REPETITION_FINISH, RepetitionGuard
from nodes.models.sampling import FastGrammarLlama

PREFIX_REUSE_ENV = "SOPGRAPH_PREFIX_REUSE"
PREFIX_STATES_ENV = "SOPGRAPH_PREFIX_STATES"
N_BATCH_ENV = "SOPGRAPH_LOCAL_N_BATCH"
TRACE_ENV = "SOPGRAPH_TRACE_FILE"
PROMPT_LOOKUP_ENV = "SOPGRAPH_PROMPT_LOOKUP"

DEFAULT_N_BATCH = 128
"""Prompt chunk size. Measured on the 0.5B, 1 thread (docs/local_model.md, "Prefix reuse"):
64-512 read prompts at the same speed within noise (102-108 tok/s; 32: 94), and a reused
prefix is cut back to a multiple of it, so a small chunk wastes less per call."""

DEFAULT_PREFIX_STATES = 3
"""Saved prompt prefixes per engine besides the live KV cache (0: the live cache only)."""


class ContextWindowExceeded(ValueError):
    """The prompt plus the requested output does not fit the model's context window."""


@dataclass
class GuardedFormatter:
    """The GGUF's chat formatter, plus the current call's ``RepetitionGuard`` as a stopping rule.

    Why here: ``create_chat_completion`` takes no stopping criteria; its chat handler takes
    them from the formatter's result. The engine installs a handler over this formatter
    and sets ``guard`` before each (locked) call.
    """

    formatter: Jinja2ChatFormatter
    guard: RepetitionGuard | None = None

    def __call__(self, **kwargs: Any) -> ChatFormatterResponse:
        result = self.formatter(**kwargs)
        if self.guard is not None:
            rules = list(result.stopping_criteria or [])
            result.stopping_criteria = StoppingCriteriaList([*rules, self.guard])
        return result


@dataclass
class Engine:
    """A loaded model, its lock, and the chat template used to count prompt tokens."""

    llama: PrefixReusingLlama
    formatter: Jinja2ChatFormatter | None
    guarded: GuardedFormatter | None = None
    lock: threading.Lock = field(default_factory=threading.Lock)
    last_call: CallStats | None = None
    """What the last successful call sent, read and reused."""
    totals: EngineTotals = field(default_factory=EngineTotals)

    @property
    def prefix_reuse(self) -> bool:
        return self.llama.prefix_reuse

    @property
    def n_batch(self) -> int:
        return int(self.llama.n_batch)

    @property
    def context_window(self) -> int:
        return int(self.llama.n_ctx())

    def count_tokens(self, text: str) -> int:
        """Tokens of plain text under this model's tokenizer."""
        return len(self.llama.tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def count_prompt_tokens(self, messages: Sequence[dict[str, Any]]) -> int:
        """Tokens of a chat prompt exactly as ``chat`` will render it (template included)."""
        if self.formatter is None:
            return sum(self.count_tokens(str(m.get("content") or "")) + 4 for m in messages)
        prompt = self.formatter(messages=list(messages)).prompt  # type: ignore[arg-type]  # plain dicts of its TypedDicts
        return self.count_tokens(prompt)

    def chat(
        self,
        messages: Sequence[dict[str, Any]],
        response_format: dict[str, Any] | None = None,
        **options: Any,
    ) -> dict[str, Any]:
        """One chat completion, serialised; raises ``ContextWindowExceeded`` when too long.

        A reply stopped by the ``RepetitionGuard`` has ``finish_reason`` "repetition".

        With prefix reuse on, only the whole ``n_batch`` chunks of a prompt prefix shared
        with an earlier call are kept (``PrefixReusingLlama``), so the answer is the one
        a fresh engine gives: same logits bit for bit, at the same thread count. The
        reply's ``usage`` gains ``prompt_tokens_evaluated``; ``last_call`` has the rest.
        """
        grammar = grammar_for(response_format)
        guard = RepetitionGuard()
        with self.lock:
            _record_trace(messages, response_format, options)
            self.llama.call = None
            started = time.perf_counter()
            try:
                if self.guarded is not None:
                    self.guarded.guard = guard
                result = self.llama.create_chat_completion(
                    messages=cast(Any, list(messages)), grammar=grammar, **options
                )
            except ValueError as error:
                if "exceed context window" in str(error):
                    raise ContextWindowExceeded(
                        f"{error} (model context window: {self.context_window} tokens)"
                    ) from error
                raise
            reply = cast(dict[str, Any], result)  # a dict, never a stream: stream=False
            stats = self.llama.call or CallStats()
            stats.wall_seconds = time.perf_counter() - started
            stats.completion_tokens = int(reply["usage"]["completion_tokens"])
            stats.generation_seconds = max(
                0.0, stats.wall_seconds - stats.prompt_seconds - stats.state_seconds
            )
            self.last_call = stats
            self.totals.add(stats)
        reply["usage"]["prompt_tokens_evaluated"] = stats.prompt_tokens_evaluated
        if guard.fired:
            reply["choices"][0]["finish_reason"] = REPETITION_FINISH
        return reply


def _record_trace(
    messages: Sequence[dict[str, Any]], response_format: dict[str, Any] | None, options: dict[str, Any]
) -> None:
    """Append the call's input to ``$SOPGRAPH_TRACE_FILE`` (one JSON line), if set."""
    path = os.environ.get(TRACE_ENV, "").strip()
    if not path:
        return
    line = {
        "messages": list(messages),
        "response_format": response_format,
        "max_tokens": options.get("max_tokens"),
        "options": options,
    }
    with open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(line, default=str) + "\n")


def grammar_for(response_format: dict[str, Any] | None) -> LlamaGrammar | None:
    """The grammar for an OpenAI-style ``response_format``; raises if it cannot be built.

    Why not pass ``response_format`` through: llama-cpp-python then silently falls back to
    a schema-less JSON grammar when the schema does not compile, and the caller would get
    valid JSON of the wrong shape with no hint why.
    """
    if not response_format or response_format.get("type") != "json_object":
        return None
    schema = response_format.get("schema")
    # Key order matters: the grammar makes the model write properties in schema order.
    text = json.dumps(schema) if schema is not None else None
    return _compiled(text)


@functools.lru_cache(maxsize=64)
def _compiled(schema_json: str | None) -> LlamaGrammar:
    """Grammars by schema text: role nodes ask for the same few schemas again and again."""
    if schema_json is None:
        from llama_cpp.llama_grammar import JSON_GBNF

        return LlamaGrammar.from_string(JSON_GBNF, verbose=False)
    try:
        return LlamaGrammar.from_json_schema(schema_json, verbose=False)
    except Exception as error:  # the converter raises bare Exceptions and ValueErrors
        raise ValueError(f"the JSON schema cannot be compiled to a llama.cpp grammar: {error}") from error


_ENGINES: dict[tuple[str, int, int, int, int, bool, int, int], Engine] = {}
_LOAD_LOCK = threading.Lock()


def default_threads() -> int:
    """llama.cpp threads: ``$SOPGRAPH_LOCAL_THREADS``, else half the cores (at least one).

    Measured on 2 cores (docs/local_model.md): on an idle machine 2 threads generate ~1.5x
    and read prompts ~1.9x faster than 1, but as soon as another process wants a core they
    are 2-8x *slower*, because llama.cpp's threads wait for each other at every layer. A
    graph that runs test suites, a threaded benchmark and a shared machine all produce
    that contention; one thread per two cores degrades gracefully. Set the variable to
    the core count on a dedicated machine.
    """
    configured = os.environ.get("SOPGRAPH_LOCAL_THREADS")
    return int(configured) if configured else max(1, (os.cpu_count() or 1) // 2)


def default_n_batch() -> int:
    """Prompt chunk size: ``$SOPGRAPH_LOCAL_N_BATCH``, else ``DEFAULT_N_BATCH``."""
    configured = os.environ.get(N_BATCH_ENV, "").strip()
    return int(configured) if configured else DEFAULT_N_BATCH


def default_prefix_reuse() -> bool:
    """Prefix reuse unless ``$SOPGRAPH_PREFIX_REUSE`` is 0/false/no/off."""
    configured = os.environ.get(PREFIX_REUSE_ENV, "").strip().lower()
    return configured not in {"0", "false", "no", "off"}


def default_prefix_states() -> int:
    """Saved prefixes per engine: ``$SOPGRAPH_PREFIX_STATES``, else ``DEFAULT_PREFIX_STATES``."""
    configured = os.environ.get(PREFIX_STATES_ENV, "").strip()
    return int(configured) if configured else DEFAULT_PREFIX_STATES


def default_prompt_lookup() -> int:
    """Tokens prompt lookup drafts per step: ``$SOPGRAPH_PROMPT_LOOKUP``, else 0 (off).

    Off by default: the drafted tokens are checked in one multi-token batch, whose
    arithmetic may differ from reading them one at a time, so greedy answers are not
    guaranteed to be those of the default engine; docs/local_model.md has the measured
    gain and whether the answers stayed identical on the recorded run."""
    configured = os.environ.get(PROMPT_LOOKUP_ENV, "").strip()
    return int(configured) if configured else 0


def engine_for(
    path: str,
    n_ctx: int,
    n_threads: int | None = None,
    replica: int = 0,
    *,
    n_batch: int | None = None,
    prefix_reuse: bool | None = None,
    prefix_states: int | None = None,
    prompt_lookup: int | None = None,
) -> Engine:
    """The process-wide engine for these settings, loaded on first use.

    ``replica`` > 0 loads a further copy with its own context and lock: the weights are
    memory-mapped, so a copy costs its KV cache, not the file again. A benchmark with
    ``--jobs 2`` gives each worker its own replica so two calls can run at once.
    ``None`` settings come from the environment (``default_*``) and are resolved before
    the lookup, so the key holds the values actually used: an engine with prefix reuse
    and one without are separate copies.
    """
    threads = n_threads or default_threads()
    batch = n_batch or default_n_batch()
    reuse = default_prefix_reuse() if prefix_reuse is None else prefix_reuse
    states = default_prefix_states() if prefix_states is None else prefix_states
    lookup = default_prompt_lookup() if prompt_lookup is None else prompt_lookup
    if not reuse:
        states = 0
    key = (os.path.realpath(path), n_ctx, threads, replica, batch, reuse, states, lookup)
    with _LOAD_LOCK:
        engine = _ENGINES.get(key)
        if engine is None:
            llama = PrefixReusingLlama(
                model_path=path,
                n_ctx=n_ctx,
                n_threads=threads,
                n_threads_batch=threads,
                n_batch=batch,
                n_ubatch=batch,
                verbose=False,
                prefix_reuse=reuse,
                prefix_states=states,
                prompt_lookup=lookup,
            )
            formatter = _formatter(llama)
            guarded = GuardedFormatter(formatter) if formatter is not None else None
            if guarded is not None:
                llama.chat_handler = chat_formatter_to_chat_completion_handler(guarded)
            engine = Engine(llama=llama, formatter=formatter, guarded=guarded)
            _ENGINES[key] = engine
    return engine


def _formatter(llama: FastGrammarLlama) -> Jinja2ChatFormatter | None:
    """The GGUF's own chat template, built the way ``Llama`` builds its chat handler."""
    template = llama.metadata.get("tokenizer.chat_template")
    if not template:
        return None
    model = llama._model

    def text(token_id: int) -> str:
        return model.token_get_text(token_id) if token_id != -1 else ""

    return Jinja2ChatFormatter(
        template=template, eos_token=text(model.token_eos()), bos_token=text(model.token_bos())
    )
