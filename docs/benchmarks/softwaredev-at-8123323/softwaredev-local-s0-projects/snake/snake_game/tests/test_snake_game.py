import pytest
from food import Food
from game import Game, SCREEN_HEIGHT, SCREEN_WIDTH
from main import main
from score import Score
from snake import main
from utils import get_direction, get_random_position
# imports added by sopgraph: names this file used without importing them
import pygame

def test_food_draw():
    # Test that the food is drawn correctly on the screen
    food = Food()
    screen = pygame.Surface((SCREEN_WIDTH, SCREEN_HEIGHT))
    food.draw(screen)
    # Add assertions to check the appearance of the food on the screen

def test_food_check_collision():
    # Test that the food collides with the snake correctly
    snake = main()
    food = Food()
    snake.check_collision(food)
    # Add assertions to check the collision behavior of the food with the snake

def test_game_start():
    # Test that the game starts correctly
    game = Game()
    game.start()
    # Add assertions to check the initial state of the game

def test_score_update():
    # Test that the score is updated correctly
    score = Score()
    score.update(10)
    # Add assertions to check the update behavior of the score

def test_score_display():
    # Test that the score is displayed correctly
    score = Score()
    score.display()
    # Add assertions to check the display behavior of the score

def test_snake_main():
    # Test that the snake main function works correctly
    main()
    # Add assertions to check the main function behavior of the snake

def test_utils_get_direction():
    # Test that the get_direction function works correctly
    direction = get_direction()
    # Add assertions to check the direction behavior of the get_direction function

def test_utils_get_random_position():
    # Test that the get_random_position function works correctly
    position = get_random_position()
    # Add assertions to check the position behavior of the get_random_position function
