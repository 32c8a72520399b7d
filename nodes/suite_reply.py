"""QA's reply read as a test suite of this project: imports checked, a cut-off end dropped.

Why apart from the role: these are the checks every QA answer passes before it is a
``TestSuite`` (a test file that imports a module the project lacks goes back to QA as a
repair; a reply cut off mid-loop keeps the tests before the cut), shared by writing,
revising and adapting, and testable without a model.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Collection, Mapping

from nodes.code_checks import import_problem, module_names, unknown_imports
from nodes.package_imports import flattened
from nodes.salvage import compiling_prefix
from state.artifacts import CodeFile, TestSuite, code_from_reply, fenced, suite_from_reply
from state.syntax_tree import parse_module


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


def compiling_part(replies: list[str], parse: Callable[[str], TestSuite]) -> TestSuite | None:
    """The suite in the latest reply whose unfinished end, dropped, leaves tests that pass
    ``parse``; None when no reply has such a part.

    Why: a last resort once the repairs are spent. The 1.5B's suite for the contacts project
    ended in a test function with no body, three answers running; the whole suite was lost
    and with it every derived test the candidates could have been ranked by. The tests
    before the broken end are a usable suite, as for a reply cut off in a loop
    (``trimmed_suite_reply``), whatever stopped the answer there.
    """
    for text in reversed(replies):
        trimmed = trimmed_suite_reply(text)
        if trimmed is None:
            continue
        with contextlib.suppress(ValueError):
            return parse(trimmed)
    return None


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
            expected_by_code.update(unknown_imports(parse_module(source.content), files))
    return files | expected_by_code


def suite_of_this_project(
    text: str,
    path: str,
    project_modules: Collection[str],
    package: str | None = None,
    code: Mapping[str, CodeFile] | None = None,
) -> TestSuite:
    """``suite_from_reply``, plus: the tests import only what exists here.

    A suite importing a module the project does not have (the 1.5B wrote ``from game import
    Game`` in projects with no ``game.py``) fails at collection on every run, so it goes back
    to QA as a repair, with the project's real modules, instead of to the Engineer as a
    failure of the code. Imports through the project's own name (``package``, the PRD's
    ``project_name``) are made flat first (``nodes.package_imports``), as they mean.
    """
    suite = suite_from_reply(text, path)
    files = []
    for test_file in suite.files:
        content, _ = flattened(test_file.content, package, code or {})
        problem = import_problem(parse_module(content), project_modules, "the test file")
        if problem is not None:
            raise ValueError(problem)
        files.append(test_file.model_copy(update={"content": content}))
    return suite.model_copy(update={"files": files})
