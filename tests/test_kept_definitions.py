"""A change's rewrite that drops a definition gets it back from the version before."""

from __future__ import annotations

from nodes.kept_definitions import MARKER, dropped_definitions, with_kept_definitions

UNITS = (
    "def c_to_f(c: float) -> float:\n    return round(c * 9 / 5 + 32, 2)\n\n\n"
    "def f_to_c(f: float) -> float:\n    return round((f - 32) * 5 / 9, 2)\n"
)
RENAMED = (  # the 1.5B's answer to "add c_to_k": c_to_f renamed, with a main guard
    "def c_to_k(c: float) -> float:\n    return round(c + 273.15, 2)\n\n\n"
    "def f_to_c(f: float) -> float:\n    return round((f - 32) * 5 / 9, 2)\n\n\n"
    'if __name__ == "__main__":\n    print(c_to_f(100))\n'
)
CHANGE = "Add `c_to_k(c: float) -> float` in `units.py`. The existing commands stay as they are."


def test_a_renamed_function_is_put_back_before_the_main_guard() -> None:
    kept, names = with_kept_definitions(UNITS, RENAMED, CHANGE)
    assert names == ["c_to_f"]
    namespace: dict[str, object] = {"__name__": "units"}
    exec(compile(kept, "units.py", "exec"), namespace)
    assert {"c_to_f", "c_to_k", "f_to_c"} <= set(namespace)
    assert kept.index(MARKER) < kept.index('if __name__ == "__main__":')
    exec(compile(kept, "units.py", "exec"), {"__name__": "__main__"})  # the guard finds c_to_f defined


def test_a_name_the_change_mentions_may_go() -> None:
    assert dropped_definitions(UNITS, RENAMED, "Rename `c_to_f` to `c_to_k`.") == {}


def test_a_function_moved_to_another_module_and_imported_stays_moved() -> None:
    moved = "from conversions import c_to_f\n\n\ndef f_to_c(f: float) -> float:\n    return f\n"
    assert dropped_definitions(UNITS, moved, CHANGE) == {}


def test_decorators_and_classes_come_back_whole_and_files_that_do_not_parse_are_left() -> None:
    before = (
        "import functools\n\n\n@functools.cache\ndef slow(n):\n    return n\n\n\nclass Box:\n    size = 1\n"
    )
    kept, names = with_kept_definitions(before, "x = 1\n", "Add x.")
    assert names == ["slow", "Box"]
    assert "@functools.cache\ndef slow(n):" in kept and kept.rstrip().endswith("size = 1")
    assert with_kept_definitions(before, "def broken(:\n", "Add x.") == ("def broken(:\n", [])
