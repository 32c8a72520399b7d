from game import Game
from ui import UI
from css import CSS

class Game:
    def __init__(self):
        self.board = [[0] * 4 for _ in range(4)]
        self.score = 0
        self.directions = {'up': (0, 1), 'down': (0, -1), 'left': (1, 0), 'right': (-1, 0)}
        self.init()

    def init(self):
        self.board = [[0] * 4 for _ in range(4)]
        self.score = 0
        self.add_tile()
        self.add_tile()

    def move(self, direction):
        dx, dy = self.directions[direction]
        for i in range(4):
            for j in range(4):
                if self.board[i][j] == 0:
                    continue
                for k in range(i + dy, -1, -dy):
                    if k < 0 or k >= 4 or self.board[k][j] != 0:
                        break
                    self.board[i][j], self.board[k][j] = self.board[k][j], self.board[i][j]
                for k in range(i + dy, 5, dy):
                    if k < 0 or k >= 4 or self.board[k][j] != 0:
                        break
                    self.board[i][j], self.board[k][j] = self.board[k][j], self.board[i][j]
                for k in range(i + dy, 4, dy):
                    if k < 0 or k >= 4 or self.board[k][j] != 0:
                        break
                    self.board[i][j], self.board[k][j] = self.board[k][j], self.board[i][j]
                for k in range(i + dy, 5, dy):
                    if k < 0 or k >= 4 or self.board[k][j] != 0:
                        break
                    self.board[i][j], self.board[k][j] = self.board[k][j], self.board[i][j]
                for k in range(i + dy,
