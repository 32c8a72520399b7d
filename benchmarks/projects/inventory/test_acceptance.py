import pytest
from inventory import Inventory


@pytest.fixture
def inventory():
    stock = Inventory()
    stock.add_item("bolt", 100, 20, 500)
    stock.add_item("nut", 10, 10, 200)
    return stock


def test_receive_and_ship_change_the_stock(inventory):
    assert inventory.stock("bolt") == 100
    inventory.receive("bolt", 25)
    inventory.ship("bolt", 60)
    assert inventory.stock("bolt") == 65


def test_shipping_more_than_in_stock_changes_nothing(inventory):
    with pytest.raises(ValueError):
        inventory.ship("nut", 11)
    assert inventory.stock("nut") == 10
    inventory.ship("nut", 10)
    assert inventory.stock("nut") == 0


def test_unknown_skus_raise_key_error(inventory):
    with pytest.raises(KeyError):
        inventory.stock("washer")
    with pytest.raises(KeyError):
        inventory.receive("washer", 1)
    with pytest.raises(KeyError):
        inventory.ship("washer", 1)


@pytest.mark.parametrize("quantity", [0, -3])
def test_quantities_must_be_positive(inventory, quantity):
    with pytest.raises(ValueError):
        inventory.receive("bolt", quantity)
    with pytest.raises(ValueError):
        inventory.ship("bolt", quantity)
    assert inventory.stock("bolt") == 100


def test_add_item_refuses_duplicates_and_bad_numbers(inventory):
    with pytest.raises(ValueError):
        inventory.add_item("bolt", 1, 1, 1)
    with pytest.raises(ValueError):
        inventory.add_item("gear", -1, 1, 1)
    with pytest.raises(ValueError):
        inventory.add_item("gear", 1, -1, 1)
    with pytest.raises(ValueError):
        inventory.add_item("gear", 1, 1, 0)
    assert inventory.stock("bolt") == 100


def test_reorder_list_includes_items_at_or_below_their_level(inventory):
    assert inventory.reorder_list() == {"nut": 200}
    inventory.ship("bolt", 80)
    assert inventory.reorder_list() == {"bolt": 500, "nut": 200}
    inventory.receive("nut", 1)
    assert inventory.reorder_list() == {"bolt": 500}
    assert Inventory().reorder_list() == {}
