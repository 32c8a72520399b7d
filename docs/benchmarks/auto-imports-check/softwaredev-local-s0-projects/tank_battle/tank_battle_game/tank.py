import pygame
from game_screen import GameScreen
from turn_based_system import TurnBasedSystem
from score_system import ScoreSystem

class Tank:
    def __init__(self, type, health, attack):
        self.type = type
        self.health = health
        self.attack = attack

    def update(self):
        pass

    def is_alive(self):
        return self.health > 0

    def take_damage(self, damage):
        self.health -= damage

    def get_type(self):
        return self.type

    def get_health(self):
        return self.health

    def get_attack(self):
        return self.attack

    def __str__(self):
        return f"Tank(type={self.type}, health={self.health}, attack={self.attack})"
