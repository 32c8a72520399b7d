"""What the Engineer's review finds in a file from its syntax tree, before asking a model.

A check here costs no tokens and cannot be talked out of its verdict; whatever it finds
becomes an LBTM review with the finding as its comment, and the Engineer rewrites the file.
The one-function checks exist because of what the 0.5B did on HumanEval in ``sop`` mode
(docs/benchmarks.md): it wrapped the function in ``class Solution``, and it "completed" the
prompt's stub by copying it, docstring and all, with no body.
"""

from __future__ import annotations

import ast
import re
import sys
from collections.abc import Collection, Iterable, Mapping

from pyflakes import messages
from pyflakes.checker import Checker

from nodes.sandbox.packages import ALLOWED_PACKAGES
from state.artifacts import CodeFile, TestReport
from state.settings import Scope
from state.syntax_tree import is_placeholder, parse_module

AVAILABLE_MODULES = frozenset(sys.stdlib_module_names) | set(ALLOWED_PACKAGES.values()) | {"pytest"}
"""Top-level modules any generated file may import besides the project's own: Python's,
the sandbox's allow-listed packages (installed on demand) and pytest."""

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


def stub_problem(tree: ast.Module) -> str | None:
    """A top-level function with no body beyond placeholders: the prompt's stub, copied."""
    for node in tree.body:
        if isinstance(node, FunctionNode) and all(is_placeholder(s) for s in node.body):
            return (
                f"`{node.name}` has no implementation, only its docstring or a placeholder: "
                "write its complete body that computes and returns the result."
            )
    return None


def module_names(paths: Iterable[str]) -> set[str]:
    """The top-level modules a project's files make: ``snake.py`` -> ``snake``, ``pkg/a.py`` -> ``pkg``."""
    return {path.split("/", 1)[0].removesuffix(".py") for path in paths if path.endswith(".py")}


def imported_modules(tree: ast.Module) -> list[str]:
    """The top-level modules of a file's absolute imports, in order, each once."""
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        found += [top for name in names if (top := name.split(".")[0]) not in found]
    return found


def unknown_imports(tree: ast.Module, project_modules: Collection[str]) -> list[str]:
    """Absolute imports of modules that are neither the project's nor available to it.

    Why: small models copy module names from examples. The 1.5B's tests imported ``game``
    (the name an earlier prompt used as an example) in SoftwareDev projects with no
    ``game.py``; every run of that suite was a collection error, and the Engineer spent its
    fix rounds on code the tests never reached.
    """
    known = AVAILABLE_MODULES | set(project_modules)
    return [name for name in imported_modules(tree) if name not in known]


def import_problem(tree: ast.Module, project_modules: Collection[str], what: str) -> str | None:
    """The finding for a file that imports modules that do not exist here."""
    unknown = unknown_imports(tree, project_modules)
    if not unknown:
        return None
    listed = ", ".join(f"`{name}`" for name in sorted(project_modules)) or "none"
    return (
        f"{what} imports {', '.join(f'`{name}`' for name in unknown)}, which is neither a module of "
        f"this project (its modules: {listed}) nor an available package: define what is needed "
        "in the project's own files, or import it from them."
    )


def undefined_names(tree: ast.Module, path: str, unbound_locals: bool = True) -> list[tuple[str, int]]:
    """Names a module uses but never defines, imports or gets from builtins (pyflakes'
    undefined-name checks), each once, with the first line that uses it.

    Why: a NameError only shows when its line runs, so it passes compilation, review and
    often the import check; in the 1.5B's SoftwareDev projects it was the commonest such bug
    (docs/benchmarks.md, section 3). ``unbound_locals``: also a local read before it is
    assigned (an UnboundLocalError), which no import can fix.
    """
    kinds = (messages.UndefinedName, messages.UndefinedLocal) if unbound_locals else (messages.UndefinedName,)
    found: dict[str, int] = {}
    for message in Checker(tree, filename=path).messages:
        if isinstance(message, kinds):
            found.setdefault(str(message.message_args[0]), message.lineno)
    return sorted(found.items(), key=lambda item: item[1])


def is_main_guard(statement: ast.stmt) -> bool:
    """``if __name__ == "__main__":`` at top level: what runs only when the file is started."""
    test = statement.test if isinstance(statement, ast.If) else None
    return isinstance(test, ast.Compare) and isinstance(test.left, ast.Name) and test.left.id == "__name__"


def import_time_part(tree: ast.Module) -> ast.Module:
    """The module without its main guards: what runs when another file imports it."""
    return ast.Module(body=[s for s in tree.body if not is_main_guard(s)], type_ignores=[])


_NAME_ERROR = re.compile(
    r"\b(?:NameError|UnboundLocalError): (?:name |cannot access local variable )?'(?P<name>\w+)'"
)


PROGRAMMING_ERRORS = ("AttributeError", "TypeError", "RecursionError")
"""Exceptions that, raised inside the project's own code, say the code is broken whatever a
test expected: the 1.5B's ``@property balance`` assigned in ``__init__`` (every test of the
project benchmark's bank run failed on it, and no fix round ran), its ``timedelta + int``
in dateranges. ``ValueError``, ``KeyError`` and the like are left out: requirements ask
for them. A ``TypeError`` of a call with the wrong arguments is raised in the caller's
frame, the test's, so it does not count."""


def _undefined_in(code: Mapping[str, CodeFile]) -> set[str]:
    undefined: set[str] = set()
    for path, file in code.items():
        if path.endswith(".py") and syntax_problem(file.content, path) is None:
            undefined |= {name for name, _ in undefined_names(parse_module(file.content), path)}
    return undefined


def crashing_tests(report: TestReport, code: Mapping[str, CodeFile]) -> dict[str, str]:
    """Test id -> how the project's own code crashed in it, whichever test ran it (derived
    ones included): a NameError of a name a source file uses without defining (pyflakes; one
    of the test file's own making does not count), or one of ``PROGRAMMING_ERRORS`` raised
    in a source file (the traceback's innermost frame).

    Why: issue 22's repair rule runs the fix loop on a failing trusted test *or a crash*
    (import, start, NameError, SyntaxError); a derived test that reaches the broken line
    fails with the code's exception, not with QA's expected value, so its verdict is worth
    acting on (the project benchmark's inventory shipped ``reorder_level`` undefined, its
    bank a ``balance`` property with no setter, each with no fix round)."""
    crashes: dict[str, str] = {}
    undefined: set[str] | None = None
    for outcome in report.outcomes:
        if outcome.outcome not in ("failed", "error"):
            continue
        kind = outcome.message.split(":", 1)[0].strip()
        if found := _NAME_ERROR.search(outcome.message):
            undefined = _undefined_in(code) if undefined is None else undefined
            if found["name"] in undefined:
                crashes[outcome.nodeid] = f"NameError: name '{found['name']}' is not defined"
        elif kind in PROGRAMMING_ERRORS and outcome.raised_in in code:
            first_line = outcome.message.splitlines()[0][:200]
            crashes[outcome.nodeid] = f"{first_line} (raised in {outcome.raised_in})"
    return crashes


def code_crashes(report: TestReport, code: Mapping[str, CodeFile]) -> list[str]:
    """Each way the project's own code crashed in a run, once (``crashing_tests``)."""
    return sorted(set(crashing_tests(report, code).values()))


def undefined_name_problem(tree: ast.Module, path: str, what: str) -> str | None:
    """The finding for a file that uses names it never defines or imports."""
    return undefined_names_finding(undefined_names(tree, path), what)


def undefined_names_finding(undefined: list[tuple[str, int]], what: str) -> str | None:
    """The finding for these (name, first line) pairs, or None when there are none."""
    if not undefined:
        return None
    listed = ", ".join(f"`{name}` (line {line})" for name, line in undefined[:8])
    more = f" and {len(undefined) - 8} more" if len(undefined) > 8 else ""
    return (
        f"{what} uses {listed}{more}, which it neither defines nor imports: each is a NameError "
        "when its line runs. Import each one from the module or package that defines it, or "
        "define it in this file."
    )


def static_problem(
    content: str, path: str, scope: Scope, project_modules: Collection[str] | None = None
) -> str | None:
    """The first problem the syntax tree shows: the import check when the project's modules
    are given; then undefined names in a project, or the one-function checks in that scope
    (where the function may use helpers the benchmark's prompt defines, so undefined names
    are not a finding there)."""
    problem = syntax_problem(content, path)
    if problem is not None:
        return problem
    tree = parse_module(content)
    if project_modules is not None and (found := import_problem(tree, project_modules, f"`{path}`")):
        return found
    if scope != "function":
        return undefined_name_problem(tree, path, f"`{path}`")
    return method_only_problem(tree) or stub_problem(tree)
