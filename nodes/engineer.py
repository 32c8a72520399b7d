"""Engineer: writes the task list's files, each with its own code review.

Subscribes to: ``requirement``, ``acceptance`` (its names), ``prd``, ``design``, ``tasks``,
``code``. Publishes: ``code`` (one file per step or per task), ``reviews``,
``engineer_queue``.

Each file's review starts with the checks that need no model call (its syntax tree, its
imports and the names other files and the requirement expect of it,
``nodes/review_findings.py``); a finding there is an LBTM with no model call.

Two ways through a round, the same files and reviews either way:

* serial (function scope, a one-file project, or ``parallel_files`` off): this node writes
  one file per graph step and the router loops back here while the queue is not empty;
* parallel (a project of several files): this node only plans the round (the queue) and
  closes it; the router sends each wave of files whose project imports are written
  (``nodes/file_waves.py``) to ``write_file`` tasks (``nodes/parallel_files.py``), which
  come back here when the wave is done.

In a change run (``state/changes.py``) the round is the ProjectManager's task list alone,
plus any file the design adds: every other file stays byte-identical. Each file is
rewritten with its current version in the prompt, and that version is kept in
``files_before_change`` for the run report's diff. Its prompt reads the PRD's change view
and, in full, only the files it imports or its task names (``nodes/change_inputs.py``).

Either way every finished file is a checkpointed write: a run killed while writing file 4
resumes at file 4 (or at the files of its wave not yet finished) and never pays for the
files before it again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from langgraph.runtime import Runtime

from nodes.change_inputs import files_a_change_reads, for_change
from nodes.code_checks import module_names
from nodes.context import Context
from nodes.cross_file_names import Rewrite, imports_across_files, rewrite_lacking
from nodes.document_role import review_marks
from nodes.llm import Ledger, ask, ask_text
from nodes.model_variants import sample_seed, sampled
from nodes.prompt_budget import prompt_char_budget
from nodes.prompting import (
    RoleProfile,
    ScopedPrompt,
    feedback_section,
    render_inputs,
    without_feedback,
)
from nodes.review_findings import review_findings
from nodes.role_node import Update, role_node
from nodes.written_file import completion_note, finished
from state.artifacts import CodeDraft, CodeFile, CodeReview, Publication, code_from_reply, revised_file
from state.changes import change_of
from state.schema import TERMINAL_STATUSES, SopState
from state.settings import RunSettings

PROFILE = RoleProfile(
    name="Alex",
    profile="Engineer",
    goal="write elegant, readable, complete, PEP 8 Python code that follows the design exactly",
    constraints="implement every interface of the design; no placeholders or TODOs; no input() "
    "or infinite loops at import time",
)

REVIEW_MAX_TOKENS = 512
"""A verdict and a few comments; a longer review is a model rambling."""

SUBSCRIBES = ("requirement", "acceptance", "prd", "design", "tasks", "code")

PROJECT_WRITE_PROMPT = """\
{inputs}{feedback}

Write the complete content of the file `{path}`.
What it holds: {logic}
Use the classes, methods and names of the design exactly; import the other project files by
their module names (`from <module> import <Name>` for the file `<module>.py`; the design's
file list names every file there is). Put start-up code of an entry point under
`if __name__ == "__main__":`.
Answer with the whole file in one ```python code block and nothing after it.
"""

PROJECT_REVIEW_PROMPT = """\
{inputs}

Review the file `{path}` below against the design and the task plan:
```python
{content}
```
Check: is it complete (no TODOs or stubs)? Does it follow the design's interfaces? Are there
bugs, missing imports, or calls to things other files do not define?
Answer as JSON: {{"path": "{path}", "verdict": "LGTM" or "LBTM", "comments": ["..."]}}
LGTM means it is correct and complete; LBTM means it must be rewritten (say why in comments).
"""

FUNCTION_WRITE_PROMPT = """\
{inputs}{feedback}

Write the complete content of the file `{path}`.
It holds the function the requirement specifies as a plain module-level `def` (never a
method of a class) with its exact name and signature, plus any helper functions and the
imports it needs. Follow the design's approach. No tests, no printing, no input(), nothing
run at import time.
Answer with the whole file in one ```python code block and nothing after it.
"""

FUNCTION_REVIEW_PROMPT = """\
{inputs}

Review the file `{path}` below against the requirement and the design:
```python
{content}
```
Check: is the required function defined at module level with its exact name and signature?
Work through every example of the requirement: does the code return the expected value?
Are edge cases handled and all imports present?
Answer as JSON: {{"path": "{path}", "verdict": "LGTM" or "LBTM", "comments": ["..."]}}
LGTM means it is correct and complete; LBTM means it must be rewritten (say why in comments).
"""

CHANGE_WRITE_PROMPT = """\
{inputs}{feedback}

This is a change to an existing project. {current}
What changes in it: {logic}
Make that change and nothing else: keep every function, class, name, signature and behaviour
the change does not touch exactly as they are. Use the design's names; import the other
project files by their module names (`from <module> import <Name>` for `<module>.py`).
Answer with the whole file `{path}` in one ```python code block and nothing after it.
"""

WRITE_PROMPT = ScopedPrompt(PROJECT_WRITE_PROMPT, function=FUNCTION_WRITE_PROMPT, change=CHANGE_WRITE_PROMPT)
REVIEW_PROMPT = ScopedPrompt(PROJECT_REVIEW_PROMPT, function=FUNCTION_REVIEW_PROMPT)

PROJECT_REWRITE_PROMPT = """\
{inputs}

The file `{path}` was reviewed as LBTM (looks bad to me):
```python
{content}
```
Review comments:
{comments}

Rewrite the whole file so that every comment is addressed.
Answer with the whole file in one ```python code block and nothing after it.
"""

FUNCTION_REWRITE_PROMPT = """\
{inputs}

Your draft of `{path}` was rejected. Review comments:
{comments}

Write `{path}` again, complete and correct, as one ```python code block and nothing after it.
"""
"""The rejected draft is not shown: given it, the 0.5B returned it unchanged (HumanEval/2,
/23: the same ``class Solution`` back); without it, it wrote the function anew."""

REWRITE_PROMPT = ScopedPrompt(PROJECT_REWRITE_PROMPT, function=FUNCTION_REWRITE_PROMPT)


def planned_files(state: SopState) -> list[str]:
    """The files to write, in order: the task list, then design files it forgot, else main.py.

    In a change run a design file that exists already is not "forgotten": the task list
    names the files to modify, and the rest stay as they are; and an existing module named
    without its ``.py`` (``calc``) is that file, not a reason to fall back to ``main.py``."""
    ordered: list[str] = []
    tasks, design = state.get("tasks"), state.get("design")
    existing = set(state.get("code") or {}) if change_of(state) is not None else set()
    designed = [p for p in (design.file_list if design else []) if p not in existing]
    listed = [f"{p}.py" if f"{p}.py" in existing else p for p in (tasks.task_list if tasks else [])]
    for path in [*listed, *designed]:
        if path not in ordered and path.endswith(".py"):
            ordered.append(path)
    return ordered or ["main.py"]


def current_version(code: Mapping[str, CodeFile], path: str) -> str:
    """The change prompt's view of the file: its whole current text, or that it is new."""
    if path not in code:
        return f"`{path}` is a new file."
    return f"The current version of `{path}`:\n```python\n{code[path].content.rstrip()}\n```"


def _logic_for(state: SopState, path: str) -> str:
    tasks = state.get("tasks")
    for item in tasks.logic_analysis if tasks else []:
        if item.file == path:
            return item.description
    return "see the design"


def _review(
    state: SopState, ledger: Ledger, path: str, content: str, inputs: str, last: bool = False
) -> CodeReview:
    """The checks without a model call first (``nodes.review_findings``), then the model's review."""
    scope = state["settings"].scope
    modules = module_names([*planned_files(state), *(state.get("code") or {}), path])
    if findings := review_findings(state, path, content, modules, last):
        return CodeReview(path=path, verdict="LBTM", comments=findings)
    review = ask(
        ledger,
        system=PROFILE.system_prompt(),
        prompt=REVIEW_PROMPT.for_scope(scope).format(inputs=inputs, path=path, content=content),
        schema=CodeReview,
        artifact="code review",
        max_answer_tokens=REVIEW_MAX_TOKENS,
    )
    return review.model_copy(update={"path": path})


def _write(ledger: Ledger, prompt: str) -> str:
    draft = ask_text(
        ledger,
        system=PROFILE.system_prompt(),
        prompt=prompt,
        schema=CodeDraft,
        parse=code_from_reply,
        artifact="code",
    )
    return draft.content


def parallel_round(state: SopState) -> bool:
    """Are this round's files written in waves of parallel tasks? Only a project of several
    files: a function-level run and a one-file project have nothing to write side by side."""
    settings: RunSettings = state["settings"]
    return settings.parallel_files and settings.scope == "project" and len(planned_files(state)) > 1


def _completed(state: SopState, path: str, content: str) -> tuple[str, list[str]]:
    """The written file after ``nodes.written_file``, joining the run's code."""
    return finished(state, path, content, state.get("code") or {})


def write_reviewed(state: SopState, ledger: Ledger, path: str, last: bool) -> Update:
    """Write, review and (at most ``max_code_rewrites`` times) rewrite ``path``: its
    ``code``, ``reviews`` and ``messages`` writes. ``last``: no other file of the round is
    still to be written (the requirement's unassigned names are then asked of this one)."""
    scope = state["settings"].scope
    written = state.get("code") or {}
    changing = change_of(state) is not None
    view: Mapping[str, Any] = state
    channels: tuple[str, ...] = SUBSCRIBES
    if changing:  # the PRD's change view, and in full only the files this one uses
        view = {**state, "code": files_a_change_reads(written, path, _logic_for(state, path))}
        channels = for_change(("change", *SUBSCRIBES), state)
    inputs = render_inputs(view, channels, prompt_char_budget(ledger.model))
    content, added = _completed(
        state,
        path,
        _write(
            ledger,
            WRITE_PROMPT.for_state(state).format(
                inputs=inputs,
                feedback=feedback_section(state, "engineer"),
                path=path,
                logic=_logic_for(state, path),
                current=current_version(written, path),
            ),
        ),
    )
    reviews: list[CodeReview] = []
    rewrites = 0
    while True:
        review = _review(state, ledger, path, content, inputs, last=last)
        reviews.append(review)
        if review.verdict == "LGTM" or rewrites >= state["settings"].max_code_rewrites:
            break
        rewrites += 1
        rewrite_prompt = REWRITE_PROMPT.for_scope(scope).format(
            inputs=inputs, path=path, content=content, comments="\n".join(review.comments)
        )
        content, added = _completed(state, path, _write(ledger, rewrite_prompt))
    originals = {path: written[path]} if changing and path in written else {}
    return ({"files_before_change": originals} if originals else {}) | {
        "code": {path: revised_file(written, path, content, rewrites)},
        "reviews": reviews,
        "messages": [
            Publication(
                role="engineer",
                action="WriteCode",
                artifact=f"code:{path}",
                summary=f"{len(content.splitlines())} lines, review {reviews[-1].verdict} "
                f"after {rewrites} rewrite(s)" + completion_note(added),
            )
        ],
    }


def merged(first: Update, then: Update) -> Update:
    """Two updates of one step as one: ``then``'s files over ``first``'s, messages in order."""
    update = {**first, **{k: v for k, v in then.items() if k not in ("code", "messages")}}
    if "code" in first or "code" in then:
        update["code"] = {**first.get("code", {}), **then.get("code", {})}
    if "messages" in first or "messages" in then:
        update["messages"] = [*first.get("messages", []), *then.get("messages", [])]
    return update


def _rewrite_with(state: SopState, ledger: Ledger) -> Rewrite:
    """The Engineer's rewrite of one file for one finding (``nodes.cross_file_names``)."""
    settings: RunSettings = state["settings"]
    scope = settings.scope
    inputs = render_inputs(state, SUBSCRIBES, prompt_char_budget(ledger.model))

    def rewrite(path: str, content: str, comment: str, attempt: int) -> str:
        prompt = REWRITE_PROMPT.for_scope(scope).format(
            inputs=inputs, path=path, content=content, comments=comment
        )
        greedy = ledger.model
        if attempt:
            seed = sample_seed(settings.seed, attempt)
            ledger.model = sampled(ledger.model, settings.candidate_temperature, seed)
        try:
            return _completed(state, path, _write(ledger, prompt))[0]
        finally:
            ledger.model = greedy

    return rewrite


def close_round(state: SopState, ledger: Ledger) -> Update:
    """Every file of the round is written: the files lacking names the others import from
    them get one rewrite each (a new project's round only: a change keeps every file the plan
    does not name), then ``round_done``."""
    extra: Update = {}
    if state["settings"].scope == "project" and change_of(state) is None:
        extra = rewrite_lacking(state.get("code") or {}, planned_files(state), _rewrite_with(state, ledger))
    after: Any = {**state, "code": {**(state.get("code") or {}), **extra.get("code", {})}}
    return merged(extra, round_done(after))


def round_done(state: SopState) -> Update:
    """Every file of the round is written: imports across its files are completed, the
    human's feedback is used up, and the code gate (if on) pauses the run."""
    update: Update = {"feedback": without_feedback(state, "engineer")} | review_marks(state, "engineer")
    if state["settings"].scope == "project" and (
        completed_files := imports_across_files(state.get("code") or {}, planned_files(state))
    ):
        listed = ", ".join(sorted(completed_files))
        update["code"] = completed_files
        update["messages"] = [
            Publication(
                role="engineer",
                action="CompleteImports",
                artifact="code",
                summary=f"imports completed once every file was written: {listed}",
            )
        ]
    return update


def write_next_file(state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
    """Serial round: write the next queued file. Parallel round: plan the queue, or close
    the round once the ``write_file`` tasks have emptied it."""
    queue = state.get("engineer_queue")
    if parallel_round(state):
        if state.get("status") in TERMINAL_STATUSES:  # a task of the wave stopped the run
            return {}
        if queue is None:
            return {"engineer_queue": planned_files(state)}
        return {} if queue else close_round(state, ledger)
    if queue is None:
        queue = planned_files(state)
    path, rest = queue[0], list(queue[1:])
    update = write_reviewed(state, ledger, path, last=not rest) | {"engineer_queue": rest}
    if not rest:  # the round's last file: close the round on the code with it
        with_last: Any = {**state, "code": {**(state.get("code") or {}), **update["code"]}}
        update = merged(update, close_round(with_last, ledger))
    return update


engineer = role_node("engineer", "engineer", write_next_file)
