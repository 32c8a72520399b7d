"""What de-duplicating QA's test functions changes in recorded ``sop+feedback`` runs, with no model call.

    python -m benchmarks.repeated_tests --bench humaneval --model local:0.5b

Each final suite that defines a test name twice runs as written (pytest sees each name's
last copy) and as ``nodes/repeated_tests.distinct_tests`` publishes it
(``benchmarks.suite_replay`` says why that can be computed from the rows).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from benchmarks.suite_replay import SuiteRepair, parser, replay
from nodes.repeated_tests import distinct_tests
from state.artifacts import CodeFile


def de_duplicated(content: str, code: Mapping[str, CodeFile]) -> tuple[str, list[str]]:
    """``distinct_tests``, which needs only the test file."""
    return distinct_tests(content)


REPEATED_TESTS = SuiteRepair(
    repair=de_duplicated,
    changed_suites="suites repeating a test name",
    repaired="de-duplicated",
    changes="repeats",
    file_suffix="repeated-tests",
)


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parser("python -m benchmarks.repeated_tests", __doc__.split("\n")[0]).parse_args(argv)
    return replay(args, REPEATED_TESTS)


if __name__ == "__main__":
    main()
