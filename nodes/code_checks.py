"""What the Engineer's review finds in a file from its syntax tree, before asking a model.

A check here costs no tokens and cannot be talked out of its verdict; whatever it finds
becomes an LBTM review with the finding as its comment, and the Engineer rewrites the file.
The one-function checks exist because of what the 0.5B did on HumanEval in ``sop`` mode
(docs/benchmarks.md): it wrapped the function in ``class Solution``, and it "completed" the
prompt's stub by copying it, docstring and all, with no body.
"""

from __future__ import annotations

import ast

from state.settings import Scope

FunctionNode = ast.FunctionDef | ast.AsyncFunctionDef


def syntax_problem(content: str, path: str) -> str | None:
    """A Python syntax error in ``content``."""
    try:
        compile(content, path, "exec")
    except SyntaxError as error:
        return f"SyntaxError at line {error.lineno}: {error.msg}"
    except ValueError as error:  # e.g. NUL bytes
        return f"not compilable: {error}"
    return None


def method_only_problem(tree: ast.Module) -> str | None:
    """A file whose functions all sit inside classes, so the module has no function to call."""
    if any(isinstance(node, FunctionNode) for node in tree.body):
        return None
    for node in tree.body:
        if not isinstance(node, ast.ClassDef):
            continue
        methods = [m for m in node.body if isinstance(m, FunctionNode)]
        public = [m for m in methods if not m.name.startswith("_")] or methods
        if public:
            return (
                f"`{public[0].name}` must be a plain top-level function, not a method of class "
                f"{node.name}: write it without the class and without `self`, with its complete body."
            )
    return None


def _is_placeholder(statement: ast.stmt) -> bool:
    """A docstring, ``pass``, ``...`` or ``raise NotImplementedError``: no behaviour."""
    if isinstance(statement, ast.Pass):
        return True
    if isinstance(statement, ast.Expr) and isinstance(statement.value, ast.Constant):
        return True  # a docstring or a bare ``...``
    if isinstance(statement, ast.Raise) and statement.exc is not None:
        raised = statement.exc.func if isinstance(statement.exc, ast.Call) else statement.exc
        return isinstance(raised, ast.Name) and raised.id == "NotImplementedError"
    return False


def stub_problem(tree: ast.Module) -> str | None:
    """A top-level function with no body beyond placeholders: the prompt's stub, copied."""
    for node in tree.body:
        if isinstance(node, FunctionNode) and all(_is_placeholder(s) for s in node.body):
            return (
                f"`{node.name}` has no implementation, only its docstring or a placeholder: "
                "write its complete body that computes and returns the result."
            )
    return None


def static_problem(content: str, path: str, scope: Scope) -> str | None:
    """The first problem the syntax tree shows; the one-function checks only in that scope."""
    problem = syntax_problem(content, path)
    if problem is not None or scope != "function":
        return problem
    tree = ast.parse(content)
    return method_only_problem(tree) or stub_problem(tree)
