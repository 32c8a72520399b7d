"""Length and temperature conversion."""

_METRES = {
    "mm": 0.001, "cm": 0.01, "m": 1.0, "km": 1000.0,
    "in": 0.0254, "ft": 0.3048, "mi": 1609.344,
}  # fmt: skip
_TEMPERATURES = ("C", "F", "K")


def _to_kelvin(value: float, unit: str) -> float:
    kelvin = {"K": value, "C": value + 273.15, "F": (value - 32) * 5 / 9 + 273.15}[unit]
    if kelvin < 0:
        raise ValueError("below absolute zero")
    return kelvin


def convert(value: float, from_unit: str, to_unit: str) -> float:
    if from_unit in _METRES and to_unit in _METRES:
        return value * _METRES[from_unit] / _METRES[to_unit]
    if from_unit in _TEMPERATURES and to_unit in _TEMPERATURES:
        kelvin = _to_kelvin(value, from_unit)
        if from_unit == to_unit:
            return float(value)
        return {"K": kelvin, "C": kelvin - 273.15, "F": (kelvin - 273.15) * 9 / 5 + 32}[to_unit]
    raise ValueError(f"cannot convert {from_unit!r} to {to_unit!r}")
