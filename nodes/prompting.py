"""What every role's prompt is made of: its profile, and the channels it subscribes to.

A role sees only the channels it names (MetaGPT's subscription: the Architect reads the
PRD, not QA's notes). ``render_inputs`` turns those channels into prompt sections and
nothing else, so a subscription is visible in one tuple at the top of each role module.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from langchain_core.language_models import BaseChatModel
from pydantic import BaseModel

from nodes.prompt_budget import clip, prompt_char_budget
from nodes.prompt_layout import DOCUMENTS_END
from state.acceptance import AcceptanceSuite, RequiredNames
from state.artifacts import PRD, CodeFile, TestReport
from state.changes import ChangeRequest, change_of
from state.settings import Scope


@dataclass(frozen=True)
class RoleProfile:
    """MetaGPT's role card: who the role is, what it wants, what it must not do."""

    name: str
    profile: str
    goal: str
    constraints: str

    def system_prompt(self) -> str:
        """The role's card, placed after its task in the user message (``nodes.prompt_layout.with_role``)."""
        return (
            f"## Your role\nYou are {self.name}, the {self.profile}. Your goal: {self.goal}. "
            f"Constraints: {self.constraints}."
        )


@dataclass(frozen=True)
class ScopedPrompt:
    """A role's prompt template, with a variant for one-function runs where it needs one.

    A project prompt asks for files, classes and an entry point; a one-function task given
    that prompt gets a ``Solution`` class or a ``main.py`` importing an imagined module
    (measured on HumanEval, docs/benchmarks.md). Roles whose project prompt already fits a
    function leave ``function`` unset.
    """

    project: str
    function: str | None = None
    change: str | None = None
    """The incremental variant, for a run that changes an existing project (``state/changes.py``):
    it asks for a delta of what exists rather than a new artifact."""

    def for_scope(self, scope: Scope) -> str:
        if scope == "function" and self.function is not None:
            return self.function
        return self.project

    def for_state(self, state: Mapping[str, Any]) -> str:
        """The change variant in a change run (where the role has one), else by scope."""
        if self.change is not None and change_of(state) is not None:
            return self.change
        return self.for_scope(state["settings"].scope)


SECTION_TITLES = {
    "change": "The existing project",
    "change_background": "What the existing project was built for",
    "requirement": "Original requirement",
    "acceptance": "Names the requirement fixes",
    "prd": "Product requirement document",
    "prd_delta": "Product requirement document (what the change adds and alters)",
    "design": "System design",
    "tasks": "Task plan",
    "code": "Code written so far",
    "tests": "Test files",
    "test_reports": "Latest test run",
}


VIEWS = {"change_background": "change", "prd_delta": "prd"}
"""Channels that show part of another channel's value, for a change run's roles
(``nodes.change_inputs``): ``change_background`` is the change request's story of the
project (its old requirement, a folder's README), which only the roles that rewrite the
product's documents read; ``prd_delta`` is the PRD without what a change leaves as it was."""

PRD_DELTA_FIELDS = frozenset(
    {"project_name", "requirement_analysis", "requirement_pool", "ui_design_draft", "anything_unclear"}
)
"""What of a change run's PRD the roles after the ProductManager read. The change prompt
has the PRD say there what the change adds, alters and keeps (``requirement_analysis``:
"New/Changed/Unchanged"; pool items "NEW:"/"CHANGED:") and the interface with the change.
Left out: ``original_requirement`` (the change requested, verbatim: its own section already),
the goals, user stories, competitors and quadrant chart (the product's pitch, which does not
name a file or a function), the languages. Measured with ``benchmarks.change_prompts`` on
``units``: the PRD was the largest section of every Architect, ProjectManager, Engineer and
fix prompt of a change (~2.8k of ~7k characters at the 1.5B's PRD size)."""


def _render_files(files: Mapping[str, CodeFile]) -> str:
    return "\n\n".join(f"--- {path}\n```python\n{f.content}\n```" for path, f in sorted(files.items()))


def _render_value(value: Any) -> str:
    if isinstance(value, BaseModel):
        return value.model_dump_json(indent=1, exclude_defaults=True)
    if isinstance(value, dict) and all(isinstance(v, CodeFile) for v in value.values()):
        return _render_files(value)
    if isinstance(value, list) and value and isinstance(value[-1], TestReport):
        report: TestReport = value[-1]
        return (
            f"exit status {report.exit_status}, {report.passed} passed, {report.failed} failed, "
            f"{report.errors} errors, limit hit: {report.limit_hit}\n{report.failing_output}"
        )
    return str(value)


def _render_names(names: RequiredNames) -> str:
    """The names a project's roles must keep, and how (issue 22: the Architect's project
    prompt asks for classes and methods, and it turned ``c_to_f`` into ``UnitConverter.cToF``)."""
    lines = ["Keep these exactly as written: a user imports and calls them by these names."]
    lines += [f"- the file `{module}`" for module in names.modules]
    lines += [
        f"- `{signature}`: a plain module-level function (never a method of a class); in a class "
        "diagram, list it in a class named after its module, annotated <<module>>"
        for signature in names.functions.values()
    ]
    lines += [f"- the class `{name}`" for name in names.classes]
    return "\n".join(lines)


def _render_change(change: ChangeRequest) -> str:
    """What every role needs to know to work on a delta: where the project came from, its
    files' top-level names (the interfaces it must keep), and which old tests must hold.

    What it was built for and its README are ``change_background`` (``_render_background``):
    the ProductManager and the Architect fold them into the refined PRD and design, and the
    roles after them read those; sent to every call they repeated a page of text (a folder's
    README whole) in each of the change's prompts."""
    origin = f"run '{change.source}'" if change.source_kind == "thread" else f"the folder {change.source}"
    lines = [f"This run changes an existing project (from {origin}); the requirement below is the change."]
    if change.outline:
        lines.append(f"Its files and their top-level names:\n{change.outline}")
    if change.passed_before:
        lines.append(f"Old tests that pass today and must keep passing: {len(change.passed_before)}")
    return "\n\n".join(lines)


def _render_background(change: ChangeRequest) -> str:
    """What the changed project was built for (its last requirement) and its README."""
    lines = []
    if change.previous_requirement:
        lines.append(f"What the project was built for: {change.previous_requirement}")
    if change.readme:
        lines.append(f"Its README:\n{change.readme}")
    return "\n\n".join(lines)


def _render_channel(state: Mapping[str, Any], channel: str) -> str:
    """One channel as prompt text; "" when there is nothing to say.

    ``acceptance`` shows only the binding names, and only in project scope: the function
    prompts already fix the one function's name and signature from the requirement's own
    ``def``, and their measured wording stays as it was."""
    value = state.get(VIEWS.get(channel, channel))
    if not value:
        return ""
    if isinstance(value, ChangeRequest):
        return _render_background(value) if channel == "change_background" else _render_change(value)
    if isinstance(value, PRD) and channel == "prd_delta":
        return value.model_dump_json(indent=1, include=set(PRD_DELTA_FIELDS), exclude_defaults=True)
    if isinstance(value, AcceptanceSuite):
        settings = state.get("settings")
        if value.names.is_empty() or (settings is not None and settings.scope == "function"):
            return ""
        return _render_names(value.names)
    return _render_value(value)


def render_inputs(state: Mapping[str, Any], channels: Sequence[str], max_chars: int) -> str:
    """The subscribed channels that hold something, as titled sections within ``max_chars``."""
    ordered = [c for c in SECTION_TITLES if c in channels] + [c for c in channels if c not in SECTION_TITLES]
    present = [(c, text) for c in ordered if (text := _render_channel(state, c))]
    if not present:
        return ""
    share = max(500, max_chars // len(present))
    sections = [f"## {_title(state, c)}\n{clip(text, share)}" for c, text in present]
    return "\n\n".join([*sections, DOCUMENTS_END])


def _title(state: Mapping[str, Any], channel: str) -> str:
    """A section's title; in a change run the requirement is the change, not the original."""
    if channel == "requirement" and change_of(state) is not None:
        return "The change requested (new requirement)"
    return SECTION_TITLES.get(channel, channel)


def feedback_section(state: Mapping[str, Any], role: str) -> str:
    """A reviewer's feedback for this role, if a human sent its work back."""
    text = (state.get("feedback") or {}).get(role)
    if not text:
        return ""
    return f"\n\n## Reviewer feedback on your previous version (address all of it)\n{text}"


def without_feedback(state: Mapping[str, Any], role: str) -> dict[str, str]:
    """The feedback channel once this role has consumed its entry."""
    return {r: t for r, t in (state.get("feedback") or {}).items() if r != role}


def fill_template(
    template: str, state: Mapping[str, Any], channels: Sequence[str], model: BaseChatModel
) -> str:
    """``template`` with ``{inputs}`` filled from the subscribed channels, sized for ``model``."""
    return template.format(inputs=render_inputs(state, channels, prompt_char_budget(model)))
