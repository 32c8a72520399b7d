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

def test_move(game):
    game.add_tile()
    game.add_tile()
    game.move('right')
    assert game.board[0][3] == 2
    assert game.board[1][3] == 2
    assert game.board[2][3] == 0
    assert game.board[3][3] == 0

def test_merge(game):
    game.add_tile()
    game.add_tile()
    game.move('right')
    game.merge()
    assert game.board[0][3] == 4
    assert game.board[1][3] == 0
    assert game.board[2][3] == 0
    assert game.board[3][3] == 0

def test_is_game_over(game):
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile()
    game.add_tile
