from datetime import date

import pytest
from dateranges import merge, overlap_days, overlaps


def d(day, month=1):
    return date(2024, month, day)


def test_the_stated_examples():
    assert overlaps((d(1), d(10)), (d(10), d(20))) is True
    assert overlaps((d(1), d(9)), (d(10), d(20))) is False


def test_overlap_in_either_order_and_containment():
    assert overlaps((d(10), d(20)), (d(1), d(10)))
    assert overlaps((d(1), d(31)), (d(5), d(6)))
    assert overlaps((d(5), d(5)), (d(5), d(5)))


def test_overlap_days():
    assert overlap_days((d(1), d(10)), (d(10), d(20))) == 1
    assert overlap_days((d(1), d(10)), (d(5), d(20))) == 6
    assert overlap_days((d(1), d(9)), (d(10), d(20))) == 0
    assert overlap_days((d(25), d(5, 2)), (d(1, 2), d(10, 2))) == 5


def test_merge_joins_overlapping_ranges_sorted_by_start():
    ranges = [(d(15), d(20)), (d(1), d(5)), (d(4), d(10)), (d(18), d(25))]
    assert merge(ranges) == [(d(1), d(10)), (d(15), d(25))]


def test_merge_keeps_touching_ranges_apart():
    assert merge([(d(10), d(20)), (d(1), d(9))]) == [(d(1), d(9)), (d(10), d(20))]
    assert merge([]) == []


def test_a_range_ending_before_it_starts_is_refused():
    backwards = (d(10), d(1))
    with pytest.raises(ValueError):
        overlaps(backwards, (d(1), d(2)))
    with pytest.raises(ValueError):
        overlap_days((d(1), d(2)), backwards)
    with pytest.raises(ValueError):
        merge([(d(1), d(2)), backwards])
