"""The requirement's examples, read from its text without a model (``acceptance_examples``).

Why mechanical: see ``state.acceptance``. The forms read are in ``state.example_forms``,
what counts as a stated value in ``state.example_values``. Each example is kept with the
quote it came from and dropped unless that quote, and the expected value in it, appear
verbatim in the text.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping

from state.acceptance import AcceptanceExample, ExampleKind
from state.example_forms import arrows, asserts, doctests, io_examples, raising
from state.example_values import (
    as_python,
    called_name,
    equality_check,
    expression,
    is_literal,
    without_comment,
)


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _builds_example(kind: ExampleKind, call: str, expected: str, quote: str) -> AcceptanceExample | None:
    expected = without_comment(expected)
    node = expression(call)
    function = called_name(node)
    if node is None or function is None or call.lstrip().startswith("print("):
        return None
    call = ast.unparse(node)  # without a trailing comment, which would swallow the check's end
    if expected.startswith("raise:"):
        error = expected.removeprefix("raise:")
        check = f"with pytest.raises({error}):\n    {call}"
        return AcceptanceExample(kind=kind, function=function, check=check, call=call, quote=quote)
    if not is_literal(as_python(expected)):
        return None
    check = equality_check(call, as_python(expected))
    try:
        compile(check, "<example>", "exec")
    except (SyntaxError, ValueError):
        return None
    return AcceptanceExample(kind=kind, function=function, check=check, call=call, quote=quote)


def acceptance_examples(
    requirement: str, functions: set[str] | None = None, signatures: Mapping[str, str] | None = None
) -> list[AcceptanceExample]:
    """The requirement's examples as checks, in the order they appear, each once.

    ``functions``: when given, only examples calling one of them are kept (a requirement's
    prose may show ``len([1, 2]) == 2``). ``signatures`` (``RequiredNames.functions``) lets
    examples that give only an input and an output be read for a one-parameter function.
    Each example's quote, and the expected value in
    it, must appear verbatim in the requirement: an expected value that is not the user's
    is not trusted.
    """
    lines = requirement.splitlines()
    found: list[AcceptanceExample] = []
    seen: set[str] = set()
    text = _normalised(requirement)
    read: list[tuple[ExampleKind, Iterator[tuple[str, str, str]]]] = [
        ("doctest", doctests(lines)),
        ("arrow", arrows(lines)),
        ("io", io_examples(lines, signatures or {})),
        ("raises", raising(_normalised(requirement), signatures or {})),
    ]
    candidates: list[tuple[AcceptanceExample | None, str]] = [
        (_builds_example(kind, call, expected, quote), expected)
        for kind, items in read
        for call, expected, quote in items
    ]
    candidates += [(example, example.quote.removeprefix("assert ")) for example in asserts(lines)]
    for example, expected in candidates:
        if example is None or example.check in seen:
            continue
        if functions and example.function not in functions:
            continue
        shown = expected.removeprefix("raise:")
        if _normalised(example.quote) not in text or _normalised(shown) not in _normalised(example.quote):
            continue
        seen.add(example.check)
        found.append(example)
    return found
