"""A read-only property its own class assigns to gets a backing attribute (``nodes.property_backing``)."""

from __future__ import annotations

from typing import Any

from nodes.code_repairs import REPAIRED
from nodes.property_backing import with_backing_attributes
from nodes.written_file import completion_note

# the bank run at 056c1c1: every candidate assigned its own read-only properties
SHADOWED = """\
class InsufficientFunds(ValueError):
    pass


class Account:
    def __init__(self, owner: str, balance: float = 0.0):
        self.owner = "é"; self.balance = balance  # non-ASCII before the attribute
        self.history = []

    def withdraw(self, amount: float) -> float:
        if amount > self.balance:
            raise InsufficientFunds("Insufficient funds")
        self.balance -= amount
        self.history.append(("withdraw", amount))
        return self.balance

    def transfer(self, amount: float, to: "Account") -> None:
        self.withdraw(amount)
        to.balance += amount

    @property
    def balance(self) -> float:
        return self.balance

    @property
    def history(self) -> list:
        return self.history
"""


def loaded(source: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {}
    exec(compile(source, "bank.py", "exec"), namespace)
    return namespace


def test_the_class_keeps_the_value_in_a_backing_attribute_and_the_property_reads_it() -> None:
    fixed, notes = with_backing_attributes(SHADOWED)
    assert notes == ["Account.balance (kept in self._balance)", "Account.history (kept in self._history)"]
    bank = loaded(fixed)
    first, second = bank["Account"]("ann", 10.0), bank["Account"]("bob")
    first.transfer(4.0, second)
    assert (first.balance, second.balance) == (6.0, 4.0)  # another account's balance, too
    assert first.history == [("withdraw", 4.0)]
    assert 'self.owner = "é"; self._balance = balance' in fixed
    assert "to._balance += amount" in fixed
    assert "def balance(self) -> float:\n        return self._balance" in fixed


def test_the_unfixed_class_is_what_the_model_wrote_and_it_cannot_open_an_account() -> None:
    bank = loaded(SHADOWED)
    try:
        bank["Account"]("ann", 10.0)
    except AttributeError as error:
        assert "has no setter" in str(error)
    else:
        raise AssertionError("the shadowed property should not be assignable")


def test_a_property_with_a_setter_or_never_assigned_is_left_alone() -> None:
    with_setter = (
        "class A:\n    def __init__(self):\n        self.x = 1\n\n"
        "    @property\n    def x(self):\n        return self._x\n\n"
        "    @x.setter\n    def x(self, value):\n        self._x = value\n"
    )
    backed = "class B:\n    def __init__(self):\n        self._y = 1\n\n"
    backed += "    @property\n    def y(self):\n        return self._y\n"
    for source in (with_setter, backed, "def f(:\n", "x = 1\n"):
        assert with_backing_attributes(source) == (source, [])


def test_the_engineer_summary_names_the_properties_given_a_backing_attribute() -> None:
    note = completion_note(
        [f"{REPAIRED}read-only property Account.balance (kept in self._balance)", "import sys"]
    )
    assert note == "; imports added: import sys; repaired without a model: read-only property " + (
        "Account.balance (kept in self._balance)"
    )
