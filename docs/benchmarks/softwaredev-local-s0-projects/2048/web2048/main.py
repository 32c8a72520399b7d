from game import Game
from ui import UI
from css import CSS

def main():
    game = Game()
    ui = UI()
    css = CSS()

    ui.render()
    while True:
        direction = input("Enter direction (up, down, left, right): ")
        game.move(direction)
        ui.update()
        if game.is_game_over():
            ui.render()
            print("Game over!")
            break

if __name__ == "__main__":
    main()
