"""Word frequencies of a text file: python wordfreq.py FILE [--top N]."""

import argparse
import re
import sys
from collections import Counter


def count_words(text: str) -> dict[str, int]:
    return dict(Counter(re.findall(r"[A-Za-z0-9']+", text.lower())))


def top_words(text: str, n: int) -> list[tuple[str, int]]:
    return sorted(count_words(text).items(), key=lambda item: (-item[1], item[0]))[:n]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="wordfreq")
    parser.add_argument("file")
    parser.add_argument("--top", type=int, default=10)
    args = parser.parse_args(argv)
    try:
        with open(args.file, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        print(f"wordfreq: no such file: {args.file}", file=sys.stderr)
        return 1
    for word, count in top_words(text, args.top):
        print(f"{word} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
