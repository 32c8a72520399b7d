"""The layout every model call shares: the company's system prompt, the documents, the
role's card, the instruction (``with_role``), and the words of a call made outside the
company (``ALONE_SYSTEM``).

It is its own module, apart from ``nodes/llm.py`` (which sends the calls) and
``nodes/prompting.py`` (which renders the documents), because both of them and the
benchmarks need the same few strings and ``prompting`` already imports ``llm``: kept here,
with no imports of its own, the layout is one place to read and cannot close an import cycle.
"""

from __future__ import annotations

COMPANY_SYSTEM = (
    "You work in a small software company that turns one requirement into a tested Python "
    "project. Each message gives you the company's documents, then your role and your task. "
    "Do exactly the task, in the form it asks for."
)
"""The one system prompt of every call, whatever the role.

Why one: a local engine reads a prompt front to back and can keep a prefix it has already
read (nodes/models/prefix.py). With each role's card first, no two roles' prompts shared
even their first tokens; with the company's prompt first and the documents next (in one
fixed order, ``nodes.prompting.SECTION_TITLES``), a role reads only what differs from the
call before. The role's card goes last (``with_role``), after its instruction."""


ALONE_SYSTEM = "You are an expert Python programmer."
"""The system prompt of a call that stands for the model answering alone, outside the
company (the direct candidate, ``nodes.candidates``): the words of the benchmarks' direct
call. Under the company's system prompt the same model scored lower on the same tasks
(``benchmarks.candidate_prompts``, docs/benchmarks.md 5.2)."""

DOCUMENTS_END = "=== end of the documents ==="
"""Closes the documents of a prompt (``nodes.prompting.render_inputs``): the role's card goes
right after it, before the role's instruction."""


def with_role(prompt: str, role_card: str) -> str:
    """The user message: the documents (shared with other roles' prompts), then the role's
    card, then its instruction. The card goes before the instruction, not after it: with the
    card last, the 1.5B answered QA's "write a pytest file" with a JSON design (measured on
    the README's requirement). A prompt without documents starts with the card."""
    if not role_card:
        return prompt
    if DOCUMENTS_END not in prompt:
        return f"{role_card}\n\n{prompt}"
    documents, instruction = prompt.rsplit(DOCUMENTS_END, 1)
    return f"{documents}{DOCUMENTS_END}\n\n{role_card}{instruction}"
