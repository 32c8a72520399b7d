import pygame
from game import Game
from game_screen import GameScreen
from turn_based_system import TurnBasedSystem
from score_system import ScoreSystem

class TurnBasedSystem:
    def __init__(self, game):
        self.game = game
        self.players = game.get_players()
        self.current_player = self.players[0]
        self.turn = 0

    def update(self):
        self.current_player.take_turn()
        self.turn += 1
        self.current_player = self.players[(self.turn) % len(self.players)]

    def get_players(self):
        return self.players

    def get_current_player(self):
        return self.current_player

    def set_current_player(self, player):
        self.current_player = player

    def get_turn(self):
        return self.turn

    def set_turn(self, turn):
        self.turn = turn

    def get_winner(self):
        pass

    def get_loser(self):
        pass

    def get_tanks_left(self):
        return len(self.game.get_tanks())

    def get_tanks_alive(self):
        return sum(1 for tank in self.game.get_tanks() if tank.is_alive())

    def get_tanks_dead(self):
        return len(self.game.get_tanks()) - self.get_tanks_alive()

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
