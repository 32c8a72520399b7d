import pytest
from main import run
from units import c_to_f, f_to_c


def test_the_stated_examples():
    assert run(["c2f", "100"]) == "212.0"
    assert run(["f2c", "32"]) == "0.0"


def test_conversions_round_to_two_decimals():
    assert c_to_f(37.5) == 99.5
    assert f_to_c(100) == 37.78


def test_unknown_commands_are_refused():
    with pytest.raises(ValueError):
        run(["k2c", "1"])
