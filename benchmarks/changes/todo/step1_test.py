import pytest
from todo import TodoList


def test_the_stated_example():
    todos = TodoList()
    assert todos.add("milk") == 1
    assert todos.add("bread") == 2
    todos.done(1)
    assert todos.pending() == ["bread"]


def test_blank_titles_are_refused():
    with pytest.raises(ValueError):
        TodoList().add("  ")


def test_done_of_an_unknown_id_raises():
    with pytest.raises(KeyError):
        TodoList().done(3)


def test_pending_keeps_the_order_items_were_added():
    todos = TodoList()
    for title in ("a", "b", "c"):
        todos.add(title)
    assert todos.pending() == ["a", "b", "c"]
