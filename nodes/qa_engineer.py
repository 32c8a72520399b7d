"""QA Engineer: writes pytest tests against the design's interfaces; revises them once
when the same failure survives a fix (the tests may be what is wrong).

Subscribes to: ``design``, ``tasks``, ``code`` (and, when revising, ``tests`` and the
latest ``test_reports``). Publishes: ``tests``, ``test_revisions``.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from nodes.context import Context
from nodes.llm import Ledger
from nodes.prompting import RoleProfile, ask_from_channels
from nodes.role_node import Update, role_node
from state.artifacts import Publication, TestSuite
from state.schema import SopState

PROFILE = RoleProfile(
    name="Edward",
    profile="QA Engineer",
    goal="write a small, correct pytest suite that checks the code against the design",
    constraints="tests must be deterministic and fast: no network, no GUI windows, no input(), "
    "no sleeping; test behaviour through the design's public interfaces",
)

MAX_ANSWER_TOKENS = 1200
"""A suite of 3-8 short tests fits easily; a model looping on one test is cut off early."""

WRITE_CHANNELS = ("requirement", "design", "tasks", "code")
REVISE_CHANNELS = ("design", "code", "tests", "test_reports")

WRITE_PROMPT = """\
{inputs}

Write pytest tests for this code. Put them in files named "tests/test_<module>.py"; import
the project's modules by their module names (e.g. `from game import Game`). Write 3 to 8
focused test functions, each with its own name and purpose (never repeat a test), with plain
asserts on values the design and requirement determine.
Answer as JSON: {{"files": [{{"path": "tests/test_<module>.py", "content": "<file>"}}]}}
"""

REVISE_PROMPT = """\
{inputs}

The same tests kept failing after the Engineer fixed the code, so the tests themselves may be
wrong (a wrong expected value, a wrong import, an interface the design does not have).
Rewrite the test files so that they test what the design and requirement really specify.
Answer as JSON: {{"files": [{{"path": "tests/test_<module>.py", "content": "<file>"}}]}}
"""


def write_tests(state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
    """First pass: a suite from the design and code. Later passes: revise failing tests."""
    revising = bool(state.get("tests"))
    channels, template = (REVISE_CHANNELS, REVISE_PROMPT) if revising else (WRITE_CHANNELS, WRITE_PROMPT)
    suite = ask_from_channels(
        ledger,
        PROFILE,
        state=state,
        channels=channels,
        template=template,
        schema=TestSuite,
        artifact="tests",
        max_answer_tokens=MAX_ANSWER_TOKENS,
    )
    update: Update = {
        "tests": {f.path: f for f in suite.files},
        "messages": [
            Publication(
                role="qa_engineer",
                action="ReviseTest" if revising else "WriteTest",
                artifact="tests",
                summary=", ".join(f.path for f in suite.files),
            )
        ],
    }
    if revising:
        update["test_revisions"] = state.get("test_revisions", 0) + 1
        update["retries"] = state.get("retries", 0) + 1
    return update


qa_engineer = role_node("qa_engineer", "qa_engineer", write_tests)
