import pygame
import sys
import random

# Initialize Pygame
pygame.init()

# Constants
SCREEN_WIDTH = 800
SCREEN_HEIGHT = 600
BLOCK_SIZE = 20
SNAKE_SPEED = 15

# Colors
WHITE = (255, 255, 255)
BLACK = (0, 0, 0)
RED = (255, 0, 0)
GREEN = (0, 255, 0)

# Directions
UP = (0, -1)
DOWN = (0, 1)
LEFT = (-1, 0)
RIGHT = (1, 0)

class Snake:
    def __init__(self):
        self.body = [(SCREEN_WIDTH // 2, SCREEN_HEIGHT // 2)]
        self.direction = RIGHT

    def move(self):
        head = self.body[0]
        new_head = (head[0] + self.direction[0] * BLOCK_SIZE, head[1] + self.direction[1] * BLOCK_SIZE)
        self.body.insert(0, new_head)

    def grow(self):
        self.body.insert(0, self.body[1])

    def check_collision(self):
        head = self.body[0]
        if head[0] < 0 or head[0] >= SCREEN_WIDTH or head[1] < 0 or head[1] >= SCREEN_HEIGHT:
            return True
        for block in self.body[1:]:
            if block == head:
                return True
        return False

    def get_head(self):
        return self.body[0]

class Food:
    def __init__(self):
        self.x = random.randint(0, (SCREEN_WIDTH // BLOCK_SIZE) - 1) * BLOCK_SIZE
        self.y = random.randint(0, (SCREEN_HEIGHT // BLOCK_SIZE) - 1) * BLOCK_SIZE

    def draw(self, screen):
        pygame.draw.circle(screen, RED, (self.x, self.y), BLOCK_SIZE // 2)

class Game:
    def __init__(self):
        self.snake = Snake()
        self.food = Food()
        self.score = 0
        self.font = pygame.font.SysFont(None, 36)
        self.running = True

    def start_game(self):
        self.snake.body = [(SCREEN_WIDTH // 2, SCREEN_HEIGHT // 2)]
        self.food = Food()
        self.score = 0

    def game_loop(self):
        while self.running:
            for event in pygame.event.get():
                if event.type == pygame.QUIT:
                    self.running = False
                elif event.type == pygame.KEYDOWN:
                    if event.key == pygame.K_UP and self.snake.direction != DOWN:
                        self.snake.direction = UP
                    elif event.key == pygame.K_DOWN and self.snake.direction != UP:
                        self.snake.direction = DOWN
                    elif event.key == pygame.K_LEFT and self.snake.direction != RIGHT:
                        self.snake.direction = LEFT
                    elif event.key == pygame.K_RIGHT and self.snake.direction != LEFT:
                        self.snake.direction = RIGHT

            self.snake.move()
            if self.snake.check_collision():
                self.running = False

            if self.snake.get_head() == self.food.get_head():
                self.snake.grow()
                self.food = Food()

            self.display_score()

            pygame.display.flip()

            pygame.time.Clock().tick(SNAKE_SPEED)

    def display_score(self):
        score_text = self.font.render(f"Score: {self.score}", True, WHITE)
        screen = pygame.display.get_surface()
        screen.blit(score_text, (10, 10))

if __name__ == "__main__":
    game = Game()
    game.start_game()
    game.game_loop()
    pygame.quit()
    sys.exit()
