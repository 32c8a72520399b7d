from game import Game
from ui import UI
from css import CSS

class CSS:
    def __init__(self):
        self.board = [[0] * 4 for _ in range(4)]
        self.score = 0
        self.directions = {'up': (0, 1), 'down': (0, -1), 'left': (1, 0), 'right': (-1, 0)}
        self.init()

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
        self.board = [[0] * 4 for _ in range(4)]
        self.score = 0
        self.add_tile()
        self.add_tile()

    def is_game_over(self):
        for i in range(4):
            for j in range(4):
                if self.board[i][j] == 0:
                    return False
        return True

    def handle_arrow_keys(self):
        direction = input("Enter direction (up, down, left, right): ")
        if direction in self.directions:
            self.move(direction)
            self.update()
            if self.is_game_over():
                self.render()
                print("Game over!")
                return True
        return False

    def handle_merge(self):
        for i in range(4):
            for j in range(4):
                if self.board[i][j] == 0:
                    continue
                for k in range(i + self.directions[direction][1], -1, -self.directions[direction][1]):
                    if k < 0 or k >= 4 or self.board[k][j] != 0:
                        break
                    self.board[i][j], self.board[k][j] = self.board[k][j], self.board[i][j]
                for k in range(i + self.directions[direction][1], 5, self.directions[direction][1]):
                    if k < 0 or k >= 4 or self.board[k][j] != 0:
                        break
                    self.board[i][j], self.board[k][j] = self.board[k][j], self.board[i][j]
                for k in range(i + self.directions[direction][1], 4, self.directions[direction][1]):
                    if k < 0 or k >= 4 or self.board[k][j] != 0:
                        break
                    self.board[i][j], self.board[k][j] = self.board[k][j], self.board[i][j]
                for k in range(i
