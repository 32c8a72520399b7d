import pygame
from game_screen import GameScreen
from turn_based_system import TurnBasedSystem
from score_system import ScoreSystem

class Game:
    def __init__(self):
        self.tanks = []
        self.turn = 0
        self.score = 0

    def add_tank(self, tank):
        self.tanks.append(tank)

    def remove_tank(self, tank):
        self.tanks.remove(tank)

    def update(self):
        for tank in self.tanks:
            tank.update()

    def get_tanks(self):
        return self.tanks

    def get_turn(self):
        return self.turn

    def set_turn(self, turn):
        self.turn = turn

    def get_score(self):
        return self.score

    def set_score(self, score):
        self.score = score

    def start_new_game(self):
        self.tanks = []
        self.turn = 0
        self.score = 0

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
