"""To-do items in a SQLite file."""

import sqlite3


class TodoStore:
    def __init__(self, path: str) -> None:
        self._db = sqlite3.connect(path)
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS items ("
            "id INTEGER PRIMARY KEY AUTOINCREMENT, title TEXT NOT NULL, done INTEGER NOT NULL DEFAULT 0)"
        )
        self._db.commit()

    def add(self, title: str) -> int:
        if not title.strip():
            raise ValueError("empty title")
        cursor = self._db.execute("INSERT INTO items (title) VALUES (?)", (title,))
        self._db.commit()
        return int(cursor.lastrowid or 0)

    def list_items(self, include_done: bool = False) -> list[tuple[int, str, bool]]:
        query = "SELECT id, title, done FROM items"
        if not include_done:
            query += " WHERE done = 0"
        rows = self._db.execute(query + " ORDER BY id").fetchall()
        return [(int(i), str(t), bool(d)) for i, t, d in rows]

    def mark_done(self, item_id: int) -> None:
        cursor = self._db.execute("UPDATE items SET done = 1 WHERE id = ?", (item_id,))
        self._db.commit()
        if cursor.rowcount == 0:
            raise KeyError(item_id)

    def close(self) -> None:
        self._db.close()
