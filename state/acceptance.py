"""What the requirement itself promises: its examples (trusted tests) and the names it fixes.

Why mechanical: QA's tests agree with the hidden tests on only 54-62 % of tasks
(docs/benchmarks.md), so a loop that obeys them bends correct code towards wrong
expected values. An example the user wrote is different: its expected value is the user's
own. They are read from the requirement's text without a model (``state/example_reader.py``),
each kept with the quote it came from.

The names a requirement states (``units.py``, ``def c_to_f(c: float) -> float``, ``class
Account``) are binding for the same reason: a user's ``from units import c_to_f`` fails
whatever the code does if the Architect renames it. ``RequiredNames`` records them so the
design and the code can be checked against them without a model call; they are read in
``state/required_names.py``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

ExampleKind = Literal["doctest", "assert", "arrow", "io", "raises"]


class AcceptanceExample(BaseModel):
    """One example of the requirement, as the assert that checks it."""

    kind: ExampleKind
    function: str = Field(description="The function the example calls.")
    check: str = Field(description="Python statement(s) that pass when the code agrees with it.")
    call: str = Field(description="The call expression alone, for comparing candidates' outputs.")
    quote: str = Field(description="The requirement's own text the example was read from.")


class RequiredNames(BaseModel):
    """Module, function and class names the requirement states, with signatures where given."""

    modules: list[str] = Field(default_factory=list, description="File names, e.g. 'units.py'.")
    functions: dict[str, str] = Field(
        default_factory=dict, description="Function name -> its signature as the requirement wrote it."
    )
    classes: list[str] = Field(default_factory=list)
    homes: dict[str, str] = Field(
        default_factory=dict,
        description="Function name -> the file the requirement puts it in, where it says so "
        "(`main(argv)` 'in `todo_cli.py`'); read when several files are named.",
    )

    def is_empty(self) -> bool:
        return not (self.modules or self.functions or self.classes)


TRUSTED_TESTS_PATH = "tests/test_acceptance.py"
"""Where the requirement's examples run as tests; QA's own suites never use this path."""


class AcceptanceSuite(BaseModel):
    """The requirement's promises, read once when a run starts (``read_requirement``)."""

    examples: list[AcceptanceExample] = Field(default_factory=list)
    names: RequiredNames = Field(default_factory=RequiredNames)
    probes: list[str] = Field(
        default_factory=list,
        description="Calls to compare candidates' outputs on, with no expected value (state.probes).",
    )


def is_trusted_test(nodeid: str) -> bool:
    """Does this pytest node id belong to the requirement's own examples?"""
    return nodeid.split("::", 1)[0].endswith(TRUSTED_TESTS_PATH.rsplit("/", 1)[-1])
