"""Stop a generation that has started repeating itself.

Why: greedy decoding on the small local models sometimes falls into a loop, e.g. the 0.5B
Architect writing the same class and ``sequenceDiagram`` block again and again inside one
JSON string until the answer cap (1500 tokens, ~45 s) cut it off, three times over with the
repairs. A loop is recognisable long before the cap: the same run of tokens keeps coming
back. This guard watches the generated tokens and stops at the third occurrence of any
``window``-token run, so a loop of period P costs about 2P + window tokens, not the cap.

``window`` is long enough (64 tokens, ~4 lines of code) that legitimate repetition in code
(similar test asserts, boilerplate) does not trigger it; three occurrences, not two, leave
room for a deliberate copy.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy comes with llama-cpp-python; the constant below must import without it
    import numpy as np
    import numpy.typing as npt

REPETITION_FINISH = "repetition"
"""The ``finish_reason`` a reply gets when this guard stopped it."""


class RepetitionGuard:
    """A llama.cpp stopping criterion: True once a window of generated tokens recurs too often.

    llama-cpp-python calls it with all tokens so far (prompt and generated) after every new
    token, and once more at the end with the same tokens; only the generated part counts.
    """

    def __init__(self, window: int = 64, max_occurrences: int = 3) -> None:
        if window < 1 or max_occurrences < 2:
            raise ValueError("window must be >= 1 and max_occurrences >= 2")
        self.window = window
        self.max_occurrences = max_occurrences
        self.fired = False
        self._start: int | None = None
        self._seen_up_to = 0
        self._counts: Counter[bytes] = Counter()

    def __call__(self, input_ids: npt.NDArray[np.intc], logits: npt.NDArray[np.single]) -> bool:
        length = len(input_ids)
        if self._start is None:  # the first call comes after the first generated token
            self._start = self._seen_up_to = length - 1
        for end in range(max(self._seen_up_to + 1, self._start + self.window), length + 1):
            key = input_ids[end - self.window : end].tobytes()
            self._counts[key] += 1
            if self._counts[key] >= self.max_occurrences:
                self.fired = True
        self._seen_up_to = max(self._seen_up_to, length)
        return self.fired
