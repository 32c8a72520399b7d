"""What dropping a test file's own copies of the project's code changes in recorded
``sop+feedback`` runs, with no model call.

    python -m benchmarks.own_copies --bench mbpp --model local

Each final suite that defines a function or class the project defines runs as written (its
tests call the copy) and as ``nodes/own_copies.without_own_copies`` publishes it (they call
the project's code); ``benchmarks.suite_replay`` says why that can be computed from the rows.
"""

from __future__ import annotations

from typing import Any

from benchmarks.suite_replay import SuiteRepair, parser, replay
from nodes.own_copies import without_own_copies

OWN_COPIES = SuiteRepair(
    repair=without_own_copies,
    changed_suites="suites copying project code",
    repaired="on the project's code",
    changes="copies",
    file_suffix="own-copies",
)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parser("python -m benchmarks.own_copies", __doc__.split("\n")[0]).parse_args(argv)
    return replay(args, OWN_COPIES)


if __name__ == "__main__":
    main()
