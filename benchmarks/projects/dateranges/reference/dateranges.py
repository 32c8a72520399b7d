"""Inclusive ranges of calendar days."""

from datetime import date


def _check(r: tuple[date, date]) -> None:
    if r[1] < r[0]:
        raise ValueError(f"range ends before it starts: {r}")


def overlap_days(first: tuple[date, date], second: tuple[date, date]) -> int:
    _check(first)
    _check(second)
    start, end = max(first[0], second[0]), min(first[1], second[1])
    return max(0, (end - start).days + 1)


def overlaps(first: tuple[date, date], second: tuple[date, date]) -> bool:
    return overlap_days(first, second) > 0


def merge(ranges: list[tuple[date, date]]) -> list[tuple[date, date]]:
    for r in ranges:
        _check(r)
    merged: list[tuple[date, date]] = []
    for start, end in sorted(ranges):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
