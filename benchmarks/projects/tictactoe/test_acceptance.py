import pytest
from tictactoe import next_player, play, winner


def test_the_stated_example_row_win():
    assert winner(["XXX", "OO.", "..."]) == "X"


def test_column_and_diagonal_wins():
    assert winner(["XO.", "XO.", ".OX"]) == "O"
    assert winner(["X.O", ".XO", "..X"]) == "X"
    assert winner(["XXO", ".O.", "OX."]) == "O"


def test_draw_and_open_game():
    assert winner(["XOX", "XOO", "OXX"]) == "draw"
    assert winner(["XO.", "...", "..."]) is None
    assert winner(["...", "...", "..."]) is None


def test_next_player_alternates_starting_with_x():
    assert next_player(["...", "...", "..."]) == "X"
    assert next_player(["X..", "...", "..."]) == "O"
    assert next_player(["X..", ".O.", "..."]) == "X"


def test_play_returns_a_new_board_and_leaves_the_old_one():
    board = ["X..", "...", "..."]
    after = play(board, 1, 2)
    assert after == ["X..", "..O", "..."]
    assert board == ["X..", "...", "..."]
    assert play(after, 2, 0) == ["X..", "..O", "X.."]


def test_play_refuses_taken_and_outside_cells():
    board = ["X..", "...", "..."]
    with pytest.raises(ValueError):
        play(board, 0, 0)
    with pytest.raises(ValueError):
        play(board, 3, 0)
    with pytest.raises(ValueError):
        play(board, 0, -1)


def test_play_refuses_moves_after_the_game_is_over():
    with pytest.raises(ValueError):
        play(["XXX", "OO.", "..."], 1, 2)
