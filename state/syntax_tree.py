"""Python's parser behind one lock, for the threads that parse at once.

Why: CPython 3.11's ``ast.parse`` keeps the depth of the syntax tree it is building in
interpreter-wide state and resets it when a parse starts, so two threads parsing at once
(``--jobs 2`` in the benchmarks, LangGraph running candidates and files as parallel tasks)
can clobber each other's count, and one of them fails with ``SystemError: AST constructor
recursion depth mismatch`` (CPython gh-106905 and its relatives; the CI run at 011e1bb failed
on it in ``test_parallel_jobs_score_like_one_job``). Every parse in sopgraph goes through
here. The files parsed are small (milliseconds at most), so taking turns costs nothing
measurable.
"""

from __future__ import annotations

import ast
import threading

_PARSER = threading.Lock()


def parse_module(source: str) -> ast.Module:
    """``ast.parse(source)``, one thread at a time; raises ``SyntaxError`` as it does."""
    with _PARSER:
        return ast.parse(source)


def parse_expression(source: str) -> ast.Expression:
    """``ast.parse(source, mode="eval")``, one thread at a time."""
    with _PARSER:
        return ast.parse(source, mode="eval")


def parsed_module(source: str) -> ast.Module | None:
    """The syntax tree of ``source``, or None when it does not parse (a model's broken file:
    the callers that want its error ask ``nodes.code_checks.syntax_problem``)."""
    try:
        return parse_module(source)
    except (SyntaxError, ValueError):
        return None


def is_placeholder(statement: ast.stmt) -> bool:
    """A docstring, ``pass``, ``...`` or ``raise NotImplementedError``: a stub's body, no
    behaviour (a function made only of these was copied from a prompt, not written)."""
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return True  # a docstring or a bare ``...``
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False
