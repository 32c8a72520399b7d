def c_to_f(c: float) -> float:
    return round(c * 9 / 5 + 32, 2)


def f_to_c(f: float) -> float:
    return round((f - 32) * 5 / 9, 2)


def c_to_k(c: float) -> float:
    return round(c + 273.15, 2)
