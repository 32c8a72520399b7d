from data import Data

class UI:
    def __init__(self):
        self.data = Data()
        self.bird = Bird(100, 200, 5)
        self.pipes = []
        self.score = 0
        self.game_over = False

    def start_game(self):
        self.render()

    def update(self):
        self.bird.update()
        self.check_collision()
        self.update_score()

    def render(self):
        clear()
        draw_bird(self.bird)
        draw_pipes(self.pipes)
        draw_score(self.score)
        if self.game_over:
            draw_game_over_message()

    def check_collision(self):
        for pipe in self.pipes:
            if self.bird.x < pipe.x + pipe.width and self.bird.x + self.bird.width > pipe.x and self.bird.y < pipe.y + pipe.height and self.bird.y + self.bird.height > pipe.y:
                self.game_over = True

    def update_score(self):
        if not self.game_over:
            self.score += 1

    def display_game_over_message(self):
        fill(255, 0, 0)
        text("Game Over", width // 2, height // 2)

if __name__ == "__main__":
    main()
