"""Reverse Polish notation calculator."""

import operator

_OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def evaluate_rpn(expression: str) -> float:
    stack: list[float] = []
    tokens = expression.split()
    if not tokens:
        raise ValueError("empty expression")
    for token in tokens:
        if token in _OPS:
            if len(stack) < 2:
                raise ValueError(f"{token} needs two operands")
            right, left = stack.pop(), stack.pop()
            stack.append(_OPS[token](left, right))
        else:
            try:
                stack.append(float(token))
            except ValueError:
                raise ValueError(f"unknown token {token!r}") from None
    if len(stack) != 1:
        raise ValueError("values left over")
    return float(stack[0])
