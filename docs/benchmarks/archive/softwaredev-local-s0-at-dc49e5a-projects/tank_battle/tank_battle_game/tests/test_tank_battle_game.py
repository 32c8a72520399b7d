import pytest
from game import Game, Player, GameScreen

def test_game_start():
    # Test that the game starts correctly
    screen = GameScreen()
    game = Game(screen)
    assert game.current_player is None
    assert game.game_over is False

def test_player_turn():
    # Test that the player's turn is correctly handled
    screen = GameScreen()
    game = Game(screen)
    player = Player(1)
    game.players.append(player)
    game.current_player = player
    game.current_player.take_turn()
    assert game.current_player.is_game_over() is False

def test_game_over():
    # Test that the game is correctly over when all tanks are destroyed
    screen = GameScreen()
    game = Game(screen)
    player = Player(1)
    game.players.append(player)
    for _ in range(10):
        player.tanks.append(Tank(1, "tank1", 100))
    game.current_player.take_turn()
    assert game.current_player.is_game_over() is True

def test_game_screen_display_score():
    # Test that the game screen displays the score correctly
    screen = GameScreen()
    game = Game(screen)
    player = Player(1)
    game.players.append(player)
    game.current_player = player
    game.current_player.take_turn()
    game.current_player.take_turn()
    game.current_player.take_turn()
    game.current_player.take_turn()
    game.current_player.take_turn()
    game.current_player.take_turn()
    game.current_player.take_turn()
    game.current_player.take_turn()
    game.current_player.take_turn()
    game.current_player.take_turn()
    game.current_player.take_turn()
   
