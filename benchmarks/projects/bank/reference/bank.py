"""A bank account that never goes below zero."""

from __future__ import annotations


class InsufficientFunds(ValueError):
    """A withdrawal or transfer larger than the balance."""


class Account:
    def __init__(self, owner: str, balance: float = 0.0) -> None:
        if balance < 0:
            raise ValueError("negative opening balance")
        self.owner = owner
        self._balance = balance
        self.history: list[tuple[str, float]] = []

    @property
    def balance(self) -> float:
        return self._balance

    @staticmethod
    def _positive(amount: float) -> None:
        if amount <= 0:
            raise ValueError("amount must be positive")

    def deposit(self, amount: float) -> float:
        self._positive(amount)
        self._balance += amount
        self.history.append(("deposit", amount))
        return self._balance

    def withdraw(self, amount: float) -> float:
        self._take(amount)
        self.history.append(("withdraw", amount))
        return self._balance

    def _take(self, amount: float) -> None:
        self._positive(amount)
        if amount > self._balance:
            raise InsufficientFunds(f"balance {self._balance} < {amount}")
        self._balance -= amount

    def transfer(self, amount: float, to: Account) -> None:
        self._take(amount)
        self.history.append(("transfer_out", amount))
        to._balance += amount
        to.history.append(("transfer_in", amount))
