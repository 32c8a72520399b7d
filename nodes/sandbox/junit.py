"""Per-test outcomes from pytest's JUnit XML, the one machine-readable account of a run.

pytest's console prose changes between versions and can be forged by a test that prints
``1 passed``; the XML is written by pytest itself after the run, copied out by the launcher
without following links, and parsed here with entity declarations refused.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Literal

from state.artifacts import TestOutcome

from .text import clean_text, head_tail

FAILING_OUTPUT_CHARS = 4000
"""Budget of the whole ``failing_output``: enough for a few tracebacks, small for a prompt."""
PER_FAILURE_CHARS = 1500
MESSAGE_CHARS = 500


class JunitError(ValueError):
    """The XML was missing, unsafe or not pytest's."""


@dataclass
class JunitResult:
    """What the XML says: one outcome per test case plus the failure text for the Engineer."""

    outcomes: list[TestOutcome] = field(default_factory=list)
    failing_output: str = ""

    def count(self, outcome: str) -> int:
        """Number of test cases with ``outcome``."""
        return sum(1 for item in self.outcomes if item.outcome == outcome)

    def messages(self) -> str:
        """Every failure message, for spotting MemoryError and friends."""
        return "\n".join(item.message for item in self.outcomes)


def nodeid_for(classname: str, name: str, files: Collection[str]) -> str:
    """Rebuild pytest's node id from JUnit's dotted ``classname`` using the known file list.

    ``tests.test_x.TestK`` + ``test_p[2]`` becomes ``tests/test_x.py::TestK::test_p[2]``:
    the longest dotted prefix naming a written ``.py`` file is the module, the rest classes.
    """
    parts = classname.split(".") if classname else name.split(".")
    tail = [name] if classname else []
    for cut in range(len(parts), 0, -1):
        module = "/".join(parts[:cut]) + ".py"
        if module in files:
            return "::".join([module, *parts[cut:], *tail])
    return "::".join(part for part in (classname, name) if part)


Outcome = Literal["passed", "failed", "error", "skipped"]
_MARKERS: tuple[tuple[str, Outcome], ...] = (
    ("failure", "failed"),
    ("error", "error"),
    ("skipped", "skipped"),
)


def _outcome_of(case: ET.Element) -> tuple[Outcome, ET.Element | None]:
    for tag, outcome in _MARKERS:
        element = case.find(tag)
        if element is not None:
            return outcome, element
    return "passed", None


def _failure_block(nodeid: str, element: ET.Element) -> str:
    """Header plus traceback; a long one keeps both ends, since the ``E`` lines are last."""
    message = element.get("message", "")
    body = clean_text(element.text or "")
    return head_tail(f"___ {nodeid} ___\n{body or message}\n", PER_FAILURE_CHARS)


_FRAME = re.compile(r"^(?P<path>[^\s:][^:\n]*?\.py):\d+: in ", re.M)
"""A frame in pytest's ``--tb=short`` traceback: ``bank.py:9: in __init__``."""


def innermost_frame(traceback: str) -> str:
    """The file the exception was raised in: the last frame of the (short) traceback."""
    frames = _FRAME.findall(traceback)
    return frames[-1] if frames else ""


def parse_junit(xml_bytes: bytes, files: Collection[str]) -> JunitResult:
    """Parse pytest's JUnit XML (``junit_family=xunit2``) into outcomes and failure text."""
    head = xml_bytes[:4096].upper()
    if b"<!DOCTYPE" in head or b"<!ENTITY" in xml_bytes.upper():
        raise JunitError("JUnit XML declares a DOCTYPE/ENTITY; refused")
    try:
        root = ET.fromstring(xml_bytes)
    except ET.ParseError as exc:
        raise JunitError(f"JUnit XML does not parse: {exc}") from exc
    if root.tag not in ("testsuites", "testsuite"):
        raise JunitError(f"unexpected JUnit root element {root.tag!r}")
    result = JunitResult()
    blocks: list[str] = []
    for case in root.iter("testcase"):
        nodeid = nodeid_for(case.get("classname", ""), case.get("name", ""), files)
        outcome, element = _outcome_of(case)
        message = clean_text(element.get("message", "")) if element is not None else ""
        raised_in = innermost_frame(element.text or "") if element is not None else ""
        result.outcomes.append(
            TestOutcome(nodeid=nodeid, outcome=outcome, message=message[:MESSAGE_CHARS], raised_in=raised_in)
        )
        if element is not None and outcome in ("failed", "error"):
            blocks.append(_failure_block(nodeid, element))
    result.failing_output = join_bounded(blocks, FAILING_OUTPUT_CHARS)
    return result


def join_bounded(blocks: list[str], limit: int) -> str:
    """Join blocks until ``limit``; say how many did not fit instead of cutting silently."""
    kept: list[str] = []
    used = 0
    for index, block in enumerate(blocks):
        if used + len(block) > limit:
            room = limit - used - 80
            if room > 200:
                kept.append(block[:room] + "\n[... cut by the sandbox ...]\n")
            left = len(blocks) - index - (1 if room > 200 else 0)
            if left:
                kept.append(f"[... {left} more failing test(s) not shown ...]\n")
            break
        kept.append(block)
        used += len(block)
    return "".join(kept)
