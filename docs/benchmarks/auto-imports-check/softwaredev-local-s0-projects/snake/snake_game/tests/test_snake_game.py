import pytest
from main import Snake, Food, game_loop
# imports added by sopgraph: names this file used without importing them
import pygame
from main import SCREEN_WIDTH, SCREEN_HEIGHT, RIGHT, BLOCK_SIZE, RED

def test_snake_initialization():
    snake = Snake()
    assert len(snake.body) == 1
    assert snake.body[0] == (SCREEN_WIDTH // 2, SCREEN_HEIGHT // 2)

def test_snake_move():
    snake = Snake()
    snake.body = [(SCREEN_WIDTH // 2, SCREEN_HEIGHT // 2)]
    snake.direction = RIGHT
    snake.move()
    assert snake.body == [(SCREEN_WIDTH // 2 + BLOCK_SIZE, SCREEN_HEIGHT // 2)]

def test_snake_grow():
    snake = Snake()
    snake.body = [(SCREEN_WIDTH // 2, SCREEN_HEIGHT // 2)]
    snake.grow()
    assert len(snake.body) == 2

def test_snake_check_collision():
    snake = Snake()
    snake.body = [(SCREEN_WIDTH // 2, SCREEN_HEIGHT // 2)]
    snake.direction = RIGHT
    snake.move()
    snake.body = [(SCREEN_WIDTH // 2 + BLOCK_SIZE, SCREEN_HEIGHT // 2)]
    assert snake.check_collision()

def test_snake_get_head():
    snake = Snake()
    snake.body = [(SCREEN_WIDTH // 2, SCREEN_HEIGHT // 2)]
    assert snake.get_head() == (SCREEN_WIDTH // 2, SCREEN_HEIGHT // 2)

def test_food_initialization():
    food = Food()
    assert food.x % BLOCK_SIZE == 0
    assert food.y % BLOCK_SIZE == 0

def test_food_draw():
    screen = pygame.Surface((SCREEN_WIDTH, SCREEN_HEIGHT))
    food = Food()
    food.draw(screen)
    assert screen.get_at((food.x, food.y)) == RED

def test_game_loop():
    with pytest.raises(SystemExit):
        game_loop()
