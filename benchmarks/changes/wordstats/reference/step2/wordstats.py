from collections import Counter

PUNCTUATION = ".,;:!?\"'()"


def word_count(text: str) -> dict[str, int]:
    words = (word.strip(PUNCTUATION).lower() for word in text.split())
    return dict(Counter(word for word in words if word))


def top_words(text: str, n: int) -> list[str]:
    counts = word_count(text)
    return sorted(counts, key=lambda word: (-counts[word], word))[:n]
