"""QA Engineer: writes pytest tests against the design's interfaces; revises them once
when the same failure survives a fix (the tests may be what is wrong).

Subscribes to: ``design``, ``tasks``, ``code`` (and, when revising, ``tests`` and the
latest ``test_reports``). Publishes: ``tests``, ``test_revisions``.
"""

from __future__ import annotations

import ast
import contextlib
import functools
from collections.abc import Collection, Mapping

from langgraph.runtime import Runtime

from nodes.auto_imports import completed, imports_note
from nodes.code_checks import import_problem, module_names, unknown_imports
from nodes.context import Context
from nodes.llm import Ledger, ask_text
from nodes.own_copies import own_copies_note, without_own_copies
from nodes.prompting import RoleProfile, ScopedPrompt, fill_template
from nodes.repeated_tests import distinct_tests, repeats_note
from nodes.role_node import Update, role_node
from nodes.salvage import compiling_prefix
from state.acceptance import TRUSTED_TESTS_PATH
from state.artifacts import CodeFile, Publication, TestSuite, code_from_reply, fenced, suite_from_reply
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

WRITE_PROMPT = ScopedPrompt(PROJECT_WRITE_PROMPT, function=FUNCTION_WRITE_PROMPT)

REVISE_PROMPT = """\
{inputs}

The same tests kept failing after the Engineer fixed the code, so the tests themselves may be
wrong (a wrong expected value, a wrong import, an interface the design does not have).
Rewrite the test file so that it tests what the design and requirement really specify.
Answer with the whole test file in one ```python code block and nothing after it.
"""


def test_file_path(state: SopState) -> str:
    """One test file per project, named after it (QA writes one file as plain text)."""
    existing = sorted(p for p in state.get("tests") or {} if p != TRUSTED_TESTS_PATH)
    if existing:
        return existing[0]
    prd = state.get("prd")
    return f"tests/test_{prd.project_name if prd is not None else 'project'}.py"


def trimmed_suite_reply(text: str) -> str | None:
    """A test-file reply cut off mid-loop, its unfinished last lines dropped; None when no
    line-prefix compiles (``suite_from_reply`` then checks the rest, as for any reply).

    Why: the 1.5B wrote one assert over and over until the answer cap cut it mid-line
    (HumanEval/0); the file did not compile, the run reported "0 passed, 0 failed, 1 errors"
    and the Engineer spent three fix rounds on correct code. The asserts before the cut are
    a usable suite.
    """
    try:
        kept = compiling_prefix(code_from_reply(text).content)
    except ValueError:  # an empty reply
        return None
    return fenced(kept) if kept is not None else None


def importable_by_tests(code: Mapping[str, CodeFile]) -> set[str]:
    """The project's modules, and the missing ones its code imports itself.

    A module the *code* imports but nobody wrote is the Engineer's bug (the 1.5B's
    brick-breaker ``main.py`` imported a ``brick_breaker_ui`` the design never had): tests
    that import it too are consistent with the code, and the red run they give, with the
    start check's traceback, goes to the Engineer, who can fix it. Refusing them would leave
    QA nothing valid to write.
    """
    files = module_names(code)
    expected_by_code: set[str] = set()
    for source in code.values():
        with contextlib.suppress(SyntaxError, ValueError):
            expected_by_code.update(unknown_imports(ast.parse(source.content), files))
    return files | expected_by_code


def suite_of_this_project(text: str, path: str, project_modules: Collection[str]) -> TestSuite:
    """``suite_from_reply``, plus: the tests import only what exists here.

    A suite importing a module the project does not have (the 1.5B wrote ``from game import
    Game`` in projects with no ``game.py``) fails at collection on every run, so it goes back
    to QA as a repair, with the project's real modules, instead of to the Engineer as a
    failure of the code.
    """
    suite = suite_from_reply(text, path)
    for test_file in suite.files:
        problem = import_problem(ast.parse(test_file.content), project_modules, "the test file")
        if problem is not None:
            raise ValueError(problem)
    return suite


def write_tests(state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
    """First pass: a suite from the design and code. Later passes: revise failing tests."""
    revising = bool(state.get("tests"))
    if revising:
        channels, template = REVISE_CHANNELS, REVISE_PROMPT
    else:
        channels, template = WRITE_CHANNELS, WRITE_PROMPT.for_scope(state["settings"].scope)
    path = test_file_path(state)
    code = state.get("code") or {}
    suite = ask_text(
        ledger,
        system=PROFILE.system_prompt(),
        prompt=fill_template(template, state, channels, ledger.model),
        schema=TestSuite,
        parse=functools.partial(suite_of_this_project, path=path, project_modules=importable_by_tests(code)),
        artifact="tests",
        max_answer_tokens=MAX_ANSWER_TOKENS,
        salvage=trimmed_suite_reply,
    )
    files, added, repeats, copies = [], [], [], []
    for test_file in suite.files:
        content, changes = distinct_tests(test_file.content)
        content, dropped = without_own_copies(content, code)
        content, more = completed(content, test_file.path, code, state["settings"].scope)
        files.append(test_file.model_copy(update={"content": content}))
        added += more
        repeats += changes
        copies += dropped
    update: Update = {
        "tests": {f.path: f for f in files},
        "messages": [
            Publication(
                role="qa_engineer",
                action="ReviseTest" if revising else "WriteTest",
                artifact="tests",
                summary=", ".join(f.path for f in files)
                + imports_note(added)
                + repeats_note(repeats)
                + own_copies_note(copies),
            )
        ],
    }
    if revising:
        update["test_revisions"] = state.get("test_revisions", 0) + 1
        update["retries"] = state.get("retries", 0) + 1
    return update


qa_engineer = role_node("qa_engineer", "qa_engineer", write_tests)
