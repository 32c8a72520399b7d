import sys
import pygame
import brick_breaker_ui
import brick_breaker_logic

def main():
    pygame.init()
    screen = pygame.display.set_mode((800, 600))
    pygame.display.set_caption("Brick Breaker")

    # Initialize paddle, ball, and bricks
    paddle = brick_breaker_ui.Paddle(400, 550)
    ball = brick_breaker_ui.Ball(400, 300)
    bricks = brick_breaker_ui.Brick(0, 0, 800, 600)

    # Initialize game
    game = brick_breaker_logic.Game(paddle, ball, bricks)

    running = True
    while running:
        for event in pygame.event.get():
            if event.type == pygame.QUIT:
                running = False
            elif event.type == pygame.KEYDOWN:
                if event.key == pygame.K_LEFT:
                    paddle.move("left")
                elif event.key == pygame.K_RIGHT:
                    paddle.move("right")

        # Update game state
        game.update()

        # Draw game
        game.draw(screen)

        # Check for game over
        if game.is_game_over():
            game.restart()

        # Update the display
        pygame.display.flip()

    # Quit Pygame
    pygame.quit()
    sys.exit()

if __name__ == "__main__":
    main()
