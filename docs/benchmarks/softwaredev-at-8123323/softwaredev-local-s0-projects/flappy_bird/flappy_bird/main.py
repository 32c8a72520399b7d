from game import Game
from ui import UI
from data import Data

def main():
    game = Game()
    ui = UI()
    data = Data()

    ui.start_game()

    while True:
        game.update()
        ui.render()

        if game.is_game_over():
            ui.display_game_over_message()
            break

if __name__ == "__main__":
    main()
