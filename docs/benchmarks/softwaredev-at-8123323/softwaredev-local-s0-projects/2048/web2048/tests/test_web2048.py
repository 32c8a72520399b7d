import pytest
from game import Game
from ui import UI

@pytest.fixture
def game():
    return Game()

@pytest.fixture
def ui(game):
    return UI(game)

def test_game_initial_state(game):
    assert game.board == [[0] * 4 for _ in range(4)]
    assert game.score == 0
    assert game.level == 1
    assert not game.is_game_over

def test_game_move(game, ui):
    ui.game_ui.move('right')
    assert game.board == [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    assert game.score == 0
    assert game.level == 1
    assert not game.is_game_over

def test_game_merge(game, ui):
    ui.game_ui.move('right')
    ui.game_ui.move('right')
    assert game.board == [[0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0], [0, 0, 0, 0]]
    assert game.score == 0
    assert game.level == 1
    assert not game.is_game_over

def test_game_get_next_tile_position_in_direction_and_merge_and_merge_and_merge_and_merge_and_merge(game, ui):
    ui.game_ui.move('right')
    ui.game_ui.move('right')
    assert game.get_next_tile_position_in_direction_and_merge_and_merge_and_merge_and_merge_and_merge('right') == (0, 0)
    assert game.get_next_tile_position_in_direction_and_merge_and_merge_and_merge_and_merge_and_merge('right') == (0, 0)
    assert game.get_next_tile_position_in_direction_and_merge_and_merge_and_merge_and_merge_and_merge('right') == (0, 0)
    assert game.get_next_tile_position_in_direction_and_merge_and_merge_and_merge_and_merge_and_merge('right') == (0, 0)
    assert game.get_next_tile
