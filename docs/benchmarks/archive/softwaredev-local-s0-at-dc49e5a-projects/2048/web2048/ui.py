from game import Game
from css import CSS

class UI:
    def __init__(self):
        self.board = [[0] * 4 for _ in range(4)]
        self.score = 0
        self.game = Game()

    def render(self):
        print("Score:", self.score)
        for i in range(4):
            for j in range(4):
                if self.board[i][j] == 0:
                    print(" ", end=" ")
                else:
                    print(self.board[i][j], end=" ")
            print()

    def update(self):
        self.board = self.game.board
        self.score = self.game.score
        self.render()

    def handleArrowKeys(self):
        direction = input("Enter direction (up, down, left, right): ")
        if direction.lower() == 'up':
            self.game.move('up')
        elif direction.lower() == 'down':
            self.game.move('down')
        elif direction.lower() == 'left':
            self.game.move('left')
        elif direction.lower() == 'right':
            self.game.move('right')
        self.update()

    def handleMerge(self):
        self.game.merge()
        self.update()

    def handleEndGame(self):
        if self.game.is_game_over():
            self.render()
            print("Game over!")
            restart = input("Do you want to restart? (y/n): ")
            if restart.lower() == 'y':
                self.game.restart()
                self.update()

if __name__ == "__main__":
    ui = UI()
    ui.render()
    while True:
        direction = input("Enter direction (up, down, left, right): ")
        ui.handleArrowKeys()
        if ui.game.is_game_over():
            ui.render()
            print("Game over!")
            restart = input("Do you want to restart? (y/n): ")
            if restart.lower() == 'y':
                ui.game.restart()
                ui.render()
