"""Roman numerals 1..3999 in standard subtractive form."""

_VALUES = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]  # fmt: skip
_STANDARD = {}


def to_roman(number: int) -> str:
    if not 1 <= number <= 3999:
        raise ValueError(f"out of range 1..3999: {number}")
    parts = []
    for value, letters in _VALUES:
        count, number = divmod(number, value)
        parts.append(letters * count)
    return "".join(parts)


def from_roman(numeral: str) -> int:
    if not _STANDARD:
        _STANDARD.update({to_roman(n): n for n in range(1, 4000)})
    if numeral not in _STANDARD:
        raise ValueError(f"not a Roman numeral in standard form: {numeral!r}")
    return _STANDARD[numeral]
