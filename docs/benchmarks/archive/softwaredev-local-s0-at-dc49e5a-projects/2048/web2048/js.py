from game import Game
from ui import UI
from css import CSS

class JS:
    def __init__(self):
        self.game = Game()

    def handleArrowKeys(self):
        direction = prompt("Enter direction (up, down, left, right): ")
        if direction.lower() == 'up':
            self.game.move('up')
        elif direction.lower() == 'down':
            self.game.move('down')
        elif direction.lower() == 'left':
            self.game.move('left')
        elif direction.lower() == 'right':
            self.game.move('right')
        self.render()

    def handleMerge(self):
        self.game.merge()
        self.render()

    def handleEndGame(self):
        if self.game.is_game_over():
            self.render()
            print("Game over!")
            restart = prompt("Do you want to restart? (y/n): ")
            if restart.lower() == 'y':
                self.game.restart()
                self.render()

if __name__ == "__main__":
    ui = UI()
    ui.render()
    while True:
        direction = prompt("Enter direction (up, down, left, right): ")
        ui.handleArrowKeys()
        if ui.game.is_game_over():
            ui.render()
            print("Game over!")
            restart = prompt("Do you want to restart? (y/n): ")
            if restart.lower() == 'y':
                ui.game.restart()
                ui.render()
