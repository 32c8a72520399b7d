import pytest
from todo import TodoList


def test_remove_deletes_pending_and_done_items():
    todos = TodoList()
    todos.add("a")
    todos.add("b")
    todos.done(2)
    todos.remove(1)
    todos.remove(2)
    assert todos.pending() == []


def test_remove_of_an_unknown_id_raises():
    with pytest.raises(KeyError):
        TodoList().remove(1)


def test_ids_are_never_reused():
    todos = TodoList()
    assert todos.add("a") == 1
    todos.remove(1)
    assert todos.add("b") == 2
