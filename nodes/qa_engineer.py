"""QA Engineer: writes pytest tests against the design's interfaces; revises them once
when the same failure survives a fix (the tests may be what is wrong); adapts them when
execution ships a candidate that lacks names they import (``suite_behind_selection``).

Subscribes to: ``requirement``, ``prd``, ``design``, ``tasks``, ``code`` (and, when
revising, ``tests`` and the latest ``test_reports``; when adapting, no design).
Publishes: ``tests``, ``test_revisions``.

In a change run QA adds a test file for the change beside the old ones (which stay and
run); it reads the old tests and may name those the change makes obsolete: those that fail
on the changed code are cut out and listed in ``change.obsolete`` (``nodes/obsolete_tests.py``),
never dropped silently; a named test that still passes stays (``change.refused_obsolete``).
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from nodes.auto_imports import completed, imports_note
from nodes.context import Context
from nodes.errors import InvalidArtifact
from nodes.llm import Ledger, ask_text
from nodes.obsolete_tests import named_obsolete, obsolete_note, retire_obsolete
from nodes.own_copies import own_copies_note, without_own_copies
from nodes.prompting import RoleProfile, ScopedPrompt, fill_template
from nodes.repeated_tests import distinct_tests, repeats_note
from nodes.role_node import Update, role_node
from nodes.suite_imports import missing_imports, offered_names
from nodes.suite_reply import compiling_part, importable_by_tests, suite_of_this_project, trimmed_suite_reply
from state.acceptance import TRUSTED_TESTS_PATH
from state.artifacts import Publication, TestSuite
from state.changes import change_of
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

WRITE_CHANNELS = ("requirement", "prd", "design", "tasks", "code")
"""The Engineer's documents, in the Engineer's order: the engine reads them once for both
(issue 23: without the PRD, QA's prompt shared only the requirement with the call before)."""
REVISE_CHANNELS = ("requirement", "prd", "design", "tasks", "code", "tests", "test_reports")

PROJECT_WRITE_PROMPT = """\
{inputs}

Write one pytest file for this code. Import the project's modules by their module names
(`from <module> import <Name>` for the file `<module>.py`; only the files above exist).
Write 3 to 8 focused test functions, each with its own name and purpose (never repeat a
test), with plain asserts on values the design and requirement determine.
Answer with the whole test file in one ```python code block and nothing after it.
"""

FUNCTION_WRITE_PROMPT = """\
{inputs}

Write one pytest file for the function of the requirement. Import it from the module of the
file the requirement names (for `solution.py`: `from solution import <function>`). Write 3
to 8 focused test functions, each with its own name and purpose: the examples given in the
requirement, then edge cases whose expected values follow from the requirement beyond doubt.
Plain asserts only.
Answer with the whole test file in one ```python code block and nothing after it.
"""

CHANGE_CHANNELS = ("change", "requirement", "design", "tasks", "code", "tests")

CHANGE_WRITE_PROMPT = """\
{inputs}

The project above was just changed as the requirement above asks. Its existing test files
(above) stay and keep running. Write one new pytest file that tests what the change adds
or alters, and nothing the old tests already cover. Import the project's modules by their
module names (`from <module> import <Name>` for the file `<module>.py`). Write 2 to 6
focused test functions, each with its own name, with plain asserts.
If an existing test checks behaviour the change alters on purpose, name it on a line
`OBSOLETE: <test file>::<test name> - <why>` before the code block (one line per test):
it is removed, and your tests replace it. Name no other test.
Answer with those lines, if any, then the whole new test file in one ```python code block.
"""

WRITE_PROMPT = ScopedPrompt(PROJECT_WRITE_PROMPT, function=FUNCTION_WRITE_PROMPT, change=CHANGE_WRITE_PROMPT)

REVISE_PROMPT = """\
{inputs}

The same tests kept failing after the Engineer fixed the code, so the tests themselves may be
wrong (a wrong expected value, a wrong import, an interface the design does not have).
Rewrite the test file so that it tests what the design and requirement really specify.
Answer with the whole test file in one ```python code block and nothing after it.
"""

ADAPT_CHANNELS = ("requirement", "code")
"""The shipped code and what it must do; no design (the shipped version may not follow it,
and its class names are what misled) and not the old suite (the 1.5B, shown it, wrote the
same imports again: the one-module run in docs/benchmarks.md 5.3)."""

ADAPT_PROMPT = """\
{inputs}

Write one pytest file for the code above: it is the version that ships. It defines only
these names, so import only these ({offered}); it has no {missing}. Write 3 to 8 focused
test functions, each with its own name, with plain asserts on values the requirement
determines beyond doubt.
Answer with the whole test file in one ```python code block and nothing after it.
"""


def suite_behind_selection(state: SopState) -> list[str]:
    """The names QA's suite imports that the shipped code lacks, when execution shipped a
    candidate other than the SOP's file QA wrote the suite against; else none. A red run
    then says nothing about the code: QA adapts the suite (``nodes.suite_imports``: why;
    ``graph.routing``: the edges back)."""
    selection = state.get("selection")
    if selection is None or selection.chosen == 0:
        return []
    return missing_imports(state.get("tests") or {}, state.get("code") or {})


def adapt_template(state: SopState, missing: list[str]) -> str:
    """The adaptation prompt, naming what the shipped code offers and what it lacks."""
    offered = "; ".join(
        f"from {module} import {', '.join(names)}"
        for module, names in offered_names(state.get("code") or {}).items()
    )
    return ADAPT_PROMPT.replace("{offered}", offered or "none").replace(
        "{missing}", ", ".join(f"`{name}`" for name in missing)
    )


def test_file_path(state: SopState) -> str:
    """One test file per project, named after it (QA writes one file as plain text); in a
    change run one more, for the change (``ChangeRequest.test_file``)."""
    change = change_of(state)
    if change is not None:
        return change.test_file
    existing = sorted(p for p in state.get("tests") or {} if p != TRUSTED_TESTS_PATH)
    if existing:
        return existing[0]
    prd = state.get("prd")
    return f"tests/test_{prd.project_name if prd is not None else 'project'}.py"


def write_tests(state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
    """First pass: a suite from the design and code. Later passes: revise failing tests."""
    path = test_file_path(state)
    change = change_of(state)
    revising = path in (state.get("tests") or {}) if change is not None else bool(state.get("tests"))
    behind = suite_behind_selection(state)
    channels: tuple[str, ...]
    if behind:
        # before any run, an adaptation to what selection shipped; after a red run, a revision
        revising = bool(state.get("test_reports"))
        channels, template = ADAPT_CHANNELS, adapt_template(state, behind)
    elif revising:
        channels, template = REVISE_CHANNELS, REVISE_PROMPT
    else:
        channels = CHANGE_CHANNELS if change is not None else WRITE_CHANNELS
        template = WRITE_PROMPT.for_state(state)
    code = state.get("code") or {}
    replies: list[str] = []

    def parse(text: str) -> TestSuite:
        replies.append(text)  # the last one parsed is the answer: its OBSOLETE lines count
        prd = state.get("prd")
        package = prd.project_name if prd is not None else None
        return suite_of_this_project(text, path, importable_by_tests(code), package, code)

    try:
        suite = ask_text(
            ledger,
            system=PROFILE.system_prompt(),
            prompt=fill_template(template, state, channels, ledger.model),
            schema=TestSuite,
            parse=parse,
            artifact="tests",
            max_answer_tokens=MAX_ANSWER_TOKENS,
            salvage=trimmed_suite_reply,
        )
    except InvalidArtifact as invalid:
        salvaged = compiling_part(list(replies), parse)
        if salvaged is None:
            return without_new_suite(state, invalid.message, counted=revising or bool(behind))
        suite, salvage_note = salvaged, f"; the part of its last answer that compiles ({invalid.message})"
    else:
        salvage_note = ""
    files, added, repeats, copies = [], [], [], []
    for test_file in suite.files:
        content, changes = distinct_tests(test_file.content)
        content, dropped = without_own_copies(content, code)
        content, more = completed(content, test_file.path, code, state["settings"].scope)
        files.append(test_file.model_copy(update={"content": content}))
        added += more
        repeats += changes
        copies += dropped
    retired: Update = {}
    if change is not None and not revising and not behind and replies:
        retired = retire_obsolete(state, change, named_obsolete(replies[-1]), runtime.context.sandbox)
    update: Update = retired | {
        "tests": {**retired.get("tests", {}), **{f.path: f for f in files}},
        "messages": [
            Publication(
                role="qa_engineer",
                action="AdaptTest" if behind else "ReviseTest" if revising else "WriteTest",
                artifact="tests",
                summary=", ".join(f.path for f in files)
                + imports_note(added)
                + repeats_note(repeats)
                + own_copies_note(copies)
                + obsolete_note(retired)
                + salvage_note,
            )
        ],
    }
    if revising:
        update["test_revisions"] = state.get("test_revisions", 0) + 1
        update["retries"] = state.get("retries", 0) + 1
    return update


def without_new_suite(state: SopState, why: str, *, counted: bool) -> Update:
    """QA's answer stayed invalid after every repair: the run goes on with the suite it had
    (none on a first write), the failure recorded in ``suite_failures`` and the pool's log.

    Why not stop: derived tests only ever rank candidates and never drive a fix, while the
    requirement's examples and the start check need no model; stopping threw away every
    candidate already written (the ``ini`` project, docs/benchmarks.md section 4). A failed
    revision or adaptation counts as one, so the loop cannot ask again and again."""
    kept = "kept the previous suite" if qa_has_suite(state) else "no derived tests this run"
    update: Update = {
        "suite_failures": [why],
        "messages": [
            Publication(role="qa_engineer", action="GiveUpTests", artifact="tests", summary=f"{kept}: {why}")
        ],
    }
    if counted:
        update["test_revisions"] = state.get("test_revisions", 0) + 1
        update["retries"] = state.get("retries", 0) + 1
    return update


def qa_has_suite(state: SopState) -> bool:
    """Does QA have tests of its own (derived) in the pool? The trusted file is not QA's."""
    return any(path != TRUSTED_TESTS_PATH for path in state.get("tests") or {})


def qa_has_had_its_turn(state: SopState) -> bool:
    """QA wrote a suite, or tried and gave up (``without_new_suite``): either way selection
    and the tests go ahead rather than ask QA for a first suite again."""
    return qa_has_suite(state) or bool(state.get("suite_failures"))


qa_engineer = role_node("qa_engineer", "qa_engineer", write_tests)
