class TodoList:
    def __init__(self) -> None:
        self._items: dict[int, tuple[str, bool]] = {}
        self._next = 1

    def add(self, title: str) -> int:
        if not title.strip():
            raise ValueError("empty title")
        item_id = self._next
        self._next += 1
        self._items[item_id] = (title, False)
        return item_id

    def done(self, item_id: int) -> None:
        title, _ = self._items[item_id]
        self._items[item_id] = (title, True)

    def pending(self) -> list[str]:
        return [title for title, done in self._items.values() if not done]

    def remove(self, item_id: int) -> None:
        del self._items[item_id]
