"""Stock per SKU with a reorder rule."""

from dataclasses import dataclass


@dataclass
class _Item:
    quantity: int
    reorder_level: int
    reorder_quantity: int


class Inventory:
    def __init__(self) -> None:
        self._items: dict[str, _Item] = {}

    def add_item(self, sku: str, quantity: int, reorder_level: int, reorder_quantity: int) -> None:
        if sku in self._items:
            raise ValueError(f"{sku} already registered")
        if quantity < 0 or reorder_level < 0 or reorder_quantity <= 0:
            raise ValueError("bad quantities")
        self._items[sku] = _Item(quantity, reorder_level, reorder_quantity)

    def _item(self, sku: str) -> _Item:
        if sku not in self._items:
            raise KeyError(sku)
        return self._items[sku]

    def receive(self, sku: str, quantity: int) -> None:
        item = self._item(sku)
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        item.quantity += quantity

    def ship(self, sku: str, quantity: int) -> None:
        item = self._item(sku)
        if quantity <= 0:
            raise ValueError("quantity must be positive")
        if quantity > item.quantity:
            raise ValueError("not enough stock")
        item.quantity -= quantity

    def stock(self, sku: str) -> int:
        return self._item(sku).quantity

    def reorder_list(self) -> dict[str, int]:
        return {
            sku: item.reorder_quantity
            for sku, item in self._items.items()
            if item.quantity <= item.reorder_level
        }
