# utils.py

from game import Game
# imports added by sopgraph: names this file used without importing them
import random

def get_random_position():
    # Generate a random position for the food
    return (random.randint(0, Game.SCREEN_WIDTH - 1), random.randint(0, Game.SCREEN_HEIGHT - 1))

def get_direction():
    # Get the direction of the snake based on the user input
    return input("Enter direction (up, down, left, right): ").lower()
