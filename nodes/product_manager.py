"""ProductManager: requirement -> PRD.

Subscribes to: ``requirement`` (and reviewer feedback); in a change run also the existing
project and its current PRD, which it refines (MetaGPT's "refined PRD"). Publishes: ``prd``.
"""

from __future__ import annotations

from nodes.document_role import DocumentRole
from nodes.prompting import RoleProfile, ScopedPrompt
from state.artifacts import PRD

PROFILE = RoleProfile(
    name="Alice",
    profile="Product Manager",
    goal="turn a one-sentence requirement into a clear, small, buildable product",
    constraints="keep scope to what one Python package with tests can deliver; no web services",
)

PROMPT = """\
{inputs}{feedback}

Write the product requirement document (PRD) for this requirement as JSON with these fields:
- original_requirement: the requirement, verbatim
- project_name: a short snake_case name (letters, digits, underscores), used as the package name
- language: natural language of the documents, e.g. "en_us"
- programming_language: "Python"
- product_goals: up to 3 clear, orthogonal goals
- user_stories: 3 to 5 stories, "As a ..., I want ... so that ..."
- competitive_analysis: 3 to 7 competing products, "Name: one-line verdict"
- competitive_quadrant_chart: a mermaid chart starting with "quadrantChart" (title, x-axis,
  y-axis, quadrant-1..4, then "Product: [x, y]" points with x and y between 0 and 1)
- requirement_analysis: what the requirement really asks, in a few sentences
- requirement_pool: 3 to 6 items, each with "requirement" and "priority" (P0, P1 or P2)
- ui_design_draft: the user interface's elements and layout, in words
- anything_unclear: open questions, or "" if none
"""


CHANGE_PROMPT = """\
{inputs}{feedback}

The product above exists; the requirement above is a change to it. Refine its PRD rather
than writing a new product: keep project_name, keep every goal, story and requirement the
change does not touch, word for word, and add or alter only what the change needs (with no
PRD above, describe the existing project from its README and files, plus the change).
Answer as JSON with the PRD's fields:
- original_requirement: the change requested, verbatim
- project_name: the existing project's name (snake_case; unchanged when a PRD is above)
- language, programming_language ("Python"), product_goals, user_stories, competitive_analysis,
  competitive_quadrant_chart (a mermaid "quadrantChart"): as before, refined for the change
- requirement_analysis: three lines, "New: ...", "Changed: ...", "Unchanged: ..." (what the
  change adds, what it alters of the existing product, what stays as it is)
- requirement_pool: the existing items the change keeps, then the change's own items, each
  starting with "NEW:" or "CHANGED:", with "requirement" and "priority" (P0, P1 or P2)
- ui_design_draft: the interface, with the change
- anything_unclear: open questions, or "" if none
"""


CHANGE_READS = ("change", "change_background", "requirement", "prd")
"""In a change run: the project (its files' names, and what it was built for, with a folder's
README), the change, and the PRD it refines, whole. The roles after it read only the
PRD's change view (``nodes/change_inputs.py``), so what the change keeps of the product is
said here, in the refined PRD's analysis and pool."""


def _summary(prd: PRD) -> str:
    p0 = sum(1 for item in prd.requirement_pool if item.priority == "P0")
    return f"{prd.project_name}: {len(prd.product_goals)} goals, {len(prd.user_stories)} stories, {p0} P0"


ROLE = DocumentRole(
    role="product_manager",
    action="WritePRD",
    profile=PROFILE,
    subscribes=("requirement",),
    channel="prd",
    schema=PRD,
    template=ScopedPrompt(PROMPT, change=CHANGE_PROMPT),
    summarize=_summary,
    change_reads=CHANGE_READS,
)
product_manager = ROLE.node()
