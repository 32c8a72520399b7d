import pygame
from game import Game
from ui import GameScreen

def main():
    pygame.init()
    screen = GameScreen()
    game = Game(screen)
    game.start()

if __name__ == "__main__":
    main()
