"""ProjectManager: PRD + design -> task plan.

Subscribes to: ``prd``, ``design``, the names the requirement fixes (``acceptance``). Publishes: ``tasks``.
In a change run it plans only the files to add or modify: the Engineer writes exactly those,
and every other file stays byte-identical; a file the change names a new function in joins
the plan if the answer leaves it out (``nodes/change_plan.py``). (MetaGPT's "Refined Task
list" merges the legacy and the new files into one list, so its Engineer may rewrite all of
them.) In any run, files outside the design (invented by the model: `format_contact.py` for
a function) leave the plan (``nodes/plan_scope.py``).
"""

from __future__ import annotations

from nodes.change_plan import with_named_homes
from nodes.document_role import DocumentRole
from nodes.plan_scope import within_design
from nodes.prompting import RoleProfile, ScopedPrompt
from state.artifacts import TaskPlan
from state.schema import SopState

PROFILE = RoleProfile(
    name="Eve",
    profile="Project Manager",
    goal="break the design into ordered tasks, one per file, with their dependencies",
    constraints="use the design's file list exactly; dependencies first",
)

PROMPT = """\
{inputs}{feedback}

Write the task plan as JSON with these fields:
- required_packages: third-party pip packages the code needs, e.g. ["numpy==1.26.4"], or []
- logic_analysis: one item per source file: "file" (its path) and "description" (the classes and
  functions it holds and what it imports from the other files)
- task_list: the source files in the order to write them, dependencies first
- shared_knowledge: conventions every file must follow (shared constants, utilities)
- anything_unclear: open questions, or "" if none
"""


CHANGE_PROMPT = """\
{inputs}{feedback}

The project above exists; the requirement above is a change to it. Plan only the files the
change needs added or modified: every file you leave out is kept exactly as it is, byte for
byte. Answer as JSON with these fields:
- required_packages: third-party pip packages the changed code needs, or []
- logic_analysis: one item per file to add or modify: "file" (its path) and "description"
  (what changes in it and why, and what it uses from the other files)
- task_list: only the files to add or modify, in the order to write them, dependencies first
- shared_knowledge: conventions the changed files must keep
- anything_unclear: open questions, or "" if none
"""


CHANGE_READS = ("change", "requirement", "acceptance", "prd_delta", "design")
"""In a change run: the project's files, the change, the names, the PRD's change view and
the refined design; not the old task plan. A change's plan is no refinement of it (it
names only the files to touch), and the old plan lists every file: copied, it would have
the Engineer rewrite files the change does not need (``nodes/change_inputs.py``)."""


def amended(state: SopState, plan: TaskPlan) -> tuple[TaskPlan, str]:
    """The plan kept to the design's files (``nodes/plan_scope.py``), then, in a change run,
    with the files the change names a new function in (``nodes/change_plan.py``)."""
    plan, dropped = within_design(state, plan)
    plan, added = with_named_homes(state, plan)
    return plan, dropped + added


def _summary(tasks: TaskPlan) -> str:
    return f"{len(tasks.task_list)} tasks: {' -> '.join(tasks.task_list)}"


ROLE = DocumentRole(
    role="project_manager",
    action="WriteTasks",
    profile=PROFILE,
    subscribes=("requirement", "acceptance", "prd", "design"),
    channel="tasks",
    schema=TaskPlan,
    template=ScopedPrompt(PROMPT, change=CHANGE_PROMPT),
    summarize=_summary,
    change_reads=CHANGE_READS,
    amend=amended,
)
project_manager = ROLE.node()
