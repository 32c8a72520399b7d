"""Engineer, candidates: more versions of the file under selection, written side by side.

Subscribes to: ``requirement`` only (never the design). Publishes: ``candidates``.

Why: on the 1.5B a single greedy answer through the SOP scored below the model answering
directly (HumanEval 0.622 vs 0.720), and sampling more answers reaches far higher
(pass@5 ~0.83). Selection by execution (``nodes.select_code``) recovers part of that gap
only if the candidates differ. So besides the SOP's own reviewed file (candidate 0), one
candidate is written greedily from the requirement alone, with no design in the prompt
(the SOP can then never ship worse than a direct answer that execution can tell apart),
and the rest are sampled from the requirement with their own seeds. In a function-level
run whose requirement holds the task as a code block, the direct candidate is given that
block alone (``given_code``): its prompt is then the benchmarks' direct call, word for word,
and its answer the direct answer. Every candidate's prompt is the model's own, outside the
company's layout (``ask_text(alone=True)``): the company's system prompt and document layout
cost the greedy candidate about a tenth of HumanEval on the 1.5B, and the candidate exists
to be what the model would answer alone.

Each candidate is its own LangGraph task (``Send``, map-reduce): a hosted model writes them
concurrently, the embedded one takes them in turn on its engine, and every finished
candidate is a checkpointed write, so a kill loses only the ones being written.
"""

from __future__ import annotations

import ast
import re
from typing import Any

from langgraph.runtime import Runtime
from langgraph.types import Send

from nodes.candidate_names import keeps_asked, members_wanted, named_by_requirement, names_lacking
from nodes.code_checks import static_problem
from nodes.context import Context
from nodes.core_module import core_file, names_imported_from
from nodes.llm import Ledger, ask_text
from nodes.model_variants import sample_seed, sampled
from nodes.name_checks import run_names
from nodes.prompt_budget import clip, prompt_char_budget
from nodes.prompting import ScopedPrompt
from nodes.role_node import Update, role_node
from nodes.written_file import finished
from state.artifacts import CodeDraft, Publication, code_from_reply
from state.candidates import Candidate, CandidateOrder
from state.changes import change_of
from state.schema import SopState
from state.settings import RunSettings, Scope
from state.syntax_tree import parsed_module

PROJECT_PROMPT = """\
Write the complete content of the file `{path}` that fulfils the requirement below: every
name and signature exactly as the requirement states them, plain module-level functions
unless it asks for classes, and the imports it needs. No tests, no input(), nothing run at
import time except under `if __name__ == "__main__":`.{keeps}
Answer with the whole file in one ```python code block and nothing after it.

{requirement}
"""

FUNCTION_PROMPT = """\
Complete the following Python function. Answer with the whole function, with the imports it
needs, in one ```python code block.

{requirement}
"""
"""A direct answer's prompt: the benchmarks' direct call's words, then the task (``task_text``:
the requirement's code block for the direct candidate, else the requirement), under
``nodes.prompt_layout.ALONE_SYSTEM`` (not the company's layout). On he40 the greedy candidate
scored 0.684-0.700 in the company's layout (requirement, end of documents, instruction) against
0.825 for the benchmark's direct call; ``benchmarks.candidate_prompts`` compares the variants
side by side (docs/benchmarks.md 5.2, 5.5). The project prompt keeps the same shape."""

PROMPT = ScopedPrompt(PROJECT_PROMPT, function=FUNCTION_PROMPT)

GIVEN_CODE = re.compile(r"```python\n(?P<code>.*?\n)```", re.DOTALL)


def given_code(requirement: str) -> str | None:
    """The requirement's one Python block, when that block carries the specification itself
    (a docstring: a HumanEval stub, an MBPP task's text and assert); else None.

    Why: the direct candidate is there to be what the model answers when handed the task,
    and the words a caller wraps around the task ("write the function `f` in the single
    file `solution.py`, keep its name ...") cost the 1.5B's greedy answer: on he40 it
    passed 0.750 against 0.825 for the same model given the block alone (0 won, 3 lost,
    88f060f), on the first 90 MBPP tasks 0.64 against 0.70 (2 won, 10 lost, 9ef02a8). A
    block without a docstring (an assert, a usage line) is not the whole task, so then the
    candidate reads the whole requirement."""
    blocks = GIVEN_CODE.findall(requirement)
    if len(blocks) != 1:
        return None
    tree = parsed_module(blocks[0])
    if tree is None:
        return None
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    if ast.get_docstring(tree) is None and not any(ast.get_docstring(f) for f in functions):
        return None
    return str(blocks[0])


def task_text(requirement: str, order: CandidateOrder, scope: Scope) -> str:
    """What candidate ``order`` is given as its task: for the direct candidate of a
    function-level run, the requirement's own code block when it holds the whole task
    (``given_code``; the prompt is then the benchmarks' direct call, word for word), else
    the requirement. Samples keep the whole requirement, so they differ from it in more than
    their seed."""
    code = given_code(requirement) if scope == "function" and order.origin == "direct" else None
    return requirement if code is None else f"```python\n{code}```"


KEEPS = "\nIt is one file of a larger project; the other files import from it, so it must define {names}."
"""The project prompt's line for a core module of several files (``nodes.core_module``)."""

KEEPS_BESIDES = (
    "\nIt is one file of a larger project. Write the requirement's functions as plain module-level"
    " functions, exactly as stated; then, after them, also define {names}, which the project's other"
    " files import (it may call those functions)."
)
"""``KEEPS`` in a file the requirement names (``CandidateOrder.named_by_requirement``). Told
only "it must define `Game`", the 1.5B wrapped the required functions of tictactoe.py,
game2048.py and units.py in that class in 7 of 9 answers (greedy and two seeds at T 0.8,
2026-11-30); told this, it kept them module-level in 9 of 9 and added the class in 4:
at e62faa0 every candidate of tictactoe and game2048 had lost on the wrapped names (4/7
and 1/7 for `direct`, 0/7 for the company)."""

MEMBERS = " They use {uses}."
"""Its continuation, for the members they use of what they import (``nodes.imported_members``)."""


def keeps_line(order: CandidateOrder) -> str:
    """``KEEPS`` (and ``MEMBERS``) for this order, or nothing when no other file imports from it."""
    if not order.keeps:
        return ""
    if order.named_by_requirement:
        return KEEPS_BESIDES.format(names=", ".join(f"`{name}`" for name in order.keeps))
    line = KEEPS.format(names=", ".join(f"`{name}`" for name in order.keeps))
    uses = [
        f"`{name}` with {', '.join(f'`{member}`' for member in members)}"
        for name, members in order.members.items()
        if members
    ]
    return line + (MEMBERS.format(uses="; ".join(uses)) if uses else "")


def candidate_orders(state: SopState) -> list[CandidateOrder]:
    """Candidates 1..k-1 for the file under selection: one direct, the rest sampled."""
    settings = state["settings"]
    path = selected_path(state)
    code = state.get("code") or {}
    names = run_names(state)
    keeps = keeps_asked(names, path, names_imported_from(path, code))
    members = members_wanted(names, path, keeps, code)
    named = named_by_requirement(names, path)
    orders = []
    for index in range(1, settings.candidates):
        sampled = index > 1
        orders.append(
            CandidateOrder(
                index=index,
                origin="sample" if sampled else "direct",
                path=path,
                temperature=settings.candidate_temperature if sampled else 0.0,
                seed=sample_seed(settings.seed, index),
                keeps=keeps,
                members=members,
                named_by_requirement=named,
            )
        )
    return orders


def selected_path(state: SopState) -> str:
    """The file candidates are written for: the one file of a function-level run or of a
    one-file project, or a multi-file project's core module (``nodes.core_module``)."""
    path = core_file(state)
    if path is None:
        raise ValueError("no file to write candidates for (wants_candidates said so)")
    return path


def wants_candidates(state: SopState) -> bool:
    """More than one candidate asked for, none drawn yet, and one file to draw them for
    (the only file, or a multi-file project's core module).

    Never in a change run: a candidate is written from the requirement alone, and there the
    requirement is only the change, so every candidate would drop the existing project."""
    settings = state["settings"]
    if settings.candidates < 2 or state.get("candidates") or change_of(state) is not None:
        return False
    return bool(state.get("code")) and core_file(state) is not None


def sends(state: SopState) -> list[Send]:
    """One ``write_candidate`` task per order, each carrying only what it reads."""
    shared = {
        "requirement": state["requirement"],
        "settings": state["settings"],
        "usage": state.get("usage"),
        "acceptance": state.get("acceptance"),
    }
    return [Send("write_candidate", shared | {"order": order}) for order in candidate_orders(state)]


REDO = "\n\nYour previous answer could not be used: {problem}\nWrite the whole file again, complete."
"""One more try for a candidate its syntax tree already rejects (the Engineer's own file gets
the same checks as an LBTM review); a second failure is kept and loses in execution."""


def _drafted(ledger: Ledger, prompt: str, path: str, state: dict[str, Any]) -> str:
    draft = ask_text(
        ledger,
        system="",
        alone=True,  # the model answering alone, as a direct call would
        prompt=prompt,
        schema=CodeDraft,
        parse=code_from_reply,
        artifact="code candidate",
    )
    return finished(state, path, draft.content, {})[0]


def write(state: dict[str, Any], runtime: Runtime[Context], ledger: Ledger) -> Update:
    """Write one candidate from the requirement alone, at its own temperature and seed."""
    order: CandidateOrder = state["order"]
    settings: RunSettings = state["settings"]
    ledger.model = sampled(ledger.model, order.temperature, order.seed)
    task = task_text(state["requirement"], order, settings.scope)
    requirement = clip(task, prompt_char_budget(ledger.model))
    prompt = PROMPT.for_scope(settings.scope).format(
        requirement=requirement, path=order.path, keeps=keeps_line(order)
    )
    content = _drafted(ledger, prompt, order.path, state)
    problem = static_problem(content, order.path, settings.scope) or names_lacking(state, order, content)
    if problem is not None:  # e.g. the prompt's stub copied back with no body (HumanEval/28)
        content = _drafted(ledger, prompt + REDO.format(problem=problem), order.path, state)
    candidate = Candidate(
        index=order.index,
        origin=order.origin,
        path=order.path,
        content=content,
        temperature=order.temperature,
        seed=order.seed,
    )
    return {
        "candidates": {str(order.index): candidate},
        "messages": [
            Publication(
                role="engineer",
                action="WriteCandidate",
                artifact=f"candidate:{order.index}",
                summary=f"{order.origin} candidate {order.index} of {order.path}: "
                f"{len(content.splitlines())} lines (temperature {order.temperature:g})",
            )
        ],
    }


write_candidate = role_node("write_candidate", "engineer", write)  # type: ignore[arg-type]
