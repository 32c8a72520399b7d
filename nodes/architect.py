"""Architect: PRD -> system design.

Subscribes to: ``prd`` (or ``requirement`` when the ProductManager is switched off), and
the names the requirement fixes (``acceptance``).
Publishes: ``design``. In a change run it also reads the existing project and its current
design, and refines it: existing interfaces stay unless the change needs them changed, and
the approach says which (MetaGPT's "refined design").

The design is checked against the names the requirement fixes (``nodes/name_checks.py``),
and in a change run against the existing files and classes: a design that turns them into
something else without saying so is asked for once more, naming what it lost.
"""

from __future__ import annotations

import ast
import contextlib
from collections.abc import Mapping

from nodes.document_role import DocumentRole
from nodes.file_waves import mentions
from nodes.name_checks import design_name_problems, run_names
from nodes.prompting import RoleProfile, ScopedPrompt
from state.artifacts import CodeFile, SystemDesign
from state.changes import change_of
from state.schema import SopState
from state.syntax_tree import parse_module

PROFILE = RoleProfile(
    name="Bob",
    profile="Architect",
    goal="design a concise, usable, complete Python system using good open-source tools",
    constraints="few files, standard library first, every interface typed; no network or GUI in tests",
)

PROMPT = """\
{inputs}{feedback}

Write the system design as JSON with these fields:
- implementation_approach: the hard points of the requirement and the approach, frameworks chosen
- file_list: the Python source files to write, relative paths like "main.py" or "game.py"
  (flat module names, letters/digits/underscores; no tests here; include "main.py" as entry point)
- data_structures_and_interfaces: a mermaid diagram starting with "classDiagram" giving every
  class with its typed fields and methods (with argument and return types) and their relations
- program_call_flow: a mermaid diagram starting with "sequenceDiagram" showing the main call
  flow, using exactly the classes and methods of the class diagram
- anything_unclear: open questions, or "" if none
"""

FUNCTION_PROMPT = """\
{inputs}{feedback}

The requirement is one Python function, not an application: design how to compute it.
Answer with one JSON object with these fields, each short:
- implementation_approach: the algorithm in a few sentences, with the edge cases it handles
- file_list: exactly one entry, the file the requirement names
- data_structures_and_interfaces: a mermaid "classDiagram" with one class named after that
  file's module, annotated <<module>>, listing the function's signature (no code, no bodies)
- program_call_flow: a mermaid "sequenceDiagram": a Caller calls the function, gets the result
- anything_unclear: "" unless the requirement is ambiguous
The function stays a plain module-level function, never a method of a class.

The answer has this shape, with every <...> filled in for the requirement's function:
{{"implementation_approach": "<the algorithm and its edge cases>", "file_list": ["<file>"], \
"data_structures_and_interfaces": "classDiagram\\n  class <module> {{\\n    <<module>>\\n    \
+<function>(<typed arguments>) <return type>\\n  }}", "program_call_flow": "sequenceDiagram\\n  \
Caller->><module>: <function>(<arguments>)\\n  <module>-->>Caller: <result>", \
"anything_unclear": ""}}
"""


CHANGE_PROMPT = """\
{inputs}{feedback}

The project above exists; the requirement above is a change to it. Refine its system design
for the change (with no design above, take the existing files and names as the design).
Keep every existing file, class, method and signature as it is unless the change cannot be
made without changing it. Answer as JSON with these fields:
- implementation_approach: start with "Interfaces changed: " and the existing signatures the
  change alters (or "none"), then how the change is made
- file_list: every existing source file, plus any new file the change needs (flat module
  names like "report.py"; no tests)
- data_structures_and_interfaces: the mermaid "classDiagram" of the whole project after the
  change (existing classes and methods unchanged unless listed above)
- program_call_flow: a mermaid "sequenceDiagram" of the main call flow after the change
- anything_unclear: open questions, or "" if none
"""


CHANGE_READS = ("change", "change_background", "requirement", "acceptance", "prd_delta", "design")
"""In a change run: the project and what it was built for, the change, the names it must
keep, the PRD's change view (what the change adds, alters and keeps; ``nodes/change_inputs.py``)
and the design it refines."""


def _summary(design: SystemDesign) -> str:
    return f"{len(design.file_list)} files: {', '.join(design.file_list)}"


def _names_kept(state: SopState, design: SystemDesign) -> list[str]:
    """Where the design loses a module, function or class the requirement names (no model call),
    and in a change run an existing file or class it neither keeps nor says it changes."""
    names = run_names(state)
    problems = design_name_problems(names, design, state["settings"].scope) if not names.is_empty() else []
    return problems + (_interfaces_kept(state, design) if change_of(state) is not None else [])


def _interfaces_kept(state: SopState, design: SystemDesign) -> list[str]:
    """A change keeps the existing interfaces unless it says which it changes: every existing
    source file stays in the file list and every existing class in the class diagram, or is
    named in the implementation approach (its "Interfaces changed")."""
    said = design.implementation_approach
    code = state.get("code") or {}
    problems = [
        f"the existing file `{path}` is missing from file_list: keep it, or name it under "
        "'Interfaces changed'"
        for path in sorted(code)
        if path not in design.file_list and not mentions(said, path.removesuffix(".py"))
    ]
    for name in sorted(_classes(code)):
        if not mentions(design.data_structures_and_interfaces, name) and not mentions(said, name):
            problems.append(
                f"the existing class `{name}` is missing from the class diagram: keep it, or name it "
                "under 'Interfaces changed'"
            )
    return problems


def _classes(code: Mapping[str, CodeFile]) -> set[str]:
    """The top-level classes of the existing code."""
    found: set[str] = set()
    for source in code.values():
        with contextlib.suppress(SyntaxError, ValueError):
            tree = parse_module(source.content)
            found |= {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    return found


ROLE = DocumentRole(
    role="architect",
    action="WriteDesign",
    profile=PROFILE,
    subscribes=("requirement", "acceptance", "prd"),
    channel="design",
    schema=SystemDesign,
    template=ScopedPrompt(PROMPT, function=FUNCTION_PROMPT, change=CHANGE_PROMPT),
    summarize=_summary,
    change_reads=CHANGE_READS,
    check=_names_kept,
)
architect = ROLE.node()
