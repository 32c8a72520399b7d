import pytest
from rle import rle_decode, rle_encode


def test_the_stated_example_both_ways():
    assert rle_encode("aaab") == "3a1b"
    assert rle_decode("3a1b") == "aaab"


def test_single_characters_get_a_count_of_one():
    assert rle_encode("abc") == "1a1b1c"


def test_runs_longer_than_nine_have_multi_digit_counts():
    assert rle_encode("x" * 12 + "y") == "12x1y"
    assert rle_decode("12x1y") == "x" * 12 + "y"


def test_empty_string():
    assert rle_encode("") == ""
    assert rle_decode("") == ""


def test_round_trip_with_spaces_and_punctuation():
    for text in ["  hello,  world!!", "zzzzzzzzzzzzzzzzzzzzzzzzz", "a b c", "AAaa"]:
        assert rle_decode(rle_encode(text)) == text


def test_a_character_without_a_count_is_invalid():
    with pytest.raises(ValueError):
        rle_decode("ab")


def test_a_count_without_a_character_is_invalid():
    with pytest.raises(ValueError):
        rle_decode("3a4")
