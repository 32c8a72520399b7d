from wordstats import top_words, word_count


def test_the_reported_example():
    assert word_count("Hello, hello! World.") == {"hello": 2, "world": 1}


def test_punctuation_alone_is_not_a_word():
    assert word_count("a - ... !") == {"a": 1, "-": 1}


def test_top_words_counts_without_punctuation():
    assert top_words("yes, yes. no", 1) == ["yes"]
