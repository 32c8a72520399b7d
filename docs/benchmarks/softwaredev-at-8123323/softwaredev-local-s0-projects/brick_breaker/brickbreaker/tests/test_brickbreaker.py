import pytest
from brick import Brick
from ball import Ball
from score import Score
# imports added by sopgraph: names this file used without importing them
from main import screen

def test_paddle_initial_position():
    paddle = Ball(400, 580, 100, 10)
    assert paddle.paddle_x == 400
    assert paddle.paddle_y == 580

def test_paddle_move_left():
    paddle = Ball(400, 580, 100, 10)
    paddle.move_left()
    assert paddle.paddle_x == 390

def test_paddle_move_right():
    paddle = Ball(400, 580, 100, 10)
    paddle.move_right()
    assert paddle.paddle_x == 410

def test_ball_initial_position():
    ball = Ball(400, 300, 10, 10)
    assert ball.ball_x == 400
    assert ball.ball_y == 300

def test_ball_move():
    ball = Ball(400, 300, 10, 10)
    ball.move()
    assert ball.ball_x != 400

def test_ball_brick_collision():
    ball = Ball(400, 300, 10, 10)
    brick = Brick(100, 50, 50, 50, "red", 3)
    ball.brick_collision(brick)
    assert not brick.is_colliding(ball)

def test_score_initial_value():
    score = Score(0, "Score: 0")
    assert score.score == 0

def test_score_update():
    score = Score(0, "Score: 0")
    score.update_score()
    assert score.score == 1

def test_score_display():
    score = Score(0, "Score: 0")
    score.display_score(screen)
    assert "Score: 0" in screen.get_text()
