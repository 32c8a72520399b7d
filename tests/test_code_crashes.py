"""How the project's own code crashed in a test run (``nodes.code_checks.crashing_tests``):
the signal that drives a fix even when only derived tests reached the broken line."""

from __future__ import annotations

from nodes.code_checks import code_crashes, crashing_tests
from nodes.run_tests import cured_crash
from nodes.sandbox import SandboxLimits, run_tests_sandboxed
from nodes.sandbox.junit import innermost_frame
from state.artifacts import CodeFile, FixPlan, TestOutcome, TestReport

BANK = (
    "class Account:\n"
    "    def __init__(self, balance: float = 0.0) -> None:\n"
    "        self.balance = balance\n\n"
    "    @property\n"
    "    def balance(self) -> float:\n"
    "        return 0.0\n\n"
    "    def deposit(self, amount: float) -> float:\n"
    "        if amount <= 0:\n"
    "            raise ValueError('amount')\n"
    "        return amount\n"
)
FIXED_BANK = BANK.replace("self.balance = balance", "self._balance = balance")
CODE = {"bank.py": CodeFile(path="bank.py", content=BANK)}
SETTER = "AttributeError: property 'balance' of 'Account' object has no setter"


def failed(nodeid: str, message: str, raised_in: str) -> TestOutcome:
    return TestOutcome(nodeid=nodeid, outcome="failed", message=message, raised_in=raised_in)


def test_the_innermost_frame_of_a_short_traceback_is_where_it_was_raised() -> None:
    traceback = (
        "tests/test_bank.py:4: in test_open\n    a = Account('x', 5)\n"
        "bank.py:9: in __init__\n    self.balance = balance\n"
        "E   AttributeError: property 'balance' of 'Account' object has no setter\n"
    )
    assert innermost_frame(traceback) == "bank.py"
    assert innermost_frame("E   assert 1 == 2\n") == ""


def test_a_real_sandbox_run_says_which_file_raised() -> None:
    suite = (
        "import pytest\nfrom bank import Account\n\n\n"
        "def test_open():\n    assert Account(5).deposit(1) == 1\n\n\n"
        "def test_call():\n    Account.deposit(object())\n\n\n"
        "def test_refused():\n    with pytest.raises(ValueError):\n        Account.deposit(object(), 0)\n"
    )
    result = run_tests_sandboxed(
        {"bank.py": BANK, "tests/test_bank.py": suite},
        test_paths=["tests/test_bank.py"],
        limits=SandboxLimits(wall_seconds=60.0, test_seconds=10.0),
    )
    by_test = {o.nodeid.rsplit("::", 1)[-1]: o for o in result.outcomes}
    assert by_test["test_open"].raised_in == "bank.py"
    assert by_test["test_call"].raised_in == "tests/test_bank.py"  # a wrong call: the caller's frame
    report = TestReport(failed=2, outcomes=result.outcomes)
    assert list(crashing_tests(report, CODE)) == ["tests/test_bank.py::test_open"]


def test_only_programming_errors_raised_in_the_code_count() -> None:
    report = TestReport(
        failed=4,
        outcomes=[
            failed("t::setter", SETTER, "bank.py"),
            failed("t::len", "TypeError: object of type 'Account' has no len()", "tests/test_bank.py"),
            failed("t::asked", "ValueError: amount", "bank.py"),
            failed("t::library", "TypeError: unhashable type: 'list'", "/usr/lib/python3.11/json/encoder.py"),
        ],
    )
    assert list(crashing_tests(report, CODE)) == ["t::setter"]
    assert code_crashes(report, CODE) == [
        "AttributeError: property 'balance' of 'Account' object has no setter (raised in bank.py)"
    ]


def test_a_fix_is_credited_for_fewer_crashing_tests_and_none_new() -> None:
    before = TestReport(failed=2, outcomes=[failed(f"t::{n}", SETTER, "bank.py") for n in "ab"])
    fixed = {"bank.py": CodeFile(path="bank.py", content=FIXED_BANK)}
    fix = FixPlan(diagnosis="setter", files=list(fixed.values()), replaced=list(CODE.values()))
    next_crash = "TypeError: unsupported operand type(s) for +: 'NoneType' and 'int' (raised in bank.py)"
    fewer = TestReport(failed=1, outcomes=[failed("t::a", next_crash.split(" (")[0], "bank.py")])
    assert cured_crash(fix, before, fewer, fixed)
    assert cured_crash(fix, before, TestReport(passed=2), fixed)
    assert not cured_crash(fix, before, before, fixed)
    other = TestReport(failed=1, outcomes=[failed("t::c", "AttributeError: x", "bank.py")])
    assert not cured_crash(fix, before, other, fixed)  # a crash where there was none


def test_the_fix_prompt_names_the_codes_own_crash() -> None:
    from nodes.debug_fix import prompt_template

    crashed = TestReport(failed=1, outcomes=[failed("t::a", SETTER, "bank.py")])
    prompt = prompt_template({"code": CODE, "test_reports": [crashed]})  # type: ignore[typeddict-item]
    assert "crashed in its own lines (AttributeError: property 'balance'" in prompt
    red = TestReport(failed=1, outcomes=[failed("t::a", "assert 1 == 2", "")])
    assert "its own lines" not in prompt_template({"code": CODE, "test_reports": [red]})  # type: ignore[typeddict-item]
