"""Probe calls: inputs to run every candidate on when nobody knows the right output.

Why: when several candidates pass every example the requirement gives (or it gives none
with an expected value), the trusted tests cannot tell them apart, yet they often differ
on other inputs. MBR-exec (Shi et al., arXiv 2204.11454) picks the candidate whose outputs
agree with the most other candidates' outputs on a set of inputs; it needs no expected
values, so no model can write a wrong one into it. The inputs here are read from the
requirement without a model: every call of a function it names whose arguments are all
literals (``sort_array([1, 5, 2, 3, 4])``, even where the example's expected value is
missing or malformed), then the same calls with one argument nudged (a number one larger,
a list reversed or one shorter, a string reversed), which stay close to the inputs the user
had in mind.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterable, Iterator
from typing import Any

from state.example_values import is_value
from state.syntax_tree import parse_expression

MAX_PROBES = 24
"""Enough to separate a handful of candidates; few enough to run in a second or two."""

MAX_ARGUMENT_CHARS = 400
"""A longer literal argument is data, not an example input: it is not nudged."""


def _literal(node: ast.expr) -> bool:
    """A literal, or a value of a standard-library type (``date(2024, 1, 10)``) the probe
    file imports (``state.example_values.VALUE_CONSTRUCTORS``): the date-range project's
    inputs are tuples of dates, and without them it had no probe at all."""
    try:
        return is_value(node)
    except RecursionError:
        return False


def _nudgeable(node: ast.expr) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


_CALL = re.compile(r"(?<![\w.])([A-Za-z_]\w*)\(")
_METHOD_OR_CALL = re.compile(r"(?<!\w)([A-Za-z_]\w*)\(")


def _calls_in(text: str, functions: set[str], as_methods: bool = False) -> Iterator[ast.Call]:
    """Every ``f(...)`` of a named function in ``text`` with only literal arguments; with
    ``as_methods`` also ``x.f(...)``, read as the call ``f(...)``."""
    for match in re.finditer(_METHOD_OR_CALL if as_methods else _CALL, text):
        if match[1] not in functions:
            continue
        for end in range(match.end(), min(len(text), match.end() + 2 * MAX_ARGUMENT_CHARS) + 1):
            if text[end - 1] != ")":
                continue
            try:
                node = parse_expression(text[match.start() : end]).body
            except (SyntaxError, ValueError):
                continue
            if isinstance(node, ast.Call) and (node.args or node.keywords):
                arguments = [*node.args, *(k.value for k in node.keywords)]
                if all(_literal(a) for a in arguments):
                    yield node
            break


def _nudged(value: object) -> list[object]:
    """Values near ``value`` of the same type (the first is the most conservative)."""
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int):
        return [value + 1, value - 1 if value > 0 else value + 2]
    if isinstance(value, float):
        return [value * 1.5 + 0.5]
    if isinstance(value, str):
        return [value[::-1], value[1:]] if len(value) > 1 else [value + value]
    if isinstance(value, list | tuple):
        return [type(value)(items) for items in _reshaped(list(value))]
    return []


def _reshaped(items: list[Any]) -> list[list[Any]]:
    """A sequence's neighbours: reversed, one shorter (unless it has one item), one longer."""
    shorter = items[:-1] if len(items) > 1 else items
    return [items[::-1], shorter, items + items[:1]]


def _nudged_nodes(node: ast.expr) -> list[ast.expr]:
    """Arguments near ``node``: nudged values of a literal; a tuple or list of constructed
    values (``(date(2024, 1, 1), date(2024, 1, 10))``) reversed, one shorter, one longer,
    as ``_nudged`` does with a literal one (a reversed date range is one whose end is
    before its start, which the date-range requirement says must raise)."""
    if _nudgeable(node):
        return [parse_expression(repr(value)).body for value in _nudged(ast.literal_eval(node))]
    if isinstance(node, ast.Tuple | ast.List) and node.elts:
        return [type(node)(elts=elts, ctx=ast.Load()) for elts in _reshaped(list(node.elts))]
    return []


def _variants(call: ast.Call) -> Iterator[str]:
    """The call with one positional argument nudged at a time."""
    for position, argument in enumerate(call.args):
        if len(ast.unparse(argument)) > MAX_ARGUMENT_CHARS:
            continue
        for nudged in _nudged_nodes(argument):
            args = [*call.args]
            args[position] = nudged
            yield ast.unparse(ast.Call(func=call.func, args=args, keywords=call.keywords))


def _parsed_call(text: str) -> ast.Call | None:
    try:
        node = parse_expression(text).body
    except (SyntaxError, ValueError):
        return None
    return node if isinstance(node, ast.Call) and all(_literal(a) for a in node.args) else None


def probe_calls(
    requirement: str, functions: set[str], example_calls: Iterable[str] = (), method_text: str = ""
) -> list[str]:
    """Probe calls for ``functions``: the requirement's own literal calls (and the calls of
    its examples, which other forms such as "Input: [4, 2, 3]" yield) first, then their
    nudged variants taken round-robin (so the cap keeps some of each), each once.

    ``method_text``: text whose method calls of the functions count as their calls (QA's
    tests written against a class the Engineer wrapped the functions in)."""
    if not functions:
        return []
    seen: dict[str, None] = {}
    from_examples = [node for node in map(_parsed_call, example_calls) if node is not None]
    originals = [
        *_calls_in(requirement, functions),
        *from_examples,
        *_calls_in(method_text, functions, as_methods=True),
    ]
    for node in originals:
        seen.setdefault(ast.unparse(node))
    variant_lists = [list(_variants(node)) for node in originals]
    for round_ in range(max((len(v) for v in variant_lists), default=0)):
        for variants in variant_lists:
            if round_ < len(variants):
                seen.setdefault(variants[round_])
    return list(seen)[:MAX_PROBES]
