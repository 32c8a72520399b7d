"""Run-length encoding: 'aaab' <-> '3a1b'."""

import re
from itertools import groupby

_PAIR = re.compile(r"(\d+)(\D)")


def rle_encode(text: str) -> str:
    return "".join(f"{len(list(run))}{char}" for char, run in groupby(text))


def rle_decode(encoded: str) -> str:
    pairs = _PAIR.findall(encoded)
    if "".join(count + char for count, char in pairs) != encoded:
        raise ValueError(f"not a run-length encoding: {encoded!r}")
    return "".join(char * int(count) for count, char in pairs)
