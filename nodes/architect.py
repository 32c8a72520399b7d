"""Architect: PRD -> system design.

Subscribes to: ``prd`` (or ``requirement`` when the ProductManager is switched off).
Publishes: ``design``.
"""

from __future__ import annotations

from nodes.document_role import DocumentRole
from nodes.prompting import RoleProfile
from state.artifacts import SystemDesign

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


def _summary(design: SystemDesign) -> str:
    return f"{len(design.file_list)} files: {', '.join(design.file_list)}"


ROLE = DocumentRole(
    role="architect",
    action="WriteDesign",
    profile=PROFILE,
    subscribes=("requirement", "prd"),
    channel="design",
    schema=SystemDesign,
    template=PROMPT,
    summarize=_summary,
)
architect = ROLE.node()
