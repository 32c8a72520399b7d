import pytest
from game import Game

@pytest.fixture
def game():
    return Game()

def test_init(game):
    assert game.paddle.x == SCREEN_WIDTH // 2 - PADDLE_WIDTH // 2
    assert game.paddle.y == SCREEN_HEIGHT - PADDLE_HEIGHT - 10
    assert game.ball.x == SCREEN_WIDTH // 2 - BALL_RADIUS
    assert game.ball.y == SCREEN_HEIGHT // 2 - BALL_RADIUS
    assert game.bricks == []
    assert game.score == 0
    assert game.lives == 3
    assert not game.game_over

def test_update(game):
    game.update()
    assert game.paddle.x == SCREEN_WIDTH // 2 - PADDLE_WIDTH // 2
    assert game.paddle.y == SCREEN_HEIGHT - PADDLE_HEIGHT - 10
    assert game.ball.x == SCREEN_WIDTH // 2 - BALL_RADIUS
    assert game.ball.y == SCREEN_HEIGHT // 2 - BALL_RADIUS
    assert game.bricks == []
    assert game.score == 0
    assert game.lives == 3
    assert not game.game_over

def test_draw(game):
    game.draw()
    assert game.paddle.x == SCREEN_WIDTH // 2 - PADDLE_WIDTH // 2
    assert game.paddle.y == SCREEN_HEIGHT - PADDLE_HEIGHT - 10
    assert game.ball.x == SCREEN_WIDTH // 2 - BALL_RADIUS
