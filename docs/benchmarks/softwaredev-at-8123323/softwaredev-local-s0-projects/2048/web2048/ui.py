from server import Server

class UI:
    def __init__(self, game):
        self.game = game
        self.server = Server(game)
        self.game_ui = GameUI(self.game)

    def run(self):
        self.game_ui.start()
        self.server.run()

class GameUI:
    def __init__(self, game):
        self.game = game

    def start(self):
        self.game_ui = GameUI(self.game)
        self.game_ui.display_game_state()
        self.game_ui.handle_user_input()
        self.game_ui.display_game_state()
        self.game_ui.handle_user_input()
        self.game_ui.display_game_state()
        self.game_ui.handle_user_input()
        self.game_ui.display_game_state()
        self.game_ui.handle_user_input()
        self.game_ui.display_game_state()
        self.game_ui.handle_user_input()
        self.game_ui.display_game_state()
        self.game_ui.handle_user_input()
