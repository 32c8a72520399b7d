"""Members of an imported class the other files use (``nodes.imported_members``), and the
candidates of the class's file told them and asked again without them (``nodes.candidates``)."""

from __future__ import annotations

from nodes.candidate_names import names_lacking
from nodes.candidates import keeps_line
from nodes.imported_members import class_members, members_used
from state.candidates import CandidateOrder
from state.settings import RunSettings
from state.syntax_tree import parse_module

# the snake run at 2f60054: `main.py` calls `Game().start()`, four candidates had no `start`
MAIN = "from game import Game\n\n\ndef main():\n    game = Game()\n    game.start()\n"
UI = (
    "from game import Game as G\n\n\nclass UI:\n    def __init__(self):\n        self.game = G()\n\n"
    "    def run(self):\n        self.game.draw()\n        print(G.SCREEN_WIDTH, G().move(), self.other.x)\n"
)


def test_the_members_used_through_the_class_an_instance_or_an_attribute_holding_one() -> None:
    sources = {
        "main.py": MAIN,
        "ui.py": UI,
        "broken.py": "def (",
        "other.py": "import game\ngame.Game.nope\n",
    }
    assert members_used("game", "Game", sources) == ["SCREEN_WIDTH", "draw", "move", "start"]
    assert members_used("game", "Board", sources) == []


def test_what_a_class_defines_methods_class_attributes_and_what_its_methods_assign() -> None:
    tree = parse_module(
        "class Game:\n    SIZE = 3\n\n    def __init__(self):\n        self.board = []\n\n"
        "    def start(self):\n        self.running = True\n\n\nclass Child(Game):\n    pass\n"
    )
    assert class_members(tree, "Game") == {"SIZE", "__init__", "board", "start", "running"}
    assert class_members(tree, "Child") is None  # its members may come from its bases
    assert class_members(tree, "Missing") is None


def order(members: dict[str, list[str]]) -> CandidateOrder:
    return CandidateOrder(
        index=1, origin="direct", path="game.py", temperature=0.0, seed=None, keeps=["Game"], members=members
    )


def test_a_candidate_is_told_the_members_and_asked_again_without_them() -> None:
    wanted = order({"Game": ["move", "start"]})
    assert keeps_line(wanted).endswith("so it must define `Game`. They use `Game` with `move`, `start`.")
    assert keeps_line(order({"Game": []})).endswith("so it must define `Game`.")
    state = {"settings": RunSettings(model="scripted"), "requirement": "Create a snake game."}
    without_start = "class Game:\n    def move(self):\n        pass\n"
    assert names_lacking(state, wanted, without_start) == (
        "the project's other files use `Game.start`, which `game.py` does not define"
    )
    assert names_lacking(state, wanted, without_start + "\n    def start(self):\n        pass\n") is None
