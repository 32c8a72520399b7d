import pytest
from roman import from_roman, to_roman


def test_the_stated_examples():
    assert to_roman(1994) == "MCMXCIV"
    assert from_roman("XLII") == 42


def test_subtractive_forms_and_the_bounds():
    assert to_roman(4) == "IV"
    assert to_roman(9) == "IX"
    assert to_roman(40) == "XL"
    assert to_roman(1) == "I"
    assert to_roman(3999) == "MMMCMXCIX"


def test_every_number_round_trips():
    for number in range(1, 4000):
        assert from_roman(to_roman(number)) == number


@pytest.mark.parametrize("number", [0, -5, 4000])
def test_numbers_out_of_range_are_refused(number):
    with pytest.raises(ValueError):
        to_roman(number)


@pytest.mark.parametrize("numeral", ["", "IIII", "ABC", "VX"])
def test_strings_that_are_not_standard_numerals_are_refused(numeral):
    with pytest.raises(ValueError):
        from_roman(numeral)
