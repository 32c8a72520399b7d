"""A change's rewrite that drops a definition gets it back from the version before."""

from __future__ import annotations

from nodes.kept_definitions import MARKER, dropped_definitions, said_to_go, with_kept_definitions

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


def test_a_name_the_change_says_goes_may_go() -> None:
    assert dropped_definitions(UNITS, RENAMED, "Rename `c_to_f` to `c_to_k`.") == {}
    assert dropped_definitions(UNITS, RENAMED, "`c_to_f` is no longer needed; add `c_to_k`.") == {}


def test_a_name_the_change_only_mentions_is_kept() -> None:
    """The wordstats bug report: both functions named, neither to go; the 1.5B made them
    methods of a class, and every test failed on the import."""
    before = (
        "def word_count(text: str) -> dict[str, int]:\n    return {}\n\n\n"
        "def top_words(text: str, n: int) -> list[str]:\n    return []\n"
    )
    as_class = (
        "class WordStats:\n    def count_words(text):\n        return {}\n\n"
        "    def top_words(text, n):\n        return []\n"
    )
    report = (
        'Bug report: `word_count("Hello, hello! World.")` should return `{"hello": 2, "world": 1}`: strip '
        "the punctuation characters `.,;:!?\"'()` from both ends of every word, and drop what becomes empty. "
        "`top_words` must count the same way."
    )
    assert list(dropped_definitions(before, as_class, report)) == ["word_count", "top_words"]
    assert not said_to_go("top_words", "Drop the empty words. `top_words` must count the same way.")
    assert said_to_go("c_to_f", "Replace the old `c_to_f(c: float)` with `to_f`.")
    assert said_to_go("c_to_f", "`c_to_f(c: float)` is no longer needed.")
    assert not said_to_go("TodoList", "Add a command to remove an item: `TodoList.remove(item_id: int)`.")


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
