import pygame
from game import Game
from game_screen import GameScreen
from turn_based_system import TurnBasedSystem
from score_system import ScoreSystem

class GameScreen:
    def __init__(self, game):
        self.game = game
        self.tanks = game.get_tanks()
        self.turn = game.get_turn()
        self.score = game.get_score()
        self.screen = pygame.display.set_mode((800, 600))
        pygame.display.set_caption("Tank Battle Game")

    def update(self):
        self.screen.fill((0, 0, 0))
        for tank in self.tanks:
            tank.draw(self.screen)
        self.draw_score()
        pygame.display.flip()

    def draw_score(self):
        font = pygame.font.SysFont(None, 36)
        text = font.render(f"Score: {self.score}", True, (255, 255, 255))
        self.screen.blit(text, (10, 10))

    def start_new_game(self):
        self.game.start_new_game()
        self.tanks = self.game.get_tanks()
        self.turn = self.game.get_turn()
        self.score = self.game.get_score()

    def end_game(self):
        pass

    def get_winner(self):
        pass

    def get_loser(self):
        pass

    def get_tanks_left(self):
        return len(self.tanks)

    def get_tanks_alive(self):
        return sum(1 for tank in self.tanks if tank.is_alive())

    def get_tanks_dead(self):
        return len(self.tanks) - self.get_tanks_alive()

    def get_tanks_alive_percentage(self):
        return self.get_tanks_alive() / self.get_tanks_left() * 100

    def get_tanks_dead_percentage(self):
        return self.get_tanks_dead() / self.get_tanks_left() * 100

    def get_tanks_alive_count(self):
        return self.get_tanks_alive()

    def get_tanks_dead_count(self):
        return self.get_tanks_dead()

    def get_tanks_alive_percentage(self):
        return self.get_tanks_alive() / self.get_tanks_left() * 100

    def get_tanks_dead_percentage(self):
        return self.get_tanks_dead() / self.get_tanks_left() * 100

    def get_tanks_alive_count(self):
        return self.get_tanks_alive()

    def get_tanks_dead_count(self):
        return self.get_tanks_dead()

    def get_tanks_alive_percentage(self):
        return self.get_tanks_alive() / self.get_tanks_left() * 100

    def get_tanks_dead_percentage(self):
        return self.get_tanks_dead() / self.get_tanks_left() * 100

    def get
