"""Arithmetic expressions by recursive descent."""

import re

_TOKEN = re.compile(r"\s*(?:(\d+\.\d*|\.\d+|\d+)|(.))")


def _tokens(text: str) -> list[str]:
    tokens = []
    for number, other in _TOKEN.findall(text.rstrip()):
        if number:
            tokens.append(number)
        elif other in "+-*/()":
            tokens.append(other)
        else:
            raise ValueError(f"unknown character {other!r}")
    return tokens


class _Parser:
    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self) -> str:
        token = self.peek()
        if token is None:
            raise ValueError("unexpected end of expression")
        self.pos += 1
        return token

    def expression(self) -> float:
        value = self.term()
        while self.peek() in ("+", "-"):
            op = self.take()
            right = self.term()
            value = value + right if op == "+" else value - right
        return value

    def term(self) -> float:
        value = self.factor()
        while self.peek() in ("*", "/"):
            op = self.take()
            right = self.factor()
            value = value * right if op == "*" else value / right
        return value

    def factor(self) -> float:
        token = self.take()
        if token == "-":
            return -self.factor()
        if token == "(":
            value = self.expression()
            if self.take() != ")":
                raise ValueError("missing )")
            return value
        if token in "+*/)":
            raise ValueError(f"unexpected {token!r}")
        return float(token)


def evaluate(expression: str) -> float:
    parser = _Parser(_tokens(expression))
    value = parser.expression()
    if parser.peek() is not None:
        raise ValueError(f"unexpected {parser.peek()!r}")
    return float(value)
