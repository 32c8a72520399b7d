import pytest
from game import Bird, Game

def test_bird_initial_position():
    bird = Bird()
    assert bird.x == 0
    assert bird.y == height / 2

def test_bird_movement():
    bird = Bird()
    bird.moveLeft()
    assert bird.x == -50
    bird.moveRight()
    assert bird.x == 0

def test_bird_flapping():
    bird = Bird()
    bird.flap()
    assert bird.y == height / 2 - 10

def test_bird_collision_with_pipe():
    bird = Bird()
    pipe = Pipe()
    pipe.setup()
    pipe.x = bird.x + bird.width
    assert not bird.die()

def test_bird_collision_with_ground():
    bird = Bird()
    bird.y = height + 100
    assert not bird.die()

def test_game_initial_state():
    bird = Bird()
    game = Game(bird)
    assert game.bird.x == 0
    assert game.bird.y == height / 2
    assert len(game.pipes) == 0
    assert game.score == 0
    assert game.timeLeft == 60

def test_game_update():
    bird = Bird()
    game = Game(bird)
    game.update()
    assert game.bird.x == -50
    assert game.bird.y == height / 2 - 10
    assert len(game.pipes) == 1
    assert game.score == 1
    assert game.timeLeft == 59

def test_game_collision_with_pipe():
    bird = Bird()
    pipe = Pipe()
    pipe.setup()
    pipe.x = bird.x + bird.width
    game = Game(bird)
    game.update()
    assert not bird.die()
    assert game.score == 1
    assert game.timeLeft == 59

def test_game_collision_with_ground():
    bird = Bird()
    bird.y = height + 100
    game = Game(bird)
    game.update()
    assert not bird.die()
    assert game.score == 1
    assert game.timeLeft == 59

def test_game_game_over():
    bird = Bird()
    pipe = Pipe()
    pipe.setup()
    pipe.x = bird.x + bird.width
    game = Game(bird)
    game.update()
    game.update()
    assert not bird.die()
    assert game.score == 1
    assert game.timeLeft == 0
