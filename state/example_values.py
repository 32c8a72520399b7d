"""Values a requirement states in its examples, and the checks built from them.

Why a module of its own: the readers of ``state.example_forms`` find where an example's call
and expected value are; what counts as a value a user can state (a literal, a container of
literals, ``date(2024, 1, 10)``), and how it becomes an assert, is shared by them, by the
trusted-test writer and by the probes (``state.probes``).
"""

from __future__ import annotations

import ast
import io
import re
import tokenize

from state.syntax_tree import parse_expression


def expression(text: str) -> ast.expr | None:
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


def is_literal(text: str) -> bool:
    """A value a user can state: literals, containers of them, negative numbers, None/True,
    and values of the standard-library types in ``VALUE_CONSTRUCTORS``."""
    node = expression(text)
    try:
        return node is not None and is_value(node)
    except RecursionError:
        return False


def called_name(node: ast.expr | None) -> str | None:
    """``f`` for ``f(...)``; the innermost call's name for ``sorted(f(...))``-like wrappers."""
    if not isinstance(node, ast.Call):
        return None
    if isinstance(node.func, ast.Name):
        inner = [called_name(a) for a in node.args if isinstance(a, ast.Call)]
        wrapped = next((n for n in inner if n is not None), None)
        return wrapped if node.func.id in _WRAPPERS and wrapped else node.func.id
    return None


_WRAPPERS = frozenset({"set", "sorted", "list", "tuple", "round", "abs", "frozenset", "str", "int", "float"})


def equality_check(call: str, expected: str) -> str:
    """An assert that the call's value equals the expected one (floats within 1e-6)."""
    return f"assert _same({call}, {expected.strip()})"


def equality(node: ast.expr | None) -> tuple[ast.expr, ast.expr] | None:
    """(left, right) of ``left == right``, a single comparison; else None."""
    if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq):
        return node.left, node.comparators[0]
    return None


_COMPUTED = re.compile(r"^\s*(?:[-+*/%=<>^&|]|\*\*)")
"""What follows a value that is only the start of a computation (``19 - 5 - 6 = 8``)."""


_PROSE_BOOLEANS = {"true": "True", "false": "False"}
"""How requirements written for other languages spell Python's booleans (HumanEval/76)."""


def as_python(value: str) -> str:
    return _PROSE_BOOLEANS.get(value.strip(), value)


def literal_prefix(text: str) -> str | None:
    """The longest head of ``text`` that is a literal, trailing prose and punctuation cut;
    ``None`` when the literal is only the first term of a computation."""
    text = text.strip()
    for end in range(len(text), 0, -1):
        head = text[:end].rstrip(" .,;")
        if head and is_literal(as_python(head)):
            return None if _COMPUTED.match(text[len(head) :]) else head
    return None


def literal_arguments(call: str) -> bool:
    """``f(3, [1, 2])`` is an example; ``f(n)``, ``put(key, value)`` or ``close()`` (followed
    by ``-> None``) is a signature."""
    node = expression(call)
    if not isinstance(node, ast.Call):
        return False
    arguments = [*node.args, *(k.value for k in node.keywords)]
    return bool(arguments) and all(is_literal(ast.unparse(a)) for a in arguments)


def without_comment(value: str) -> str:
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
