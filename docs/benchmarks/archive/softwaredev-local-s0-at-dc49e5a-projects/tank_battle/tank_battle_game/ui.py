import pygame

class GameScreen:
    def __init__(self):
        self.score = 0

    def display_score(self):
        # Implement the logic to display the score on the screen
        pass

    def end_turn(self):
        # Implement the logic to end the turn and switch to the next player
        pass
