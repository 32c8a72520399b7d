import pygame
from ui import GameScreen

class Game:
    def __init__(self, screen):
        self.screen = screen
        self.players = []
        self.current_player = None
        self.game_over = False

    def start(self):
        self.screen.display_score()
        while not self.game_over:
            for event in pygame.event.get():
                if event.type == pygame.QUIT:
                    self.game_over = True
                elif event.type == pygame.KEYDOWN:
                    if event.key == pygame.K_SPACE:
                        self.current_player.take_turn()
                        self.screen.display_score()
                        if self.current_player.is_game_over():
                            self.current_player = None
                            self.current_player = self.players[0]
                            self.screen.display_score()
            self.current_player = self.players[0]
            self.current_player.take_turn()
            self.screen.display_score()
            if self.current_player.is_game_over():
                self.current_player = None
                self.current_player = self.players[0]
                self.screen.display_score()

class Player:
    def __init__(self, id):
        self.id = id
        self.tanks = []
        self.score = 0

    def take_turn(self):
        # Implement the logic for the player's turn
        pass

    def is_game_over(self):
        # Implement the logic to check if the player's tanks are all destroyed
        pass

class GameScreen:
    def __init__(self):
        self.score = 0

    def display_score(self):
        # Implement the logic to display the score on the screen
        pass

    def end_turn(self):
        # Implement the logic to end the turn and switch to the next player
        pass
