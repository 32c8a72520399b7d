import pytest
import brick_breaker_ui
import brick_breaker_logic

def test_paddle_initial_position():
    paddle = brick_breaker_ui.Paddle(400, 550)
    assert paddle.x == 400
    assert paddle.y == 550

def test_paddle_move_left():
    paddle = brick_breaker_ui.Paddle(400, 550)
    paddle.move("left")
    assert paddle.x == 399

def test_paddle_move_right():
    paddle = brick_breaker_ui.Paddle(400, 550)
    paddle.move("right")
    assert paddle.x == 401

def test_ball_initial_position():
    ball = brick_breaker_ui.Ball(400, 300)
    assert ball.x == 400
    assert ball.y == 300

def test_ball_move():
    ball = brick_breaker_ui.Ball(400, 300)
    ball.move()
    assert ball.x == 401
    assert ball.y == 301

def test_bricks_initial_position():
    bricks = brick_breaker_ui.Brick(0, 0, 800, 600)
    assert bricks.x == 0
    assert bricks.y == 0

def test_bricks_random_placement():
    bricks = brick_breaker_ui.Brick(0, 0, 800, 600)
    assert bricks.x != 0
    assert bricks.y != 0

def test_game_init():
    paddle = brick_breaker_ui.Paddle(400, 550)
    ball = brick_breaker_ui.Ball(400, 300)
    bricks = brick_breaker_ui.Brick(0, 0, 800, 600)
    game = brick_breaker_logic.Game(paddle, ball, bricks)
    assert game.paddle == paddle
    assert game.ball == ball
    assert game.bricks == bricks

def test_game_update():
    paddle = brick_breaker_ui.Paddle(400, 550)
    ball = brick_breaker_ui.Ball(400, 300)
    bricks = brick_breaker_ui.Brick(0, 0, 800, 600)
    game = brick_breaker_logic.Game(paddle, ball, bricks)
    game.update()
    assert game.paddle.x != 400
    assert game.ball.x != 400

def test_game_draw():
    paddle = brick_breaker_ui.Paddle(400, 550)
    ball = brick_breaker_ui.Ball(400, 300)
    bricks = brick_breaker_ui.Brick(0, 0, 800, 600)
