import copy

import pytest
from game2048 import move, slide_row


def test_the_stated_examples():
    assert slide_row([2, 2, 2, 0]) == ([4, 2, 0, 0], 4)
    assert slide_row([4, 4, 8, 8]) == ([8, 16, 0, 0], 24)


def test_sliding_without_merging_scores_nothing():
    assert slide_row([0, 0, 0, 2]) == ([2, 0, 0, 0], 0)
    assert slide_row([2, 0, 4, 0]) == ([2, 4, 0, 0], 0)
    assert slide_row([0, 0, 0, 0]) == ([0, 0, 0, 0], 0)


def test_a_tile_merges_at_most_once():
    assert slide_row([2, 2, 2, 2]) == ([4, 4, 0, 0], 8)
    assert slide_row([4, 0, 2, 2]) == ([4, 4, 0, 0], 4)


BOARD = [
    [2, 0, 2, 0],
    [0, 4, 0, 4],
    [2, 2, 0, 0],
    [0, 0, 0, 2],
]


def test_move_left_and_right():
    assert move(BOARD, "left") == ([[4, 0, 0, 0], [8, 0, 0, 0], [4, 0, 0, 0], [2, 0, 0, 0]], 16)
    assert move(BOARD, "right") == ([[0, 0, 0, 4], [0, 0, 0, 8], [0, 0, 0, 4], [0, 0, 0, 2]], 16)


def test_move_up_and_down():
    assert move(BOARD, "up") == ([[4, 4, 2, 4], [0, 2, 0, 2], [0, 0, 0, 0], [0, 0, 0, 0]], 4)
    assert move(BOARD, "down") == ([[0, 0, 0, 0], [0, 0, 0, 0], [0, 4, 0, 4], [4, 2, 2, 2]], 4)


def test_move_leaves_the_given_board_unchanged():
    before = copy.deepcopy(BOARD)
    move(BOARD, "left")
    move(BOARD, "down")
    assert before == BOARD


def test_an_unknown_direction_is_refused():
    with pytest.raises(ValueError):
        move(BOARD, "diagonal")
