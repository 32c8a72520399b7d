"""Model errors a user causes, told apart from bugs, so a run stops on them cleanly.

Why: a server that is down, a wrong model name, a missing key, a refused request or a rate
limit that outlasted the client's retries are not bugs of sopgraph, yet each reached the
user as a 60-line traceback from deep inside the provider's client. Every provider raises
its own exception types (openai, anthropic, ollama, httpx, groq...), and importing them all
would make each an install-time dependency, so errors are classified by what they carry: an
HTTP ``status_code`` (directly or on ``.response``) or a connection/timeout type in their
class hierarchy. An error that matches none of these is a bug and keeps its traceback.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from nodes.errors import RunStopped

FailureCause = Literal["unreachable", "auth", "not_found", "rate_limit", "refused"]

_CONNECTION_WORDS = ("connect", "timeout", "timedout")
"""Class-name fragments of connection failures: ``openai.APIConnectionError``,
``APITimeoutError``, ``httpx.ConnectError``, ``ReadTimeout``, builtin ``ConnectionError``
(which the ollama client raises when nothing listens)."""

_STATUS_PREFIX = re.compile(r"^Error code: \d+ - ")
"""How the openai client starts every HTTP error's message."""


@dataclass(frozen=True)
class ModelFailure:
    """What went wrong with a model call, in the user's terms."""

    cause: FailureCause
    status: int | None
    detail: str

    def describe(self, endpoint: str) -> str:
        """One line naming the endpoint, the cause and what to do about it."""
        what = {
            "unreachable": "cannot reach the model server (is it running, is the URL right?)",
            "auth": "the provider refused the credentials (check the API key)",
            "not_found": "the server does not know this model (check the model name)",
            "rate_limit": "rate limited, still after the client's retries (wait, then resume)",
            "refused": "the server refused the request",
        }[self.cause]
        code = f" (HTTP {self.status})" if self.status is not None else ""
        return f"model {endpoint}: {what}{code}: {self.detail}"


def _status_of(error: BaseException) -> int | None:
    for holder in (error, getattr(error, "response", None)):
        code = getattr(holder, "status_code", None)
        if isinstance(code, int) and 100 <= code < 600:
            return code
    return None


def _is_connection_error(error: BaseException) -> bool:
    if isinstance(error, ConnectionError | TimeoutError):
        return True
    names = (cls.__name__.lower() for cls in type(error).__mro__)
    return any(word in name for name in names for word in _CONNECTION_WORDS)


def detail_of(error: BaseException, limit: int = 300) -> str:
    """The error's message on one line, cut to ``limit`` characters (servers send pages)."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def classify(error: BaseException) -> ModelFailure | None:
    """The user-caused model failure ``error`` is, or ``None`` for anything else (a bug)."""
    status = _status_of(error)
    detail = _STATUS_PREFIX.sub("", detail_of(error))  # the line already says "HTTP 400"
    if status is None:
        return ModelFailure("unreachable", None, detail) if _is_connection_error(error) else None
    if status in (401, 403):
        return ModelFailure("auth", status, detail)
    if status == 404:
        return ModelFailure("not_found", status, detail)
    if status == 429:
        return ModelFailure("rate_limit", status, detail)
    if status >= 400:
        return ModelFailure("refused", status, detail)
    return None


class ModelUnavailable(RunStopped):
    """A model call failed for a reason outside the program; the run stops resumably.

    Raised inside a role, so ``role_node`` records it like any other stop: the checkpoint of
    every finished step stays, the failed node is the one a resume runs again, and nothing
    already paid for is asked again.
    """

    def __init__(self, failure: ModelFailure, endpoint: str) -> None:
        super().__init__(failure.describe(endpoint))
        self.failure = failure

    @classmethod
    def refused_all(cls, endpoint: str, reasons: str) -> ModelUnavailable:
        """The server refused every structured-output method, even a plain request."""
        detail = f"every structured-output method failed ({reasons})"
        return cls(ModelFailure("refused", None, detail), endpoint)
