"""Tic-tac-toe: who won, whose turn, and one move."""



def _lines() -> list[list[tuple[int, int]]]:
    rows = [[(r, c) for c in range(3)] for r in range(3)]
    cols = [[(r, c) for r in range(3)] for c in range(3)]
    return [*rows, *cols, [(i, i) for i in range(3)], [(i, 2 - i) for i in range(3)]]


def winner(board: list[str]) -> str | None:
    for line in _lines():
        marks = {board[r][c] for r, c in line}
        if len(marks) == 1 and marks != {"."}:
            return marks.pop()
    if all(cell != "." for row in board for cell in row):
        return "draw"
    return None


def next_player(board: list[str]) -> str:
    xs = sum(row.count("X") for row in board)
    os = sum(row.count("O") for row in board)
    return "X" if xs == os else "O"


def play(board: list[str], row: int, col: int) -> list[str]:
    if winner(board) is not None:
        raise ValueError("the game is over")
    if not (0 <= row < 3 and 0 <= col < 3):
        raise ValueError("outside the board")
    if board[row][col] != ".":
        raise ValueError("cell taken")
    new = list(board)
    new[row] = new[row][:col] + next_player(board) + new[row][col + 1 :]
    return new
