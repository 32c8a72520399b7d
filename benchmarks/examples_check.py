"""How many tasks the trusted-example reader covers, and whether what it reads is right.

    python -m benchmarks.examples_check --bench humaneval

Every task's requirement (as the ``sop`` modes word it) goes through the graph's own first
step (``nodes.read_requirement``); the trusted test file it yields is run in the sandbox
against the benchmark's reference solution. An example the reference fails is either read
wrongly or wrong in the dataset itself: both are listed, by task. No model call.
"""

from __future__ import annotations

import argparse
from typing import Any

from benchmarks import datasets, report
from benchmarks.solvers import requirement_of
from nodes.read_requirement import read_requirement
from nodes.run_tests import suite_with_trusted
from nodes.sandbox import run_tests_sandboxed
from state.acceptance import TRUSTED_TESTS_PATH
from state.artifacts import CodeFile
from state.settings import RunSettings


def check(bench: str) -> dict[str, Any]:
    """Coverage and agreement with the reference, per benchmark."""
    tasks = datasets.load(bench)
    covered, examples, disagree = 0, 0, []
    for task in tasks:
        requirement = requirement_of(task)
        state: Any = {"requirement": requirement, "settings": RunSettings(scope="function")}
        state |= read_requirement(state)
        found = state["acceptance"].examples
        if not found:
            continue
        covered += 1
        examples += len(found)
        code = {"solution.py": CodeFile(path="solution.py", content=task.reference)}
        trusted = suite_with_trusted(state, code)[TRUSTED_TESTS_PATH]
        files = {"solution.py": task.reference, TRUSTED_TESTS_PATH: trusted.content}
        result = run_tests_sandboxed(files, test_paths=[TRUSTED_TESTS_PATH])
        if not result.ok:
            disagree.append(f"{task.task_id} ({result.failed} failed, {result.errors} errors)")
    return {
        "bench": bench,
        "tasks": len(tasks),
        "tasks_with_examples": covered,
        "examples": examples,
        "reference_fails_an_example": disagree,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.examples_check", description=__doc__.splitlines()[0]
    )
    p.add_argument("--bench", choices=("humaneval", "mbpp"), default="humaneval")
    args = p.parse_args(argv)
    result = check(args.bench) | {"conditions": report.conditions(bench=args.bench)}
    report.console.print(result)
    report.write_json(report.RESULTS_DIR / f"examples-check-{args.bench}.json", result)
    return result


if __name__ == "__main__":
    main()
