"""Read the requirement: its examples (trusted tests) and the names it fixes. No model call.

Subscribes to: ``requirement``. Publishes: ``acceptance``.

Runs first, before any role, so that every later check (the Engineer's review, the design
check, selection by execution, the fix loop's gate) works from the same record, whichever
roles are switched on.
"""

from __future__ import annotations

from typing import Any

from state.acceptance import AcceptanceSuite
from state.artifacts import Publication
from state.example_reader import acceptance_examples
from state.probes import probe_calls
from state.required_names import required_names
from state.schema import SopState


def read_requirement(state: SopState) -> dict[str, Any]:
    """Record the requirement's examples and binding names (no model, so no usage row)."""
    requirement = state.get("requirement") or ""
    names = required_names(requirement)
    examples = acceptance_examples(requirement, set(names.functions) or None, names.functions)
    functions = set(names.functions) | {example.function for example in examples}
    probes = probe_calls(requirement, functions, [example.call for example in examples])
    suite = AcceptanceSuite(examples=examples, names=names, probes=probes)
    named = [*names.modules, *names.functions, *names.classes]
    return {
        "acceptance": suite,
        "messages": [
            Publication(
                role="requirement",
                action="ReadRequirement",
                artifact="acceptance",
                summary=f"{len(examples)} example(s) as trusted tests, {len(probes)} probe call(s); "
                f"binding names: "
                f"{', '.join(named) if named else 'none'}"[:160],
            )
        ],
    }
