from wordstats import top_words, word_count


def test_the_stated_examples():
    assert word_count("a b A") == {"a": 2, "b": 1}
    assert top_words("b a b c a b", 2) == ["b", "a"]


def test_ties_are_broken_alphabetically():
    assert top_words("c b a", 2) == ["a", "b"]


def test_empty_text_has_no_words():
    assert word_count("") == {}
