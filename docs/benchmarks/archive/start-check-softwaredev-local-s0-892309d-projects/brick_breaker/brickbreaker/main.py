import sys
import pygame
import random
import time

# Initialize Pygame
pygame.init()

# Constants
SCREEN_WIDTH = 800
SCREEN_HEIGHT = 600
PADDLE_WIDTH = 100
PADDLE_HEIGHT = 10
BALL_RADIUS = 10
BRICK_WIDTH = 50
BRICK_HEIGHT = 20
BRICK_ROWS = 5
BRICK_COLS = 10
BRICK_COLOR = (255, 0, 0)
BALL_COLOR = (0, 0, 255)
PADDLE_COLOR = (0, 255, 0)
BACKGROUND_COLOR = (255, 255, 255)
SCORE_COLOR = (0, 0, 0)
FONT_SIZE = 36

# Set up the display
screen = pygame.display.set_mode((SCREEN_WIDTH, SCREEN_HEIGHT))
pygame.display.set_caption("Brick Breaker")

# Load sound effects
ball_bounce_sound = pygame.mixer.Sound("ball_bounce.wav")
brick_break_sound = pygame.mixer.Sound("brick_break.wav")
game_over_sound = pygame.mixer.Sound("game_over.wav")

# Initialize game variables
paddle = pygame.Rect(SCREEN_WIDTH // 2 - PADDLE_WIDTH // 2, SCREEN_HEIGHT - PADDLE_HEIGHT - 10, PADDLE_WIDTH, PADDLE_HEIGHT)
ball = pygame.Rect(SCREEN_WIDTH // 2 - BALL_RADIUS, SCREEN_HEIGHT // 2 - BALL_RADIUS, BALL_RADIUS * 2, BALL_RADIUS * 2)
bricks = []
score = 0
lives = 3
game_over = False

# Initialize game clock
clock = pygame.time.Clock()

# Load brick images
brick_images = []
for i in range(BRICK_ROWS):
    for j in range(BRICK_COLS):
        brick_images.append(pygame.image.load(f"brick_{i}_{j}.png"))

# Initialize game loop
while not game_over:
    # Handle events
    for event in pygame.event.get():
        if event.type == pygame.QUIT:
            sys.exit()
        elif event.type == pygame.KEYDOWN:
            if event.key == pygame.K_LEFT:
                paddle.left -= 10
            elif event.key == pygame.K_RIGHT:
                paddle.right += 10

    # Update game state
    if ball.colliderect(paddle):
        ball.dy = -ball.dy
        ball_bounce_sound.play()

    if ball.top <= 0:
        ball.dy = -ball.dy
        ball_bounce_sound.play()

    if ball.right >= SCREEN_WIDTH or ball.left <= 0:
        ball.dx = -ball.dx
        ball_bounce_sound.play()

    if ball.colliderect(bricks):
        for brick in bricks:
            if brick.colliderect(ball):
                brick.rect.x = random.randint(0, SCREEN_WIDTH - BRICK_WIDTH)
                brick.rect.y = random.randint(0, SCREEN_HEIGHT - BRICK_HEIGHT)
                brick_break_sound.play()
                score += 10
                break

    if ball.top >= SCREEN_HEIGHT:
        lives -= 1
        ball.rect.x = SCREEN_WIDTH // 2 - BALL_RADIUS
        ball.rect.y = SCREEN_HEIGHT // 2 - BALL_RADIUS
        if lives == 0:
            game_over = True
            game_over_sound.play()

    # Draw the game
    screen.fill(BACKGROUND_COLOR)
    pygame.draw.rect(screen, PADDLE_COLOR, paddle)
    pygame.draw.circle(screen, BALL_COLOR, ball.center, BALL_RADIUS)
    for brick in bricks:
        screen.blit(brick_images[brick.row * BRICK_COLS + brick.col], brick.rect)

    # Display score and lives
    font = pygame.font.SysFont(None, FONT_SIZE)
    score_text = font.render(f"Score: {score}", True, SCORE_COLOR)
    lives_text = font.render(f"Lives: {lives}", True, SCORE_COLOR)
    screen.blit(score_text, (10, 10))
    screen.blit(lives_text, (SCREEN_WIDTH - lives_text.get_width() - 10, 10))

    # Update the display
    pygame.display.flip()

    # Cap the frame rate
    clock.tick(60)

# Game over screen
font = pygame.font.SysFont(None, FONT_SIZE * 2)
game_over_text = font.render("Game Over", True, SCORE_COLOR)
screen.blit(game_over_text, (SCREEN_WIDTH // 2 - game_over_text.get_width() // 2, SCREEN_HEIGHT // 2 - game_over_text.get_height() // 2))

# Wait for user to press a key
pygame.display.flip()
while True:
    for event in pygame.event.get():
        if event.type == pygame.QUIT:
            sys.exit()
