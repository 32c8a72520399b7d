"""The API's refusal: one exception type the CLI turns into a one-line error and exit 2."""

from __future__ import annotations


class RunRequestError(ValueError):
    """A request the API refuses, with a one-line reason; nothing was written."""
