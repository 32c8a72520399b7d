import pytest
from game import Game

def test_game_initialization():
    game = Game()
    assert game.snake.body == [(400, 300)]
    assert game.food.x % BLOCK_SIZE == 0
    assert game.food.y % BLOCK_SIZE == 0

def test_game_movement():
    game = Game()
    game.snake.direction = RIGHT
    game.snake.move()
    assert game.snake.body == [(420, 300)]

def test_game_collision():
    game = Game()
    game.snake.body = [(400, 300), (420, 300), (440, 300)]
    game.snake.direction = RIGHT
    game.snake.move()
    assert game.snake.check_collision()

def test_game_food_collision():
    game = Game()
    game.snake.body = [(400, 300), (420, 300), (440, 300)]
    game.food = Food()
    game.food.x = game.snake.body[0][0]
    game.food.y = game.snake.body[0][1]
    game.snake.move()
    assert game.snake.body == [(420, 300), (440, 300), (460, 300)]

def test_game_score_display():
    game = Game()
    game.snake.body = [(400, 300), (420, 300), (440, 300)]
    game.food = Food()
    game.food.x = game.snake.body[0][0]
    game.food.y = game.snake.body[0][1]
    game.snake.move()
    game.display_score()
    assert "Score: 1" in pygame.display.get_surface().get_text()

def test_game_end_on_collision():
    game = Game()
    game.snake.body = [(400, 300), (420, 300), (440, 300)]
    game.food = Food()
    game.food.x = game.snake.body[0][0]
    game
