import subprocess
import sys
from pathlib import Path

import wordfreq
from wordfreq import count_words, main, top_words

TEXT = "The cat and the hat. THE END! Don't stop, don't.\nCat 42 42"


def test_count_words_is_case_insensitive_and_splits_on_punctuation():
    assert count_words(TEXT) == {
        "the": 3,
        "cat": 2,
        "and": 1,
        "hat": 1,
        "end": 1,
        "don't": 2,
        "stop": 1,
        "42": 2,
    }
    assert count_words("") == {}


def test_top_words_orders_by_count_then_alphabetically():
    assert top_words(TEXT, 4) == [("the", 3), ("42", 2), ("cat", 2), ("don't", 2)]
    assert top_words("b a c a", 10) == [("a", 2), ("b", 1), ("c", 1)]


def test_main_prints_the_top_n(tmp_path, capsys):
    path = tmp_path / "in.txt"
    path.write_text(TEXT, encoding="utf-8")
    assert main([str(path), "--top", "2"]) == 0
    assert capsys.readouterr().out.splitlines() == ["the 3", "42 2"]


def test_main_shows_ten_words_by_default(tmp_path, capsys):
    path = tmp_path / "in.txt"
    path.write_text(" ".join(f"w{i:02d} " * (i + 1) for i in range(12)), encoding="utf-8")
    assert main([str(path)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10
    assert lines[0] == "w11 12" and lines[-1] == "w02 3"


def test_a_missing_file_is_an_error(tmp_path, capsys):
    assert main([str(tmp_path / "nope.txt")]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip()


def test_it_runs_as_a_script(tmp_path):
    path = tmp_path / "in.txt"
    path.write_text("b a b", encoding="utf-8")
    script = Path(wordfreq.__file__)
    done = subprocess.run(
        [sys.executable, str(script), str(path), "--top", "1"], capture_output=True, text=True, timeout=30
    )
    assert done.returncode == 0
    assert done.stdout.splitlines() == ["b 2"]
    missing = subprocess.run(
        [sys.executable, str(script), str(tmp_path / "nope.txt")], capture_output=True, text=True, timeout=30
    )
    assert missing.returncode == 1
