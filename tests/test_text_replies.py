"""Files come back from the model as plain text; these parsers turn that text into artifacts."""

from __future__ import annotations

import pytest

from state.artifacts import CodeFile, FixPlan, code_from_reply, fix_plan_from_reply, suite_from_reply


def test_fix_plan_round_trips_through_its_text_form() -> None:
    plan = FixPlan(diagnosis="add subtracts", files=[CodeFile(path="calc.py", content="x = 1\n")])
    assert fix_plan_from_reply(plan.as_reply(), None) == plan


def test_an_unlabelled_block_is_the_file_the_failure_involves() -> None:
    plan = fix_plan_from_reply("The sign is wrong.\n```python\ny = 2\n```", "calc.py")
    assert plan.diagnosis == "The sign is wrong." and plan.files[0].path == "calc.py"


def test_tests_are_wrong_sends_to_qa_without_files() -> None:
    plan = fix_plan_from_reply("DIAGNOSIS: 2+3 is 5, not 6\nSEND TO: QaEngineer", "calc.py")
    assert plan.send_to == "QaEngineer" and plan.files == []


def test_a_fix_naming_a_path_outside_the_project_is_refused() -> None:
    with pytest.raises(ValueError, match="absolute"):
        fix_plan_from_reply("FILE: /etc/passwd\n```python\nx\n```", None)


def test_code_is_the_longest_block_or_the_whole_reply() -> None:
    assert code_from_reply("Here:\n```python\nx = 1\n```\nand\n```\ny\n```").content == "x = 1\n"
    assert code_from_reply("x = 2").content == "x = 2\n"
    assert code_from_reply("```python\ncut = 'off").content == "cut = 'off\n"


def test_a_reply_without_tests_is_refused() -> None:
    with pytest.raises(ValueError, match="no pytest test function"):
        suite_from_reply("```python\nprint('hi')\n```", "tests/test_x.py")
    suite = suite_from_reply("```python\ndef test_x():\n    assert 1\n```", "tests/test_x.py")
    assert suite.files[0].path == "tests/test_x.py"


def test_a_test_file_that_does_not_compile_is_refused_with_its_line() -> None:
    """The parse check, not the test run, catches it: a red run would go to the Engineer."""
    with pytest.raises(ValueError, match="does not compile: line 2"):
        suite_from_reply("```python\ndef test_x():\n    assert f([1.0, 2.\n```", "tests/test_x.py")


def test_a_fix_whose_file_does_not_compile_is_refused() -> None:
    """HumanEval/13 on the 1.5B: the fix looped inside the docstring and was cut off; applied,
    it replaced correct code with a file that does not import."""
    cut = 'FILE: solution.py\n```python\ndef gcd(a, b):\n    """ Return the gcd\n    >>> gcd(-'
    with pytest.raises(ValueError, match=r"the rewritten solution\.py does not compile: line \d"):
        fix_plan_from_reply(cut, "solution.py")
