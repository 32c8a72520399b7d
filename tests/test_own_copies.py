"""A test file's own copy of the project's code: dropped, so the tests run the project's."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import BAD_CALC, GOOD_CALC, script
from checkpoints.serde import make_serializer
from nodes.own_copies import MARKER, without_own_copies
from state.artifacts import CodeFile, TestSuite
from tests.graph_helpers import call_counts, run

CODE = {"calc.py": CodeFile(path="calc.py", content=BAD_CALC)}
TEST = "def test_add():\n    assert add(2, 3) == 5\n"
COPYING = "import pytest\n\n" + GOOD_CALC + "\n\n" + TEST
"""The shape of Mbpp/309: the suite defines the function it tests and imports nothing."""


def test_a_copy_is_dropped_and_the_project_definition_imported() -> None:
    repaired, changes = without_own_copies(COPYING, CODE)
    assert repaired == "import pytest\n" + MARKER + "\nfrom calc import add\n\n\n\n" + TEST
    assert changes == ["dropped the file's own add, which the project defines"]


def test_a_copy_shadowing_an_import_is_dropped_and_the_import_kept() -> None:
    shadowing = "from calc import add\n\n\n" + GOOD_CALC + "\n\n" + TEST
    repaired, changes = without_own_copies(shadowing, CODE)
    assert repaired == "from calc import add\n\n\n\n\n" + TEST and changes


@pytest.mark.parametrize(
    "content",
    [
        "from calc import add\n\n\ndef helper():\n    return 1\n\n\n" + TEST,  # not a project name
        "import pytest\n\n\n@pytest.fixture\ndef add():\n    return 1\n",  # a fixture is the test's own
        "def test_add():\n    assert True\n",  # a test, even one the project pasted in
        "def add(:\n",  # does not parse
    ],
)
def test_what_is_not_a_copy_is_left_alone(content: str) -> None:
    code = CODE | {"other.py": CodeFile(path="other.py", content="def test_add():\n    pass\n")}
    assert without_own_copies(content, code) == (content, [])


def test_names_two_modules_define_or_a_broken_module_defines_are_left_alone() -> None:
    twice = CODE | {"more.py": CodeFile(path="more.py", content=GOOD_CALC)}
    broken = {"calc.py": CodeFile(path="calc.py", content="def add(a, b:\n")}
    assert without_own_copies(COPYING, twice) == (COPYING, [])
    assert without_own_copies(COPYING, broken) == (COPYING, [])


def test_the_suite_now_catches_the_bug_and_the_engineer_fixes_it() -> None:
    """As written, the suite tests its own correct ``add`` and goes green on the subtracting
    ``calc.add``, so no fix is ever asked for; repaired, it runs ``calc.add`` for real."""
    copying = TestSuite(files=[CodeFile(path="tests/test_calc.py", content=COPYING)])
    outcome, model = run(
        InMemorySaver(serde=make_serializer()), script(buggy_first=True) | {"TestSuite": [copying]}
    )
    assert outcome.status == "succeeded" and outcome.values["retries"] == 1
    assert call_counts(model)["FixPlan"] == 1
    assert outcome.values["code"]["calc.py"].content == GOOD_CALC
    published = [m.summary for m in outcome.values["messages"] if m.action == "WriteTest"]
    (suite,) = outcome.values["tests"].values()
    assert published == [
        f"{suite.path}; copies of project code: dropped the file's own add, which the project defines"
    ]
    assert "def add" not in suite.content
