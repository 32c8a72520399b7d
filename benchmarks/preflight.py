"""What a benchmark run checks once, before its first task: the settings every task would run
with are valid ones, and a sandbox can run the code those settings execute.

Why before, not per task: every task would fail alike, and a row recording that failure
counts as done on a resume, so a rerun on a fixed machine would skip every task.
"""

from __future__ import annotations

from collections.abc import Callable

from pydantic import ValidationError

from graph.api import RunRequestError, refuse_unisolated
from state.settings import RunSettings


def refuse_before_rows(prog: str, make_settings: Callable[[], RunSettings]) -> None:
    """Exit with one line naming the option at fault, or the sandbox's refusal."""
    try:
        refuse_unisolated(make_settings())
    except RunRequestError as error:
        raise SystemExit(f"{prog}: {error}") from None
    except ValidationError as error:
        first = error.errors()[0]
        option = str(first["loc"][0]).replace("_", "-") if first["loc"] else "settings"
        raise SystemExit(f"{prog}: --{option}: {first['msg']}") from None
