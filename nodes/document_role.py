"""The shape shared by the three roles that write one document each (PRD, design, tasks).

Each of ``product_manager``, ``architect`` and ``project_manager`` is a ``DocumentRole``:
it reads its subscribed channels, asks for one artifact, publishes it to its own
channel with a log entry, and, when the run has a review gate after it, marks the
artifact as awaiting review. Only the profile, the channels, the schema and the prompt
template differ, and those live in the role's own module.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, cast

from langgraph.runtime import Runtime
from pydantic import BaseModel

from nodes.context import Context
from nodes.errors import ContextOverflow, InvalidArtifact
from nodes.llm import Ledger, ask
from nodes.prompt_budget import prompt_char_budget
from nodes.prompting import (
    RoleProfile,
    ScopedPrompt,
    feedback_section,
    render_inputs,
    without_feedback,
)
from nodes.role_node import Node, Update, role_node
from state.artifacts import Publication
from state.changes import change_of
from state.schema import PendingReview, SopState
from state.settings import GATE_OF_ROLE


def review_marks(state: SopState, role: str) -> Update:
    """``pending_review`` + ``awaiting_review`` when a gate follows this role, else nothing."""
    gate = GATE_OF_ROLE.get(role)
    if gate is None or gate not in state["settings"].review_gates:
        return {}
    return {"pending_review": PendingReview(gate=gate, role=role), "status": "awaiting_review"}


@dataclass(frozen=True)
class DocumentRole:
    """A role that turns its subscribed channels into one artifact in its own channel."""

    role: str
    action: str
    profile: RoleProfile
    subscribes: tuple[str, ...]
    channel: str
    schema: type[BaseModel]
    template: ScopedPrompt
    summarize: Callable[[Any], str]
    max_answer_tokens: int = 1500
    """Documents are a page or two; a cap turns a looping model into a quick repair."""
    check: Callable[[SopState, Any], list[str]] | None = None
    """Problems a mechanical check finds in the artifact (no model call). Any finding asks the
    role once more, with the findings as feedback on its version; what is still found after
    that is kept in the publication's summary, not a failure: the run goes on with the
    version that has fewer findings."""
    amend: Callable[[SopState, Any], tuple[Any, str]] | None = None
    """A mechanical completion of the artifact (no model call), after its check: the
    amended artifact and a note for the publication's summary ("" when nothing changed).
    For what a redo of a small model does not reliably add (``nodes/change_plan.py``)."""
    change_reads: tuple[str, ...] | None = None
    """The channels read in a change run, where the role's own differ from the default: the
    project as it is, the subscription, and the role's own current document, which it
    refines rather than rewrites (MetaGPT's incremental mode). A role whose change
    artifact is no refinement of its old one (the ProjectManager plans only the files to
    touch) leaves its own channel out; see ``nodes/change_inputs.py`` for the views."""

    def _ask(self, state: SopState, ledger: Ledger) -> Any:
        return ask(
            ledger,
            system=self.profile.system_prompt(),
            prompt=self.prompt(state, ledger),
            schema=self.schema,
            artifact=self.channel,
            max_answer_tokens=self.max_answer_tokens,
        )

    def _checked(self, state: SopState, ledger: Ledger, artifact: Any) -> tuple[Any, list[str]]:
        """The artifact and what its check still finds, after at most one redo."""
        if self.check is None:
            return artifact, []
        problems = self.check(state, artifact)
        if not problems:
            return artifact, problems
        feedback = dict(state.get("feedback") or {})
        found = "\n".join(f"- {problem}" for problem in problems)
        feedback[self.role] = "\n\n".join(filter(None, [feedback.get(self.role), found]))
        redo_state = cast(SopState, {**state, self.channel: artifact, "feedback": feedback})
        try:
            redone = self._ask(redo_state, ledger)
        except (InvalidArtifact, ContextOverflow):
            return artifact, problems  # the first version is usable; a failed redo is not a failure
        left = self.check(state, redone)
        return (redone, left) if len(left) <= len(problems) else (artifact, problems)

    def channels(self, state: SopState) -> tuple[str, ...]:
        """The subscription; in a change run ``change_reads`` (default: the project as it is,
        the subscription, the role's own current document)."""
        if change_of(state) is None:
            return self.subscribes
        if self.change_reads is not None:
            return self.change_reads
        return tuple(dict.fromkeys(("change", *self.subscribes, self.channel)))

    def prompt(self, state: SopState, ledger: Ledger) -> str:
        """The template filled with subscribed inputs, the previous version and feedback.

        The previous version is added only when the inputs do not hold it already: in a
        change run the role's own document is one of its inputs, and with a check's finding
        or a reviewer's feedback the same document went into the prompt twice."""
        budget = prompt_char_budget(ledger.model)
        channels = self.channels(state)
        inputs = render_inputs(state, channels, budget)
        feedback = feedback_section(state, self.role)
        if feedback and state.get(self.channel) is not None and self.channel not in channels:
            previous = render_inputs(state, (self.channel,), budget // 4)
            feedback = f"\n\n## Your previous version\n{previous}{feedback}"
        template = self.template.for_state(state)
        return template.format(inputs=inputs, feedback=feedback)

    def work(self, state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
        artifact, problems = self._checked(state, ledger, self._ask(state, ledger))
        note = ""
        if self.amend is not None:
            artifact, note = self.amend(state, artifact)
        summary = self.summarize(artifact) + note
        if problems:
            summary += f"; its check still finds: {' | '.join(problems)}"
        update: Update = {
            self.channel: artifact,
            "feedback": without_feedback(state, self.role),
            "messages": [
                Publication(
                    role=self.role,
                    action=self.action,
                    artifact=self.channel,
                    summary=summary,
                )
            ],
        }
        return update | review_marks(state, self.role)

    def node(self) -> Node:
        """The LangGraph node for this role."""
        return role_node(self.role, self.role, self.work)
