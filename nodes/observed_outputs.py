"""Probe calls as a pytest file that records what the code returns, and reading it back.

Why pytest: the sandbox runs pytest files and reports each test's outcome and message, so
the probes (``state.probes``) run through the same isolation, limits and report as every
other test. Each probe test calls the function and then *skips* with the observed result as
its reason: a probe has no expected value, so it neither passes nor fails; the reason
carries a digest of the value (floats rounded, memory addresses removed) or the name of
the exception raised. A probe that hangs or is killed reports no observation.
"""

from __future__ import annotations

from collections.abc import Mapping

from nodes.trusted_tests import defining_module
from state.artifacts import CodeFile, TestReport
from state.example_values import VALUE_IMPORTS

OBSERVED_TESTS_PATH = "tests/test_observed_outputs.py"
"""Where the probes run during selection; never part of a suite the fix loop reads."""

OBSERVED = "observed: "

HEADER = (
    '''\
"""Probe calls for selection by agreement (written by sopgraph; no expected values)."""

import hashlib
import itertools
import re
'''
    + VALUE_IMPORTS
    + '''
import pytest


def _plain(value, depth=0):
    """The value with floats rounded and iterators listed, so equal results look equal."""
    if depth > 20:
        return "..."
    if isinstance(value, float):
        return float(f"{value:.6g}")
    if isinstance(value, dict):
        items = ((repr(_plain(k, depth + 1)), _plain(v, depth + 1)) for k, v in value.items())
        return sorted(items, key=repr)
    if isinstance(value, (set, frozenset)):
        return ("set", sorted((repr(_plain(v, depth + 1)) for v in value)))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, [_plain(v, depth + 1) for v in value])
    if hasattr(value, "__next__"):
        return ("iterator", [_plain(v, depth + 1) for v in itertools.islice(value, 1000)])
    return value


def _observe(call):
    try:
        value = call()
    except pytest.fail.Exception:  # a timeout (pytest-timeout): nothing observed
        raise
    except BaseException as error:  # the exception is the observation
        observed = "raises " + type(error).__name__
    else:
        text = re.sub(r" at 0x[0-9a-fA-F]+", "", repr(_plain(value)))
        observed = "returns " + hashlib.sha256(text.encode()).hexdigest()[:16]
    pytest.skip("observed: " + observed)
'''
)


def observation_test_file(
    probes: list[str], code: Mapping[str, CodeFile], fallback_module: str
) -> CodeFile | None:
    """One test per probe (each probe is a call ``f(...)`` of a top-level function)."""
    if not probes:
        return None
    tests = []
    for number, probe in enumerate(probes, start=1):
        function = probe.split("(", 1)[0].strip()
        module = defining_module(function, code) or fallback_module
        tests.append(
            f"def test_probe_{number}():\n"
            f"    from {module} import {function}\n"
            f"    _observe(lambda: {probe})\n"
        )
    return CodeFile(path=OBSERVED_TESTS_PATH, content=HEADER + "\n\n" + "\n\n".join(tests))


def is_observation(nodeid: str) -> bool:
    return nodeid.split("::", 1)[0].endswith(OBSERVED_TESTS_PATH.rsplit("/", 1)[-1])


def observations(report: TestReport) -> dict[str, str]:
    """Probe node id -> what it observed; probes that reported nothing are left out."""
    found = {}
    for outcome in report.outcomes:
        if is_observation(outcome.nodeid) and outcome.outcome == "skipped" and OBSERVED in outcome.message:
            found[outcome.nodeid.rsplit("::", 1)[-1]] = outcome.message.split(OBSERVED, 1)[1].strip()
    return found
