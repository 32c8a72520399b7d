import pytest
from todo_cli import main
from todo_store import TodoStore


@pytest.fixture
def store(tmp_path):
    opened = TodoStore(str(tmp_path / "todo.db"))
    yield opened
    opened.close()


def test_add_returns_increasing_ids_and_list_shows_open_items(store):
    first = store.add("buy milk")
    second = store.add("call mum")
    assert 0 < first < second
    assert store.list_items() == [(first, "buy milk", False), (second, "call mum", False)]


def test_done_items_are_listed_only_on_request(store):
    first = store.add("buy milk")
    second = store.add("call mum")
    store.mark_done(first)
    assert store.list_items() == [(second, "call mum", False)]
    assert store.list_items(include_done=True) == [(first, "buy milk", True), (second, "call mum", False)]


def test_unknown_ids_and_blank_titles_are_refused(store):
    with pytest.raises(KeyError):
        store.mark_done(999)
    with pytest.raises(ValueError):
        store.add("")
    with pytest.raises(ValueError):
        store.add("   ")
    assert store.list_items(include_done=True) == []


def test_items_persist_in_the_file(tmp_path):
    path = str(tmp_path / "todo.db")
    store = TodoStore(path)
    item = store.add("water plants")
    store.close()
    again = TodoStore(path)
    assert again.list_items() == [(item, "water plants", False)]
    again.close()


def test_cli_add_list_and_done(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "add", "buy", "milk"]) == 0
    first = int(capsys.readouterr().out.strip())
    assert main(["--db", db, "add", "call", "mum"]) == 0
    second = int(capsys.readouterr().out.strip())
    assert main(["--db", db, "done", str(first)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "list"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{second} [ ] call mum"]
    assert main(["--db", db, "list", "--all"]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{first} [x] buy milk", f"{second} [ ] call mum"]


def test_cli_unknown_id_is_an_error(tmp_path, capsys):
    db = str(tmp_path / "cli.db")
    assert main(["--db", db, "done", "41"]) == 1
    assert capsys.readouterr().err.strip()
