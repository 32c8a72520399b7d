"""Repairs of a written file without a model call (``nodes.code_repairs``)."""

from __future__ import annotations

from nodes.code_repairs import LOOP_CUT, repaired
from nodes.salvage import looped_module_prefix

METHODS = "    def restart(self):\n        # Implement restart logic\n        pass\n\n"
METHODS += "    def display(self):\n        # Implement restart display logic\n        pass\n\n"
# the tank-battle run at 2f60054: the two methods again and again until the cap, mid-`def`
LOOPED = "from game import Game\n\nclass Restart:\n" + METHODS * 6 + "    def restart"


def test_a_module_cut_off_in_a_loop_keeps_everything_before_its_unfinished_end() -> None:
    kept = looped_module_prefix(LOOPED)
    assert kept is not None and kept == LOOPED.removesuffix("    def restart").rstrip() + "\n"
    compile(kept, "restart.py", "exec")


def test_a_half_written_module_without_a_loop_or_a_compiling_one_is_left_alone() -> None:
    half = "def area(width, height):\n    return width * height\n\n\ndef perimeter(width,"
    assert looped_module_prefix(half) is None
    assert looped_module_prefix(LOOPED.removesuffix("    def restart")) is None


def test_the_repairs_say_what_they_did() -> None:
    assigned = (
        "class A:\n    def __init__(self):\n        self.x = 1\n\n"
        "    @property\n    def x(self):\n        return self.x\n\n"
    )
    content, notes = repaired(assigned + "    def y(self):\n        pass\n\n" * 4 + "    def y")
    assert notes == [LOOP_CUT, "read-only property A.x (kept in self._x)"]
    assert "self._x = 1" in content and content.rstrip().endswith("pass")
    assert repaired("x = 1\n") == ("x = 1\n", [])
