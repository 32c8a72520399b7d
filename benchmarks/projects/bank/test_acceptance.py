import pytest
from bank import Account, InsufficientFunds


def test_deposit_and_withdraw_return_the_new_balance():
    account = Account("ann", 100.0)
    assert account.deposit(50.0) == pytest.approx(150.0)
    assert account.withdraw(30.0) == pytest.approx(120.0)
    assert account.balance == pytest.approx(120.0)
    assert Account("bob").balance == 0.0


def test_a_negative_opening_balance_is_refused():
    with pytest.raises(ValueError):
        Account("ann", -1.0)


@pytest.mark.parametrize("amount", [0, -5.0])
def test_amounts_must_be_positive(amount):
    account = Account("ann", 10.0)
    with pytest.raises(ValueError):
        account.deposit(amount)
    with pytest.raises(ValueError):
        account.withdraw(amount)
    assert account.balance == pytest.approx(10.0)


def test_an_overdraft_is_refused_and_changes_nothing():
    account = Account("ann", 20.0)
    with pytest.raises(InsufficientFunds):
        account.withdraw(20.01)
    assert issubclass(InsufficientFunds, ValueError)
    assert account.balance == pytest.approx(20.0)
    assert account.withdraw(20.0) == pytest.approx(0.0)


def test_transfer_moves_money_or_nothing():
    ann, bob = Account("ann", 50.0), Account("bob", 5.0)
    ann.transfer(20.0, bob)
    assert (ann.balance, bob.balance) == (pytest.approx(30.0), pytest.approx(25.0))
    with pytest.raises(InsufficientFunds):
        ann.transfer(31.0, bob)
    with pytest.raises(ValueError):
        ann.transfer(-1.0, bob)
    assert (ann.balance, bob.balance) == (pytest.approx(30.0), pytest.approx(25.0))


def test_history_lists_the_successful_operations_in_order():
    ann, bob = Account("ann", 10.0), Account("bob")
    ann.deposit(5.0)
    with pytest.raises(InsufficientFunds):
        ann.withdraw(100.0)
    ann.withdraw(3.0)
    ann.transfer(2.0, bob)
    assert ann.history == [("deposit", 5.0), ("withdraw", 3.0), ("transfer_out", 2.0)]
    assert bob.history == [("transfer_in", 2.0)]


def test_the_balance_cannot_be_set_directly():
    account = Account("ann", 10.0)
    with pytest.raises(AttributeError):
        account.balance = 1000.0
    assert account.balance == pytest.approx(10.0)
