"""Turning untrusted bytes into text that is safe to show a model, a log or a terminal.

Generated programs may print binary garbage, NULs or terminal escape sequences; the report
must stay valid text that cannot rewrite a terminal or confuse a JSON encoder, and long
excerpts are cut with a visible marker so nobody mistakes a cut for the real end.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}" if ord(match.group()) < 0x100 else f"\\u{ord(match.group()):04x}"


def clean_text(data: bytes | str) -> str:
    """Decode (``errors='replace'``) and escape control characters except newline and tab.

    ``\\r`` becomes a newline first so progress bars read as lines instead of vanishing.
    """
    text = data.decode("utf-8", errors="replace") if isinstance(data, bytes) else data
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub(_escape, text)


def truncate_marker(total: int, kept: int) -> str:
    """The line that says output was cut, and by how much."""
    return f"\n[... sandbox kept {kept} of {total} bytes of output; the rest was dropped ...]\n"


def head_tail(text: str, limit: int) -> str:
    """Keep the start and the end of ``text`` within ``limit`` characters.

    Both ends matter for a test log: the start says what ran, the end says how it ended.
    """
    if len(text) <= limit:
        return text
    marker = f"\n[... {len(text) - limit} characters cut by the sandbox ...]\n"
    room = max(0, limit - len(marker))
    head = room // 3
    return text[:head] + marker + text[len(text) - (room - head) :]
