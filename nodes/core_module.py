"""Which file of a project candidates are written for: its core module. No model call.

Why: selection by execution needs versions of one file that the same tests can judge. In a
one-file run that is the file. In a multi-file project, the file whose functions the
requirement's examples call is where those tests bite, and if it imports no other project
module it can be rewritten from the requirement alone without breaking its neighbours, as
long as each version keeps the names the other files import from it. So the core module
is the planned file that defines the most example functions at top level among those that
import no other project module. Where no file defines the examples' functions at top level,
or the requirement states no example, the file the requirement names as the one home of its
functions is the core module, if it imports no other project module. Failing both, the file that
still lacks names the requirement puts in it (a class method where a module-level function
was asked for) is the core module; failing that too, the file lacking names the other
files import from it (a requirement of one sentence names no file). A project with none of
these gets no candidates.
"""

from __future__ import annotations

import ast
from collections import Counter
from collections.abc import Mapping

from nodes.auto_imports import imported_through, module_of
from nodes.code_checks import import_time_part
from nodes.code_name_checks import code_problems
from nodes.engineer import planned_files
from nodes.name_checks import home_module, in_module, run_names
from nodes.suite_imports import names_lacking
from state.acceptance import AcceptanceSuite
from state.artifacts import CodeFile
from state.schema import SopState
from state.syntax_tree import parsed_module


def _tree(code: Mapping[str, CodeFile], path: str) -> ast.Module | None:
    return parsed_module(code[path].content) if path in code else None


def _top_level_functions(tree: ast.Module) -> set[str]:
    return {n.name for n in tree.body if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)}


def _imports_project_module(tree: ast.Module, path: str, planned: list[str]) -> bool:
    """Does this file import another planned file (absolutely, or any relative import)?
    Imports under its main guard do not count: they run only when the file is started,
    never when the tests import it (the project benchmark's 2048 run at 5bc71fc wrote
    ``game2048.py`` as a main guard importing ``ui``, and so got no candidates)."""
    others = {module_of(p) for p in planned if p != path}
    for node in ast.walk(import_time_part(tree)):
        if isinstance(node, ast.ImportFrom):
            names = [node.module or ""] if node.level == 0 else None
        elif isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        else:
            continue
        if names is None:  # relative: inside the project by definition
            return True
        if any(
            name == o or name.startswith(o + ".") or o.startswith(name + ".")
            for name in names
            for o in others
        ):
            return True
    return False


def core_file(state: SopState) -> str | None:
    """The file candidates are written for, or None when no file qualifies."""
    planned = planned_files(state)
    if len(planned) == 1:
        return planned[0]
    code = state.get("code") or {}
    acceptance = state.get("acceptance") or AcceptanceSuite()
    called = [example.function for example in acceptance.examples]
    scores: dict[str, int] = {}
    for path in planned:
        tree = _tree(code, path)
        if tree is None:
            continue
        if _imports_project_module(tree, path, planned):
            continue
        defined = _top_level_functions(tree)
        score = sum(function in defined for function in called)
        if score:
            scores[path] = score
    if not scores:
        return (
            _named_home(state, planned, code)
            or _file_lacking_names(state, planned, code)
            or _file_others_import_from(planned, code)
        )
    return max(scores, key=lambda p: (scores[p], -planned.index(p)))


def _named_home(state: SopState, planned: list[str], code: Mapping[str, CodeFile]) -> str | None:
    """The planned file the requirement names as the one home of its functions, when no
    file defines them at top level (the Engineer wrapped them in a class: the project
    benchmark's tic-tac-toe run at 28a7879, whose hidden tests all failed on the import)
    and it imports no other project module: its candidates, written from the requirement,
    are what can still ship the functions the examples call. Also without examples: the
    word-frequency and inventory runs planned a ``main.py`` beside the one module the
    requirement names, and so had no candidates at all, while the one-file projects without
    examples had six (crashes, lacking names and agreement still choose among them)."""
    home = home_module(run_names(state))
    path = next((p for p in planned if home is not None and in_module(p, home)), None)
    tree = _tree(code, path) if path is not None else None
    if path is None or tree is None or _imports_project_module(tree, path, planned):
        return None
    return path


def _file_lacking_names(state: SopState, planned: list[str], code: Mapping[str, CodeFile]) -> str | None:
    """The planned file that still lacks the most names the requirement puts in it, once
    the Engineer's review is done with it: the one place candidates can still repair.

    Why: the project benchmark's to-do run at 056c1c1 named two modules and so had no core
    module; its ``todo_cli.py`` came back from every review rewrite with ``main`` as a
    method of a class nobody asked for, every hidden test failed on ``from todo_cli import
    main`` (0/6), while the model answering alone wrote the function (4/6). A candidate
    written from the requirement alone may import the files the requirement names (it
    states what they hold), not the others: it cannot know what those define."""
    names = run_names(state)
    if names.is_empty():
        return None
    unnamed = [p for p in planned if not any(in_module(p, module) for module in names.modules)]

    def knows_its_imports(path: str) -> bool:
        tree = _tree(code, path)
        return tree is not None and not _imports_project_module(tree, path, [*unnamed, path])

    lacking = Counter(
        p.file for p in code_problems(names, code) if p.file in planned and knows_its_imports(p.file)
    )
    if not lacking:
        return None
    return max(lacking, key=lambda p: (lacking[p], -planned.index(p)))


def _file_others_import_from(planned: list[str], code: Mapping[str, CodeFile]) -> str | None:
    """The planned file lacking the most names the project's other files import from it,
    if it imports no other project module: the file everything leans on and nothing defines.

    Why: SoftwareDev's snake and 2048 runs at e19e9a7 wrote ``game.py`` first, alone, as a
    main guard calling ``Game()`` and nothing else (the 1.5B read "the game file contains the
    game logic" as an entry point); the round-closing rewrite that names the missing class
    (``nodes.cross_file_names``) was not kept, and every file's import of ``Game`` failed.
    A requirement of one sentence names no file, so only the other files say which one the
    project cannot do without; candidates of it are written from the requirement and told
    the names to define (``nodes.candidates.KEEPS``)."""
    lacking = {
        path: missing
        for path in planned
        if (tree := _tree(code, path)) is not None
        and not _imports_project_module(tree, path, planned)
        and (missing := len(names_lacking(path, code[path].content, code)))
    }
    if not lacking:
        return None
    return max(lacking, key=lambda p: (lacking[p], -planned.index(p)))


def names_imported_from(path: str, code: Mapping[str, CodeFile]) -> list[str]:
    """The names the project's other files import from ``path`` (``from units import
    c_to_f``), which every candidate of it must keep defining."""
    return imported_through(path, {other: file.content for other, file in code.items()})
