"""ProductManager: requirement -> PRD.

Subscribes to: ``requirement`` (and reviewer feedback). Publishes: ``prd``.
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
    template=ScopedPrompt(PROMPT),
    summarize=_summary,
)
product_manager = ROLE.node()
