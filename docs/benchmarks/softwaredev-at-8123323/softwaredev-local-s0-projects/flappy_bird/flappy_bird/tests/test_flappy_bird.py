import pytest
from data import Bird, Pipe, Data
from utils import *

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

def test_bird_initial_position():
    bird = Bird(100, 200, 5)
    assert bird.x == 100
    assert bird.y == 200
    assert bird.velocity == 5

def test_bird_update_position():
    bird = Bird(100, 200, 5)
    bird.update()
    assert bird.y == 205

def test_pipe_initial_position():
    pipe = Pipe(100, 200, 50, 100)
    assert pipe.x == 100
    assert pipe.y == 200
    assert pipe.width == 50
    assert pipe.height == 100

def test_pipe_update_position():
    pipe = Pipe(100, 200, 50, 100)
    pipe.update()
    assert pipe.y == 205

def test_game_start():
    ui = UI()
    ui.start_game()
    assert ui.data.bird.x == 100
    assert ui.data.bird.y == 200
    assert ui.data.pipes == []
    assert ui.data.score == 0
    assert not ui.data.game_over

def test_game_update():
    ui = UI()
    ui.start_game()
    ui.update()
    assert ui.data.bird.y == 205
    assert ui.data.pipes == []
    assert ui.data.score == 0
    assert not ui.data.game_over

def test_game_render():
    ui = UI()
    ui.start_game()
    ui.render()
    assert ui.data.bird.x == 100
    assert ui.data.bird.y == 205
    assert ui.data.pipes == []
    assert ui.data.score == 0
    assert not ui.data.game_over

def test_game_collision():
    ui = UI()
    ui.start_game()
    ui.data.bird.x = 150
    ui.data.bird.y = 200
    ui.data.pipes = [Pipe(100, 200, 50, 100)]
    ui.update()
    assert ui.data.game_over

def test_game_score():
    ui = UI()
    ui.start_game()
    ui.data.bird.x = 100
    ui.data.bird.y = 200
    ui.data.pipes = [Pipe(100, 200, 50, 100)]
    ui.update()
    assert ui.data.score == 1
