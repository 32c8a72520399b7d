import pytest
from expr import evaluate


def test_precedence():
    assert evaluate("2 + 3 * 4") == 14.0
    assert evaluate("2 * 3 + 4") == 10.0
    assert evaluate("7 - 6 / 3") == 5.0


def test_equal_precedence_is_left_to_right():
    assert evaluate("10 - 4 - 3") == 3.0
    assert evaluate("8 / 4 / 2") == 1.0


def test_parentheses_and_spaces():
    assert evaluate("(2 + 3) * 4") == 20.0
    assert evaluate("((1+2))*(3+4)") == 21.0
    assert evaluate("   6/( 1 +2 )  ") == 2.0


def test_unary_minus_and_decimals():
    assert evaluate("-(2 + 3) * 2") == -10.0
    assert evaluate("2 * -3") == -6.0
    assert evaluate("1.5 + 2.25") == 3.75
    assert evaluate("-4") == -4.0


def test_the_result_is_a_float():
    assert isinstance(evaluate("1 + 1"), float)


@pytest.mark.parametrize("expression", ["", "(1 + 2", "1 + 2)", "1 +", "* 2", "1 2", "2 $ 3", "abc"])
def test_malformed_expressions_are_refused(expression):
    with pytest.raises(ValueError):
        evaluate(expression)


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError):
        evaluate("1 / (2 - 2)")
