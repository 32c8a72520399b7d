from ui import UI
from server import Server

if __name__ == "__main__":
    from game import Game
    ui = UI(Game())
    server = Server(Game())
    ui.run()
