"""Test functions a suite defines twice, made to run as written, without a model call.

Python keeps only the last definition of a name, so pytest silently skips every earlier
``test_x`` of a file that defines ``test_x`` again. Small models do this when they loop: in the
finished ``sop+feedback`` benchmark runs, 7 of the 1.5B's 164 HumanEval suites and 19 of the
0.5B's ended with a repeated test name (about half exact copies, half copies cut short or
changed). On HumanEval/162 (0.5B) the copy the answer cap cut after its first, trivial assert
was the one pytest ran, and the suite went green on checks it never made (docs/benchmarks.md).

The repair keeps every check the model wrote and runs each once: a later definition whose
statements all appear in an earlier one of the same name adds nothing and is dropped; any
other gets a free name (``test_x_2``) so both run.
"""

from __future__ import annotations

import ast
from collections import defaultdict

from state.syntax_tree import parse_module

TopLevelFunction = ast.FunctionDef | ast.AsyncFunctionDef


def _statements(function: TopLevelFunction) -> set[str]:
    """A function's parameters and body statements, each as a position-free dump."""
    return {ast.dump(function.args)} | {ast.dump(statement) for statement in function.body}


def _first_line(function: TopLevelFunction) -> int:
    """The function's first line, decorators included (1-based)."""
    return min([function.lineno] + [decorator.lineno for decorator in function.decorator_list])


def _free_name(name: str, taken: set[str]) -> str:
    """``name_2``, ``name_3``, ...: the first not defined or used in the file."""
    number = 2
    while f"{name}_{number}" in taken:
        number += 1
    return f"{name}_{number}"


def _copies(count: int) -> str:
    return f"{count} {'copy' if count == 1 else 'copies'}"


def distinct_tests(content: str) -> tuple[str, list[str]]:
    """``content`` with no top-level function defined twice, and what was changed (for the
    QA publication's summary). A file that does not parse comes back unchanged."""
    try:
        tree = parse_module(content)
    except (SyntaxError, ValueError):
        return content, []
    taken = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    taken |= {node.name for node in tree.body if isinstance(node, TopLevelFunction)}
    earlier: defaultdict[str, list[set[str]]] = defaultdict(list)
    drops: list[TopLevelFunction] = []
    renames: list[tuple[TopLevelFunction, str]] = []
    for node in tree.body:
        if not isinstance(node, TopLevelFunction):
            continue
        statements = _statements(node)
        if any(statements <= seen for seen in earlier[node.name]):
            drops.append(node)
        elif earlier[node.name]:
            new_name = _free_name(node.name, taken)
            taken.add(new_name)
            renames.append((node, new_name))
        earlier[node.name].append(statements)
    if not drops and not renames:
        return content, []
    lines = content.splitlines(keepends=True)
    for node, new_name in renames:  # renames first: they keep every line number valid
        row = node.lineno - 1
        at = lines[row].index(f"def {node.name}", node.col_offset)
        lines[row] = lines[row][:at] + f"def {new_name}" + lines[row][at + len(f"def {node.name}") :]
    for node in sorted(drops, key=lambda function: function.lineno, reverse=True):
        del lines[_first_line(node) - 1 : node.end_lineno or node.lineno]
    changes = []
    if renames:
        new_names = [new_name for _, new_name in renames]
        listed = ", ".join(new_names[:3]) + (", ..." if len(new_names) > 3 else "")
        changes.append(f"{_copies(len(renames))} changed, renamed ({listed})")
    if drops:
        names = ", ".join(sorted({node.name for node in drops}))
        changes.append(f"{_copies(len(drops))} repeated, dropped ({names})")
    return "".join(lines), changes


def repeats_note(changes: list[str]) -> str:
    """For a publication's summary: what ``distinct_tests`` changed, if anything."""
    return f"; repeated tests: {'; '.join(changes)}" if changes else ""
