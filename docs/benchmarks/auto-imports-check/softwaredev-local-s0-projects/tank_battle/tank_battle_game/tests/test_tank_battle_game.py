import pytest
from game import Game
from game_screen import GameScreen
from turn_based_system import TurnBasedSystem
from score_system import ScoreSystem
from tank import Tank

@pytest.fixture
def game():
    return Game()

@pytest.fixture
def game_screen(game):
    return GameScreen(game)

@pytest.fixture
def turn_based_system(game):
    return TurnBasedSystem(game)

def test_game_creation(game):
    assert isinstance(game, Game)

def test_game_screen_creation(game_screen):
    assert isinstance(game_screen, GameScreen)

def test_turn_based_system_creation(turn_based_system):
    assert isinstance(turn_based_system, TurnBasedSystem)

def test_game_screen_update(game_screen):
    game_screen.update()
    assert game_screen.screen.get_at((0, 0)) == (0, 0, 0)

def test_game_screen_draw_score(game_screen):
    game_screen.draw_score()
    assert game_screen.screen.get_at((10, 10)) != (0, 0, 0)

def test_game_screen_start_new_game(game_screen):
    game_screen.start_new_game()
    assert game_screen.game.get_tanks() == []

def test_game_screen_end_game(game_screen):
    game_screen.end_game()
    assert game_screen.game.get_tanks() == []

def test_game_screen_get_winner(game_screen):
    game_screen.game.set_winner("Player 1")
    assert game_screen.game.get_winner() == "Player 1"

def test_game_screen_get_loser(game_screen):
    game_screen.game.set_loser("Player 2")
    assert game_screen.game.get_loser() == "Player 2"

def test_game_screen_get_tanks_left(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    assert game_screen.game.get_tanks_left() == 2

def test_game_screen_get_tanks_alive(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game.get_tanks_alive() == 1

def test_game_screen_get_tanks_dead(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game.get_tanks_dead() == 1

def test_game_screen_get_tanks_alive_percentage(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game.get_tanks_alive_percentage() == 50

def test_game_screen_get_tanks_dead_percentage(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game.get_tanks_dead_percentage() == 50

def test_game_screen_get_tanks_alive_count(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game.get_tanks_alive_count() == 1

def test_game_screen_get_tanks_dead_count(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game.get_tanks_dead_count() == 1

def test_game_screen_get_tanks_alive_percentage(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game.get_tanks_alive_percentage() == 50

def test_game_screen_get_tanks_dead_percentage(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game.get_tanks_dead_percentage() == 50

def test_game_screen_get_tanks_alive_count(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game.get_tanks_alive_count() == 1

def test_game_screen_get_tanks_dead_count(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game.get_tanks_dead_count() == 1

def test_game_screen_get_tanks_alive_percentage(game_screen):
    game_screen.game.add_tank(Tank("Tank 1"))
    game_screen.game.add_tank(Tank("Tank 2"))
    game_screen.game.remove_tank(Tank("Tank 1"))
    assert game_screen.game
