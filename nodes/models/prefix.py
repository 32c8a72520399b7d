"""Which part of the KV cache a new prompt may keep, and a few saved prefixes to restore.

llama.cpp reads a prompt in ``n_batch``-token chunks, and the chunk a token is read in
changes its logits in the last bits (different matrix shapes, different summation
order), which is enough to flip a greedy choice now and then. A fresh call reads chunks
``[0:n_batch], [n_batch:2*n_batch], ...``. Keeping a cached prefix of length L and
reading the rest from L gives *bit-identical* results only when L falls on a chunk
boundary of the fresh call and every kept chunk was itself read whole:

* L is a multiple of ``n_batch`` (and ``n_ubatch`` divides ``n_batch``);
* L < len(new prompt): at least one token is read, so there are fresh logits to sample
  from, and the last chunk is the same one a fresh call reads;
* L <= the common token prefix with what is cached;
* L <= the length of the previous *prompt*: generated tokens were read one at a time,
  so their cache entries differ from a chunked read of the same tokens.

``reusable_prefix`` is that rule as a pure function (unit-tested); ``PrefixStore`` keeps
a few aligned prompt prefixes (their KV cache bytes) so alternating prompts do not
evict each other's prefix. See docs/local_model.md, "Prefix reuse".
"""

from __future__ import annotations

import ctypes
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np


def common_prefix_length(a: Sequence[int] | np.ndarray, b: Sequence[int] | np.ndarray) -> int:
    """How many leading tokens ``a`` and ``b`` share."""
    n = min(len(a), len(b))
    if n == 0:
        return 0
    left = np.asarray(a[:n], dtype=np.int64)
    right = np.asarray(b[:n], dtype=np.int64)
    differ = np.flatnonzero(left != right)
    return int(differ[0]) if differ.size else n


def reusable_prefix(
    cached_prompt_tokens: Sequence[int] | np.ndarray, new_tokens: Sequence[int] | np.ndarray, n_batch: int
) -> int:
    """The longest cached prefix a call on ``new_tokens`` may keep without changing its output.

    ``cached_prompt_tokens`` are the *prompt* tokens of the previous call that are in the
    KV cache (never its generated tokens). The result L is a multiple of ``n_batch``, at
    most ``floor((len(new_tokens) - 1) / n_batch) * n_batch`` and at most the common
    prefix of the two sequences; 0 means "read everything".
    """
    if n_batch < 1:
        raise ValueError(f"n_batch must be positive, got {n_batch}")
    if len(new_tokens) == 0:
        return 0
    common = common_prefix_length(cached_prompt_tokens, new_tokens)
    last_boundary = (len(new_tokens) - 1) // n_batch * n_batch
    limit = min(common, len(cached_prompt_tokens), last_boundary)
    return limit // n_batch * n_batch


def aligned_length(n_tokens: int, n_batch: int) -> int:
    """The longest prefix of ``n_tokens`` read tokens that consists of whole chunks."""
    return n_tokens // n_batch * n_batch


@dataclass(eq=False)
class SavedPrefix:
    """The KV cache of one aligned prompt prefix (llama.cpp sequence-0 state bytes).

    Compared by identity (``eq=False``): the generated ``__eq__`` compared the token arrays
    element-wise, so ``list.remove`` raised "operands could not be broadcast" whenever two
    saved prefixes of different lengths were held (2 of 40 he40 tasks at 18f9c21)."""

    tokens: np.ndarray
    data: ctypes.Array[ctypes.c_uint8]
    size: int

    def covers(self, tokens: np.ndarray) -> bool:
        """True when this entry holds at least ``tokens`` (so saving them again is useless)."""
        return len(self.tokens) >= len(tokens) and common_prefix_length(self.tokens, tokens) == len(tokens)


class PrefixStore:
    """Up to ``capacity`` saved prefixes, least recently used evicted first."""

    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.entries: list[SavedPrefix] = []  # most recently used last

    def __len__(self) -> int:
        return len(self.entries)

    @property
    def nbytes(self) -> int:
        return sum(entry.size for entry in self.entries)

    def best(self, new_tokens: Sequence[int] | np.ndarray, n_batch: int) -> tuple[SavedPrefix | None, int]:
        """The entry allowing the longest reusable prefix for ``new_tokens``, and that length."""
        chosen: SavedPrefix | None = None
        length = 0
        for entry in self.entries:
            reusable = reusable_prefix(entry.tokens, new_tokens, n_batch)
            if reusable > length:
                chosen, length = entry, reusable
        return chosen, length

    def covers(self, tokens: np.ndarray) -> bool:
        return any(entry.covers(tokens) for entry in self.entries)

    def touch(self, entry: SavedPrefix) -> None:
        """Mark ``entry`` most recently used. An entry no longer kept (a save made just before
        the restore covered or evicted it: its bytes were still valid to load) stays out."""
        if entry in self.entries:
            self.entries.remove(entry)
            self.entries.append(entry)

    def discard(self, entry: SavedPrefix) -> None:
        """Forget ``entry`` (llama.cpp refused to load it), if it is still kept."""
        if entry in self.entries:
            self.entries.remove(entry)

    def add(self, entry: SavedPrefix) -> None:
        """Keep ``entry``; drop entries it covers, then the least recently used beyond capacity."""
        if self.capacity <= 0:
            return
        self.entries = [old for old in self.entries if not entry.covers(old.tokens)]
        self.entries.append(entry)
        del self.entries[: max(0, len(self.entries) - self.capacity)]

    def clear(self) -> None:
        self.entries.clear()
