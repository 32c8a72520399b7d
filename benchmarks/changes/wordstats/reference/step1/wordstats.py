from collections import Counter


def word_count(text: str) -> dict[str, int]:
    return dict(Counter(word.lower() for word in text.split()))


def top_words(text: str, n: int) -> list[str]:
    counts = word_count(text)
    return sorted(counts, key=lambda word: (-counts[word], word))[:n]
