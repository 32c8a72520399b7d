"""The requirement's examples, read from its text without a model (``acceptance_examples``).

Why mechanical: see ``state.acceptance``. The fixed forms requirements use are read here: a
doctest ``>>>`` line and its output (``Traceback`` becomes ``pytest.raises``), an
``assert``, a "f(x) == y" / "f(x) -> y" / "f(x) ➞ y" / "returns" line, ``Input:`` /
``Output:`` pairs (``Input: arr = [1, 2], k = 1`` too), "For x = ... the output should
be ..." lines, and "`f(x)` raises
`ValueError`". Each example is kept with the quote it came from and dropped unless that
quote, and the expected value in it, appear verbatim in the text.
"""

from __future__ import annotations

import ast
import builtins
import io
import re
import tokenize
from collections.abc import Iterator, Mapping

from state.acceptance import AcceptanceExample, ExampleKind
from state.syntax_tree import parse_expression


def _expression(text: str) -> ast.expr | None:
    try:
        return parse_expression(text.strip()).body
    except (SyntaxError, ValueError):
        return None


VALUE_CONSTRUCTORS: dict[str, str] = {
    "date": "datetime",
    "datetime": "datetime",
    "time": "datetime",
    "timedelta": "datetime",
    "Decimal": "decimal",
    "Fraction": "fractions",
}
"""Standard-library types a requirement writes values of (``date(2024, 1, 10)``), by the
module the trusted test file imports them from. Why: the project benchmark's date ranges
requirement states two examples, ``overlaps((date(2024, 1, 1), ...)) returns True``, that
plain literals could not read, so its six candidates had no trusted test to tell them apart."""


def _value_imports() -> str:
    """The import lines that bind every name of ``VALUE_CONSTRUCTORS``, one per module."""
    by_module: dict[str, list[str]] = {}
    for name, module in VALUE_CONSTRUCTORS.items():
        by_module.setdefault(module, []).append(name)
    return "".join(f"from {module} import {', '.join(names)}\n" for module, names in by_module.items())


VALUE_IMPORTS = _value_imports()
"""For a generated test file that writes such values (trusted tests, probes)."""


def _is_constructed(node: ast.expr) -> bool:
    """``date(2024, 1, 10)`` or ``Decimal('0.1')``: a value constructor with literal arguments."""
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in VALUE_CONSTRUCTORS
        and all(is_value(argument) for argument in [*node.args, *(k.value for k in node.keywords)])
    )


def is_value(node: ast.expr) -> bool:
    """A literal, a value constructor's call, or a container or negation of those."""
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return all(is_value(element) for element in node.elts)
    if isinstance(node, ast.Dict):
        pairs = zip(node.keys, node.values, strict=True)
        return all(k is not None and is_value(k) and is_value(v) for k, v in pairs)
    if isinstance(node, ast.Call):
        return _is_constructed(node)
    try:
        ast.literal_eval(node)
    except (SyntaxError, ValueError, TypeError, MemoryError, RecursionError):
        return False
    return True


def _is_literal(text: str) -> bool:
    """A value a user can state: literals, containers of them, negative numbers, None/True,
    and values of the standard-library types in ``VALUE_CONSTRUCTORS``."""
    node = _expression(text)
    try:
        return node is not None and is_value(node)
    except RecursionError:
        return False


def _called_name(node: ast.expr | None) -> str | None:
    """``f`` for ``f(...)``; the innermost call's name for ``sorted(f(...))``-like wrappers."""
    if not isinstance(node, ast.Call):
        return None
    if isinstance(node.func, ast.Name):
        inner = [_called_name(a) for a in node.args if isinstance(a, ast.Call)]
        wrapped = next((n for n in inner if n is not None), None)
        return wrapped if node.func.id in _WRAPPERS and wrapped else node.func.id
    return None


_WRAPPERS = frozenset({"set", "sorted", "list", "tuple", "round", "abs", "frozenset", "str", "int", "float"})


def equality_check(call: str, expected: str) -> str:
    """An assert that the call's value equals the expected one (floats within 1e-6)."""
    return f"assert _same({call}, {expected.strip()})"


def _equality(node: ast.expr | None) -> tuple[ast.expr, ast.expr] | None:
    """(left, right) of ``left == right``, a single comparison; else None."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq):
        return node.left, node.comparators[0]
    return None


def _stated_comparison(source: str) -> tuple[str, str] | None:
    """(call, expected) of a doctest line that states its example as a comparison, with no
    output after it (or ``True``): ``>>> prod_signs([0, 1]) == 0``.

    Why: six HumanEval prompts write every example so (/108, /116, /128, /145, /156, /162);
    read only as ``>>>`` lines with an output, they gave no trusted test, and on he40
    HumanEval/128 the one candidate of six that returns -9 for ``prod_signs([1, 2, 2, -4])``
    lost to a tie."""
    sides = _equality(_expression(source))
    if sides is None:
        return None
    call, expected = sides
    if not isinstance(call, ast.Call) or not is_value(expected):
        return None
    stated = (ast.get_source_segment(source, call), ast.get_source_segment(source, expected))
    return (stated[0], stated[1]) if stated[0] and stated[1] else None


def _doctests(lines: list[str]) -> Iterator[tuple[str, str, str]]:
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
    if (sides := _equality(node)) is not None:
        return sides[0]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
        return node.operand
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "isclose":
        return node.args[0] if node.args else None
    return node if isinstance(node, ast.Call) else None


def _asserts(lines: list[str]) -> Iterator[AcceptanceExample]:
    """``assert`` lines (MBPP's given example), kept verbatim: the user's own check."""
    for line in lines:
        match = _ASSERT.match(line)
        if not match:
            continue
        call = _asserted_call(_expression(match["test"]))
        function = _called_name(call)
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
        if isinstance(_expression(candidate), ast.Call):
            return candidate
    return None


_COMPUTED = re.compile(r"^\s*(?:[-+*/%=<>^&|]|\*\*)")
"""What follows a value that is only the start of a computation (``19 - 5 - 6 = 8``)."""


_PROSE_BOOLEANS = {"true": "True", "false": "False"}
"""How requirements written for other languages spell Python's booleans (HumanEval/76)."""


def _as_python(value: str) -> str:
    return _PROSE_BOOLEANS.get(value.strip(), value)


def _literal_prefix(text: str) -> str | None:
    """The longest head of ``text`` that is a literal, trailing prose and punctuation cut;
    ``None`` when the literal is only the first term of a computation."""
    text = text.strip()
    for end in range(len(text), 0, -1):
        head = text[:end].rstrip(" .,;")
        if head and _is_literal(_as_python(head)):
            return None if _COMPUTED.match(text[len(head) :]) else head
    return None


def _literal_arguments(call: str) -> bool:
    """``f(3, [1, 2])`` is an example; ``f(n)``, ``put(key, value)`` or ``close()`` (followed
    by ``-> None``) is a signature."""
    node = _expression(call)
    if not isinstance(node, ast.Call):
        return False
    arguments = [*node.args, *(k.value for k in node.keywords)]
    return bool(arguments) and all(_is_literal(ast.unparse(a)) for a in arguments)


def _arrows(lines: list[str]) -> Iterator[tuple[str, str, str]]:
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
            expected = _literal_prefix(line[separator.end() :])
            if call and expected is not None and _literal_arguments(call):
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
    node = _expression(f"_({assignments.strip().rstrip(',')})")
    if not isinstance(node, ast.Call) or node.args or not node.keywords:
        return None
    given = {keyword.arg: keyword.value for keyword in node.keywords}
    if not all(_is_literal(ast.unparse(value)) for value in given.values()):
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


def _io_examples(lines: list[str], signatures: Mapping[str, str]) -> Iterator[tuple[str, str, str]]:
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
            bare = function and _is_literal(value)
            call = f"{function}({value})" if bare else _named_call(value, signatures)
            if call:
                quote = "\n".join(lines[number : number + 1 + following.index(output.string) + 1])
                yield call, output["value"], quote
        match = _FOR_PARAMS.search(line.replace("`", ""))
        if not match or (expected := _literal_prefix(match["out"])) is None:
            continue
        call = _named_call(match["params"], signatures)
        if call is None and function and match["param"] == parameter:
            value = _literal_prefix(match["rest"])
            call = f"{function}({value})" if value is not None and _is_literal(value) else None
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


def _raising(text: str, signatures: Mapping[str, str]) -> Iterator[tuple[str, str, str]]:
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
            if _literal_arguments(subject):
                yield subject, f"raise:{error}", found.group(0)
            continue
        parameters = _parameters(signatures.get(subject, ""))
        if len(parameters) != 1 or not found["inputs"]:
            continue
        for value in _CODE_SPAN.findall(found["inputs"]):
            if _is_literal(value):
                yield f"{subject}({value})", f"raise:{error}", found.group(0)


def _normalised(text: str) -> str:
    return " ".join(text.split())


def _without_comment(value: str) -> str:
    """``[1, 5]`` of ``[1, 5] # the odd numbers are 1 and 5``: parsed, the comment hides
    itself, and written into a check it would swallow the check's end (HumanEval/122,
    /123). A ``#`` inside a string stays."""
    try:
        for token in tokenize.generate_tokens(io.StringIO(value).readline):
            if token.type == tokenize.COMMENT:
                return value[: token.start[1]].rstrip()
    except (tokenize.TokenError, SyntaxError):
        pass
    return value


def _builds_example(kind: ExampleKind, call: str, expected: str, quote: str) -> AcceptanceExample | None:
    expected = _without_comment(expected)
    node = _expression(call)
    function = _called_name(node)
    if node is None or function is None or call.lstrip().startswith("print("):
        return None
    call = ast.unparse(node)  # without a trailing comment, which would swallow the check's end
    if expected.startswith("raise:"):
        error = expected.removeprefix("raise:")
        check = f"with pytest.raises({error}):\n    {call}"
        return AcceptanceExample(kind=kind, function=function, check=check, call=call, quote=quote)
    if not _is_literal(_as_python(expected)):
        return None
    check = equality_check(call, _as_python(expected))
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
        ("doctest", _doctests(lines)),
        ("arrow", _arrows(lines)),
        ("io", _io_examples(lines, signatures or {})),
        ("raises", _raising(_normalised(requirement), signatures or {})),
    ]
    candidates: list[tuple[AcceptanceExample | None, str]] = [
        (_builds_example(kind, call, expected, quote), expected)
        for kind, items in read
        for call, expected, quote in items
    ]
    candidates += [(example, example.quote.removeprefix("assert ")) for example in _asserts(lines)]
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
