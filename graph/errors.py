"""The API's refusal: one exception type the CLI turns into a one-line error and exit 2,
and the input check shared by the API and the graph's own entry (``route_start``), so a
caller of the bare compiled graph gets the same refusal as a caller of ``SopRunner``.

``RunRequestError`` itself is defined in :mod:`state.errors` (re-exported here) so that
``checkpoints`` can raise it without importing ``graph``."""

from __future__ import annotations

from state.errors import RunRequestError


def validate_requirement(requirement: str | None) -> str:
    """A requirement must say something."""
    text = (requirement or "").strip()
    if not text:
        raise RunRequestError("the requirement is empty: say what to build, e.g. 'Make a 2048 game'")
    return text


__all__ = ["RunRequestError", "validate_requirement"]
