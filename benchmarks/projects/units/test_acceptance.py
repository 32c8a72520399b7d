import pytest
from units import convert


def test_the_stated_examples():
    assert convert(1, "km", "m") == pytest.approx(1000.0)
    assert convert(100, "C", "F") == pytest.approx(212.0)


def test_imperial_and_metric_lengths():
    assert convert(1, "mi", "ft") == pytest.approx(5280.0)
    assert convert(12, "in", "ft") == pytest.approx(1.0)
    assert convert(1, "in", "mm") == pytest.approx(25.4)
    assert convert(1, "mi", "km") == pytest.approx(1.609344)
    assert convert(250, "cm", "m") == pytest.approx(2.5)


def test_temperatures():
    assert convert(32, "F", "C") == pytest.approx(0.0)
    assert convert(0, "K", "C") == pytest.approx(-273.15)
    assert convert(0, "C", "K") == pytest.approx(273.15)
    assert convert(-40, "C", "F") == pytest.approx(-40.0)


def test_a_unit_to_itself_is_unchanged():
    assert convert(3.5, "ft", "ft") == pytest.approx(3.5)
    assert convert(21.0, "C", "C") == pytest.approx(21.0)


def test_unknown_units_are_refused():
    with pytest.raises(ValueError):
        convert(1, "furlong", "m")
    with pytest.raises(ValueError):
        convert(1, "m", "yd")


def test_length_and_temperature_do_not_mix():
    with pytest.raises(ValueError):
        convert(1, "m", "C")


def test_below_absolute_zero_is_refused():
    with pytest.raises(ValueError):
        convert(-300, "C", "K")
    with pytest.raises(ValueError):
        convert(-1, "K", "C")
