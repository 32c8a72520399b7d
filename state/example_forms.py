"""The fixed forms in which requirements state examples, each read without a model.

A doctest ``>>>`` line and its output (``Traceback`` becomes a raise), an ``assert``, a
"f(x) == y" / "f(x) -> y" / "f(x) ➞ y" / "returns" line, ``Input:`` / ``Output:`` pairs
(``Input: arr = [1, 2], k = 1`` too), "For x = ... the output should be ..." lines, and
"`f(x)` raises `ValueError`". Each reader yields (call, expected, quote); whether the quote
is the user's is ``state.example_reader``'s check.
"""

from __future__ import annotations

import ast
import builtins
import re
from collections.abc import Iterator, Mapping

from state.acceptance import AcceptanceExample
from state.example_values import (
    called_name,
    equality,
    expression,
    is_literal,
    is_value,
    literal_arguments,
    literal_prefix,
)


def _stated_comparison(source: str) -> tuple[str, str] | None:
    """(call, expected) of a doctest line that states its example as a comparison, with no
    output after it (or ``True``): ``>>> prod_signs([0, 1]) == 0``.

    Why: six HumanEval prompts write every example so (/108, /116, /128, /145, /156, /162);
    read only as ``>>>`` lines with an output, they gave no trusted test, and on he40
    HumanEval/128 the one candidate of six that returns -9 for ``prod_signs([1, 2, 2, -4])``
    lost to a tie."""
    sides = equality(expression(source))
    if sides is None:
        return None
    call, expected = sides
    if not isinstance(call, ast.Call) or not is_value(expected):
        return None
    stated = (ast.get_source_segment(source, call), ast.get_source_segment(source, expected))
    return (stated[0], stated[1]) if stated[0] and stated[1] else None


def doctests(lines: list[str]) -> Iterator[tuple[str, str, str]]:
    """(call, expected or 'raise:Name', quote) for every ``>>>`` line with an output, and for
    every one that states its expected value as a comparison (``_stated_comparison``)."""
    i = 0
    while i < len(lines):
        stripped = lines[i].strip()
        if not stripped.startswith(">>>"):
            i += 1
            continue
        start = i
        source = stripped[3:].strip()
        i += 1
        while i < len(lines) and lines[i].strip().startswith("..."):
            source += "\n" + lines[i].strip()[3:].strip()
            i += 1
        output: list[str] = []
        while i < len(lines):
            text = lines[i].strip()
            if not text or text.startswith(">>>") or '"""' in text or "'''" in text:
                break
            output.append(text)
            i += 1
        quote = "\n".join(lines[start:i])
        stated = _stated_comparison(source) if output in ([], ["True"]) else None
        if stated is not None:
            yield stated[0], stated[1], quote
            continue
        if not output:
            continue
        if output[0].startswith("Traceback"):
            name = output[-1].split(":", 1)[0].strip()
            if name.isidentifier():
                yield source, f"raise:{name}", quote
            continue
        yield source, "\n".join(output), quote


_ASSERT = re.compile(r"^\s*assert\s+(?P<test>.+?)\s*$")


def _asserted_call(node: ast.expr | None) -> ast.expr | None:
    """The call an assert checks: ``f(x)`` in ``f(x) == y``, ``isclose(f(x), y)``, ``not f(x)``."""
    if (sides := equality(node)) is not None:
        return sides[0]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return node.operand
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "isclose":
        return node.args[0] if node.args else None
    return node if isinstance(node, ast.Call) else None


def asserts(lines: list[str]) -> Iterator[AcceptanceExample]:
    """``assert`` lines (MBPP's given example), kept verbatim: the user's own check."""
    for line in lines:
        match = _ASSERT.match(line)
        if not match:
            continue
        call = _asserted_call(expression(match["test"]))
        function = called_name(call)
        if call is None or function is None or function == "isinstance":
            continue
        check = f"assert {match['test']}"
        if "isclose" in check and "import math" not in check:
            check = f"import math\n{check}"
        yield AcceptanceExample(
            kind="assert", function=function, check=check, call=ast.unparse(call), quote=line.strip()
        )


_ARROW = re.compile(r"\s*(?:==>|=>|➞|->|==|=|\bshould return\b|\breturns\b|\bgives\b)\s*")


def _call_suffix(text: str) -> str | None:
    """The longest tail of ``text`` that is a call ``name(...)``."""
    for match in re.finditer(r"[A-Za-z_]\w*\(", text):
        candidate = text[match.start() :].strip()
        if isinstance(expression(candidate), ast.Call):
            return candidate
    return None


def arrows(lines: list[str]) -> Iterator[tuple[str, str, str]]:
    """(call, expected, quote) of prose example lines such as ``f(3, 5) ➞ 8``."""
    for quoted in lines:
        if quoted.strip().startswith((">>>", "assert")):
            continue
        line = quoted.replace("`", "")  # markdown code spans: `f(1)` returns `2`
        start = 0
        for separator in _ARROW.finditer(line):
            if separator.start() < start:
                continue
            call = _call_suffix(line[start : separator.start()])
            expected = literal_prefix(line[separator.end() :])
            if call and expected is not None and literal_arguments(call):
                yield call, expected, quoted.strip()
                start = separator.end() + len(expected)


def _parameters(signature: str) -> list[str]:
    """Parameter names of ``f(a: int, b=2) -> x``."""
    inside = signature.split("(", 1)[1].rsplit(")", 1)[0] if "(" in signature else ""
    names = [part.split(":")[0].split("=")[0].strip().lstrip("*") for part in inside.split(",")]
    return [name for name in names if name.isidentifier()]


_INPUT = re.compile(r"^\s*Input\s*:\s*(?P<value>.+?)\s*$", re.IGNORECASE)
_OUTPUT = re.compile(r"^\s*Output\s*:\s*(?P<value>.+?)\s*$", re.IGNORECASE)
_FOR_PARAMS = re.compile(
    r"\bFor (?P<params>(?P<param>[A-Za-z_]\w*) = (?P<rest>.+?))\s*,?\s*"
    r"\bthe (?:output|result) should be (?P<out>.+)$"
)


def _named_call(assignments: str, signatures: Mapping[str, str]) -> str | None:
    """``f(x, y)`` for inputs written as ``arr = [1, 2], k = 3``, when exactly one function of
    the requirement has exactly those parameters (arguments in its order).

    Why: the LeetCode layout (``Input: arr = [-3, -4, 5], k = 3`` / ``Output: [-4, -3, 5]``)
    and "For s = "abcde", c = "ae", the result should be ..." name every argument; eight
    HumanEval prompts state all their examples so, and read as one value they were no
    example at all."""
    node = expression(f"_({assignments.strip().rstrip(',')})")
    if not isinstance(node, ast.Call) or node.args or not node.keywords:
        return None
    given = {keyword.arg: keyword.value for keyword in node.keywords}
    if not all(is_literal(ast.unparse(value)) for value in given.values()):
        return None
    fitting = [
        (name, parameters)
        for name, signature in signatures.items()
        if sorted(parameters := _parameters(signature)) == sorted(str(k) for k in given)
    ]
    if len(fitting) != 1:
        return None
    function, parameters = fitting[0]
    return f"{function}({', '.join(ast.unparse(given[p]) for p in parameters)})"


def io_examples(lines: list[str], signatures: Mapping[str, str]) -> Iterator[tuple[str, str, str]]:
    """(call, expected, quote) of ``Input: x`` / ``Output: y`` pairs and of "For lst = x
    ... the output should be y" lines: a bare value for the requirement's one
    one-parameter function, ``name = value`` pairs for the function with those parameters."""
    single = [(name, params[0]) for name, sig in signatures.items() if len(params := _parameters(sig)) == 1]
    function, parameter = single[0] if len(single) == 1 else (None, None)
    for number, line in enumerate(lines):
        found = _INPUT.match(line)
        following = lines[number + 1 : number + 3]
        output = next((m for m in map(_OUTPUT.match, following) if m), None)
        if found and output:
            value = found["value"]
            bare = function and is_literal(value)
            call = f"{function}({value})" if bare else _named_call(value, signatures)
            if call:
                quote = "\n".join(lines[number : number + 1 + following.index(output.string) + 1])
                yield call, output["value"], quote
        match = _FOR_PARAMS.search(line.replace("`", ""))
        if not match or (expected := literal_prefix(match["out"])) is None:
            continue
        call = _named_call(match["params"], signatures)
        if call is None and function and match["param"] == parameter:
            value = literal_prefix(match["rest"])
            call = f"{function}({value})" if value is not None and is_literal(value) else None
        if call:
            yield call, expected, line.strip()


_RAISES = re.compile(
    r"`(?P<subject>[A-Za-z_]\w*(?:\([^`]*\))?)` raises `(?P<error>[A-Z]\w*)`"
    r"(?:[^`.;]*?\b(?:such as|for example|for instance|e\.g\.,?) "
    r"(?P<inputs>`[^`]+`(?:(?:,| or| and)+ `[^`]+`)*))?"
)
_CODE_SPAN = re.compile(r"`([^`]+)`")


def _is_builtin_exception(name: str) -> bool:
    found = getattr(builtins, name, None)
    return isinstance(found, type) and issubclass(found, BaseException)


def raising(text: str, signatures: Mapping[str, str]) -> Iterator[tuple[str, str, str]]:
    """(call, ``raise:Error``, quote) of the sentences that say an input must raise: "`f(x)`
    raises `ValueError`", and "`from_roman` raises `ValueError` for ... such as `'IIII'`" for
    a one-parameter function of the requirement. Only built-in exceptions: the trusted test
    file cannot import one the code defines before the code exists.

    Why: an input that must raise is an example like any other (issue 22); the roman-numeral
    project's code accepted `'IIII'`, and with no trusted test saying so nothing drove a fix."""
    for found in _RAISES.finditer(text):
        subject, error = found["subject"], found["error"]
        if not _is_builtin_exception(error):
            continue
        if "(" in subject:
            if literal_arguments(subject):
                yield subject, f"raise:{error}", found.group(0)
            continue
        parameters = _parameters(signatures.get(subject, ""))
        if len(parameters) != 1 or not found["inputs"]:
            continue
        for value in _CODE_SPAN.findall(found["inputs"]):
            if is_literal(value):
                yield f"{subject}({value})", f"raise:{error}", found.group(0)
