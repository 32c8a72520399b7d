from utils import get_random_position

class Food:
    def __init__(self):
        self.position = get_random_position()

    def draw(self, screen):
        # Draw the food on the screen
        pass

    def check_collision(self, snake):
        # Check if the food collides with the snake
        pass
