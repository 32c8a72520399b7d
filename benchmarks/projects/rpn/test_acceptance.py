import pytest
from rpn import evaluate_rpn


def test_the_stated_examples():
    assert evaluate_rpn("3 4 + 2 *") == 14.0
    assert evaluate_rpn("5 1 2 + 4 * + 3 -") == 14.0


def test_the_earlier_value_is_the_left_operand():
    assert evaluate_rpn("10 4 -") == 6.0
    assert evaluate_rpn("7 2 /") == 3.5


def test_negative_and_decimal_numbers():
    assert evaluate_rpn("-2.5 2 *") == -5.0
    assert evaluate_rpn("1.5 -0.5 +") == pytest.approx(1.0)
    assert evaluate_rpn("42") == 42.0


def test_the_result_is_a_float():
    assert isinstance(evaluate_rpn("2 3 +"), float)


@pytest.mark.parametrize("expression", ["", "   ", "1 +", "+", "1 2", "1 x +", "2 3 ^"])
def test_malformed_expressions_are_refused(expression):
    with pytest.raises(ValueError):
        evaluate_rpn(expression)


def test_division_by_zero():
    with pytest.raises(ZeroDivisionError):
        evaluate_rpn("1 0 /")
