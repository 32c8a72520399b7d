"""The llama.cpp ``Llama`` that keeps the reproducible part of its KV cache between calls,
and what each call read, kept and wrote (``CallStats``, ``EngineTotals``).

The rule for what may be kept is ``nodes.models.prefix`` (pure, unit-tested without a
model); this module applies it inside llama-cpp-python's ``generate`` and counts what
llama.cpp was really given. ``nodes.models.engine`` builds and shares the engines.
"""

from __future__ import annotations

import ctypes
import time
from collections.abc import Generator, Sequence
from dataclasses import asdict, dataclass, fields
from typing import Any

import llama_cpp
import numpy as np
from llama_cpp.llama_speculative import LlamaPromptLookupDecoding

from nodes.models.prefix import (
    PrefixStore,
    SavedPrefix,
    aligned_length,
    common_prefix_length,
    reusable_prefix,
)
from nodes.models.sampling import FastGrammarLlama


@dataclass
class CallStats:
    """What one call read and reused; ``Engine.last_call``.

    ``prompt_tokens_evaluated`` and ``eval_start`` are counted in ``eval`` itself, i.e.
    what llama.cpp was actually given, not what the reuse rule meant to give it.
    """

    prompt_tokens: int = 0
    """Prompt tokens sent (the whole rendered prompt)."""
    prompt_tokens_evaluated: int = 0
    """Prompt tokens llama.cpp actually read in this call."""
    reused_tokens: int = 0
    """Prompt tokens kept from the KV cache (a multiple of n_batch)."""
    reused_from: str = "none"
    """"live" (the KV cache as the previous call left it), "saved" (a restored prefix) or "none"."""
    eval_start: int = -1
    """Position of the first token read: equals ``reused_tokens`` (checked by the tests)."""
    completion_tokens: int = 0
    prompt_seconds: float = 0.0
    """Wall time in llama.cpp reading the prompt tail."""
    state_seconds: float = 0.0
    """Wall time saving and restoring prefix states."""
    generation_seconds: float = 0.0
    """The rest of the call: sampling, grammar, decoding one token at a time, detokenising."""
    wall_seconds: float = 0.0
    states_saved: int = 0
    states_loaded: int = 0
    drafted_tokens: int = 0
    """Tokens prompt lookup offered for checking (0 with lookup off)."""
    generation_evals: int = 0
    """Model evaluations while generating: one per token without lookup, fewer when drafts hit."""


@dataclass
class EngineTotals:
    """``CallStats`` summed over an engine's calls; ``Engine.totals``."""

    calls: int = 0
    prompt_tokens: int = 0
    prompt_tokens_evaluated: int = 0
    completion_tokens: int = 0
    prompt_seconds: float = 0.0
    state_seconds: float = 0.0
    generation_seconds: float = 0.0
    wall_seconds: float = 0.0
    states_saved: int = 0
    states_loaded: int = 0
    drafted_tokens: int = 0
    generation_evals: int = 0

    def add(self, call: CallStats) -> None:
        self.calls += 1
        for counter in fields(self):  # every total but ``calls`` is a CallStats field
            if counter.name != "calls":
                setattr(self, counter.name, getattr(self, counter.name) + getattr(call, counter.name))

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


class PrefixReusingLlama(FastGrammarLlama):
    """``FastGrammarLlama`` that keeps the reproducible part of the KV cache between calls.

    Hooked into ``generate``, which ``create_chat_completion`` calls with exactly the
    prompt tokens it evaluates (template, special tokens and all), so no re-tokenising.
    llama-cpp-python 0.3.36's ``generate`` compares ``input_ids[:n_tokens]`` with the new
    prompt, keeps that common prefix (one token less if the whole prompt matches), removes
    the rest from the KV cache and ``eval``s the remainder in ``n_batch`` chunks starting
    there. Setting ``n_tokens = L`` beforehand, with L < len(prompt) and
    ``input_ids[:L]`` equal to the prompt's first L tokens, therefore makes it keep
    exactly L; ``n_tokens = 0`` makes it reset. ``eval`` records where reading really
    started, so a change in that library logic shows up in ``CallStats.eval_start``.
    """

    min_saved_tokens = 256
    """Save the live prefix before cutting it only when at least this much would be lost."""

    def __init__(
        self,
        *args: Any,
        prefix_reuse: bool = True,
        prefix_states: int = 0,
        prompt_lookup: int = 0,
        **kwargs: Any,
    ):
        if prompt_lookup > 0:
            # llama-cpp-python's own drafter: the continuation of the latest earlier match
            # of the last tokens, checked by the model in one batch (prompt-lookup decoding)
            kwargs["draft_model"] = LlamaPromptLookupDecoding(num_pred_tokens=prompt_lookup)
            kwargs["logits_all"] = True  # the library sizes its score rows by this flag alone
        super().__init__(*args, **kwargs)
        self.prompt_lookup = prompt_lookup
        n_ubatch = int(self.context_params.n_ubatch)
        if self.n_batch % n_ubatch:
            raise ValueError(f"n_batch {self.n_batch} must be a multiple of n_ubatch {n_ubatch}")
        self.prefix_reuse = prefix_reuse
        self.prefixes = PrefixStore(prefix_states)
        self.call: CallStats | None = None
        """Stats of the running (or last) ``generate``; None before any."""
        self._prompt_length = 0
        self._reading_prompt = False

    def cached_prompt(self) -> np.ndarray:
        """The previous prompt's tokens that are in the KV cache (never generated ones)."""
        return self.input_ids[: min(self.n_tokens, self._prompt_length)]

    def generate(
        self, tokens: Sequence[int], *args: Any, **kwargs: Any
    ) -> Generator[int, Sequence[int] | None, None]:
        prompt = list(tokens)
        stats = CallStats(prompt_tokens=len(prompt))
        self.call = stats
        if self.prefix_reuse:
            self._keep_prefix(np.asarray(prompt, dtype=np.intc), stats)
        else:
            self.n_tokens = 0  # generate() then resets and reads everything
        stats.reused_tokens = self.n_tokens
        self._prompt_length = len(prompt)
        self._reading_prompt = True
        try:
            yield from super().generate(prompt, *args, **kwargs)
        finally:
            self._reading_prompt = False
            if self.prompt_lookup:
                self._release_scores()

    def _release_scores(self) -> None:
        """A fresh, untouched score matrix after each call. With lookup on, the library
        keeps an n_ctx x n_vocab float matrix (16,384 x 151,936 x 4 B = 10 GB at the default
        context) and writes the rows of every drafted batch; allocated lazily, it costs only
        the rows written, but those stay resident, and over calls of varying prompt length
        they would cover it all. Nothing reads them after a call (no logprobs are asked)."""
        self.scores = np.ndarray(self.scores.shape, dtype=np.single)

    def eval(self, tokens: Sequence[int]) -> None:
        if self.call is None:
            super().eval(tokens)
        elif not self._reading_prompt:
            self.call.generation_evals += 1
            self.call.drafted_tokens += len(tokens) - 1
            super().eval(tokens)
        else:
            self._reading_prompt = False  # generate() reads the whole prompt tail in one eval()
            self.call.eval_start = self.n_tokens
            started = time.perf_counter()
            self._eval_prompt(tokens)
            self.call.prompt_seconds += time.perf_counter() - started
            self.call.prompt_tokens_evaluated += len(tokens)

    def _eval_prompt(self, tokens: Sequence[int]) -> None:
        """Read the prompt tail. With prompt lookup on, the library asks llama.cpp for every
        position's logits (a draft is checked token by token); the prompt needs only its
        last one, so it is read as without lookup: no output rows for thousands of prompt
        tokens (18 % more work on the 1.5B) and no 600 KB score row per token in memory."""
        logits_all = self._logits_all
        self._logits_all = logits_all and self.prompt_lookup == 0
        try:
            super().eval(tokens)
        finally:
            self._logits_all = logits_all

    def _keep_prefix(self, prompt: np.ndarray, stats: CallStats) -> None:
        """Cut the KV cache to the longest reproducible prefix, live or saved."""
        live = self.cached_prompt()
        keep = reusable_prefix(live, prompt, self.n_batch)
        entry, saved_keep = self.prefixes.best(prompt, self.n_batch)
        restore = entry if entry is not None and saved_keep > keep else None
        live_whole = aligned_length(len(live), self.n_batch)
        # What survives of the live cache: the kept prefix, or what the restored entry shares.
        survives = keep
        if restore is not None:
            survives = aligned_length(common_prefix_length(live, restore.tokens), self.n_batch)
        if (
            self.prefixes.capacity > 0
            and live_whole - survives >= self.min_saved_tokens
            and not self.prefixes.covers(live[:live_whole])
        ):
            self._save(live_whole, stats)
        if restore is not None:
            if self._load(restore, stats):
                self.prefixes.touch(restore)
                stats.reused_from = "saved"
                self.n_tokens = saved_keep
                return
            keep = 0
        stats.reused_from = "live" if keep else "none"
        self.n_tokens = keep

    def _save(self, length: int, stats: CallStats) -> None:
        """Store the first ``length`` (whole-chunk) prompt tokens' KV cache."""
        started = time.perf_counter()
        self._ctx.kv_cache_seq_rm(-1, length, -1)
        self.n_tokens = length
        size = int(llama_cpp.llama_state_seq_get_size(self.ctx, 0))
        data = (ctypes.c_uint8 * size)()
        written = int(llama_cpp.llama_state_seq_get_data(self.ctx, data, size, 0))
        if 0 < written <= size:
            tokens = self.input_ids[:length].copy()
            self.prefixes.add(SavedPrefix(tokens=tokens, data=data, size=written))
            stats.states_saved += 1
        stats.state_seconds += time.perf_counter() - started

    def _load(self, entry: SavedPrefix, stats: CallStats) -> bool:
        """Replace the KV cache with ``entry``; False (and an empty cache) if llama.cpp refuses."""
        started = time.perf_counter()
        self._ctx.kv_cache_seq_rm(-1, 0, -1)
        read = int(llama_cpp.llama_state_seq_set_data(self.ctx, entry.data, entry.size, 0))
        ok = read == entry.size
        if ok:
            self.input_ids[: len(entry.tokens)] = entry.tokens
            self.n_tokens = len(entry.tokens)
            stats.states_loaded += 1
        else:
            self._ctx.kv_cache_seq_rm(-1, 0, -1)
            self.n_tokens = 0
            self.prefixes.discard(entry)
        stats.state_seconds += time.perf_counter() - started
        return ok
