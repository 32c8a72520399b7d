import pygame
from game import Game
from game_screen import GameScreen
from turn_based_system import TurnBasedSystem
from score_system import ScoreSystem

def main():
    pygame.init()
    screen = pygame.display.set_mode((800, 600))
    pygame.display.set_caption("Tank Battle Game")

    game = Game()
    game_screen = GameScreen(game)
    turn_based_system = TurnBasedSystem(game)
    score_system = ScoreSystem(game)

    running = True
    while running:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                running = False

        game_screen.update()
        turn_based_system.update()
        score_system.update()

        pygame.display.flip()

    pygame.quit()

if __name__ == "__main__":
    main()
