"""The refusal every layer can raise: ``RunRequestError``.

It lives here, in the package every other one imports and which imports none of them,
because refusals are raised on both sides of the ``graph`` / ``checkpoints`` line: the
API refuses a request (``graph.api``), the store refuses a thread it cannot trust
(``checkpoints.serde.TamperedCheckpoint``) or one another process is writing
(``checkpoints.locks.ThreadBusyError``). With one base class, whoever catches refused
requests (the CLI's one ``error:`` line and exit 2, a program using ``SopRunner``) catches
all three, and ``checkpoints`` still never imports ``graph``. ``graph.errors`` and
``graph.api`` re-export it, so existing imports keep working.
"""

from __future__ import annotations


class RunRequestError(ValueError):
    """A request the API refuses, with a one-line reason; nothing was written."""


__all__ = ["RunRequestError"]
