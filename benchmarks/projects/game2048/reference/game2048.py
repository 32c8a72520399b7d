"""2048: one row slid left, and a move of the whole board."""


def slide_row(row: list[int]) -> tuple[list[int], int]:
    tiles = [t for t in row if t]
    merged: list[int] = []
    score = 0
    i = 0
    while i < len(tiles):
        if i + 1 < len(tiles) and tiles[i] == tiles[i + 1]:
            merged.append(tiles[i] * 2)
            score += tiles[i] * 2
            i += 2
        else:
            merged.append(tiles[i])
            i += 1
    return merged + [0] * (len(row) - len(merged)), score


def _transpose(board: list[list[int]]) -> list[list[int]]:
    return [list(col) for col in zip(*board, strict=True)]


def move(board: list[list[int]], direction: str) -> tuple[list[list[int]], int]:
    if direction not in ("left", "right", "up", "down"):
        raise ValueError(f"unknown direction: {direction!r}")
    rows = _transpose(board) if direction in ("up", "down") else [list(r) for r in board]
    backwards = direction in ("right", "down")
    total = 0
    out = []
    for row in rows:
        new, score = slide_row(row[::-1] if backwards else row)
        out.append(new[::-1] if backwards else new)
        total += score
    return (_transpose(out) if direction in ("up", "down") else out), total
