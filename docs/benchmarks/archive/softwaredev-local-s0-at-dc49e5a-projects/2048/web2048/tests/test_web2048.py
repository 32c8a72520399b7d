import pytest
from game import Game
from ui import UI
from css import CSS

@pytest.fixture
def game():
    return Game()

@pytest.fixture
def ui():
    return UI()

@pytest.fixture
def css():
    return CSS()

def test_init(game):
    assert game.board == [[0] * 4 for _ in range(4)]
    assert game.score == 0

def test_add_tile(game):
    game.add_tile()
    assert game.board[0][0] != 0 or game.board[0][1] != 0 or game.board[0][2] != 0 or game.board[0][3] != 0

def test_move(game, ui):
    game.move('up')
    ui.update()
    assert game.board[0][0] != 0 or game.board[0][1] != 0 or game.board[0][2] != 0 or game.board[0][3] != 0

def test_merge(game, ui):
    game.merge()
    ui.update()
    assert game.board[0][0] != 0 or game.board[0][1] != 0 or game.board[0][2] != 0 or game.board[0][3] != 0

def test_is_game_over(game):
    game.board = [[2, 2, 2, 2], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    assert game.is_game_over() == True

def test_restart(game, ui):
    game.restart()
    ui.update()
    assert game.board == [[0] * 4 for _ in range(4)]
    assert game.score == 0
