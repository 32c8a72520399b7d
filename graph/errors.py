"""The API's refusal: one exception type the CLI turns into a one-line error and exit 2,
and the input check shared by the API and the graph's own entry (``route_start``), so a
caller of the bare compiled graph gets the same refusal as a caller of ``SopRunner``."""

from __future__ import annotations


class RunRequestError(ValueError):
    """A request the API refuses, with a one-line reason; nothing was written."""


def validate_requirement(requirement: str | None) -> str:
    """A requirement must say something."""
    text = (requirement or "").strip()
    if not text:
        raise RunRequestError("the requirement is empty: say what to build, e.g. 'Make a 2048 game'")
    return text
