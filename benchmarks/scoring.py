"""Scoring a produced solution against the benchmark's hidden tests, in the sandbox.

The hidden test module first runs the task's preamble (HumanEval's prompt, so helpers the
prompt defines exist even when the model left them out), then ``from solution import *``
so the model's definitions win, then the benchmark's test. Nothing model-written runs in
this process.
"""

from __future__ import annotations

import re
from math import comb

from benchmarks.datasets import Task
from nodes.sandbox import SandboxLimits, run_tests_sandboxed

SOLUTION_FILE = "solution.py"
HIDDEN_TEST_FILE = "test_hidden_benchmark.py"
LIMITS = SandboxLimits(wall_seconds=30.0, cpu_seconds=20, smoke_seconds=5.0)

_FENCE = re.compile(r"```(?:python|py|Python)?[ \t]*\n(.*?)(?:```|\Z)", re.S)


def extract_code(text: str) -> str:
    """The code in a model's answer: the longest fenced block, else the whole text."""
    blocks = _FENCE.findall(text)
    return max(blocks, key=len) if blocks else text


def defines(code: str, name: str) -> bool:
    return re.search(rf"^\s*def\s+{re.escape(name)}\s*\(", code, flags=re.M) is not None


def solution_module(task: Task, code: str) -> str:
    """The module scored as ``solution.py``: the code, or prompt + code when it is only a body."""
    if defines(code, task.entry_point):
        return code
    return task.prompt + code


def code_of_module(task: Task, module: str) -> str:
    """The file a scored module was made from (``solution_module``'s inverse), for rows that
    recorded only the module (before commit-recorded ``code``).

    The prompt was prepended exactly when the file did not define the entry point. So a rest
    after the prompt that compiles on its own and defines no entry point was the whole file
    (HumanEval/50's fix was one import line); a rest that does not compile is the body of the
    prompt's own function, which the model wrote out in full, and the module is the file.
    """
    rest = module.removeprefix(task.prompt)
    if rest == module or defines(rest, task.entry_point):
        return module
    try:
        compile(rest, SOLUTION_FILE, "exec")
    except (SyntaxError, ValueError):
        return module
    return rest


def pick_solution(task: Task, files: dict[str, str]) -> str | None:
    """From a multi-file project: ``solution.py``, else the first file defining the entry point."""
    if SOLUTION_FILE in files and defines(files[SOLUTION_FILE], task.entry_point):
        return files[SOLUTION_FILE]
    for path in sorted(files):
        if path.endswith(".py") and not path.startswith("tests/") and defines(files[path], task.entry_point):
            return files[path]
    return files.get(SOLUTION_FILE)


HIDE_FROM_PYTEST = """
for _value in list(globals().values()):  # a solution named test_* is not a test (Mbpp/19)
    if callable(_value) and getattr(_value, "__name__", "").startswith("test"):
        _value.__test__ = False
"""


def hidden_test_module(task: Task) -> str:
    return f"{task.preamble}\nfrom solution import *  # noqa: F403\n{HIDE_FROM_PYTEST}\n{task.hidden_test}"


def score(task: Task, module: str) -> tuple[bool, str]:
    """Run the hidden tests against ``module``; (passed, one-line reason when not)."""
    report = run_tests_sandboxed(
        {SOLUTION_FILE: module, HIDDEN_TEST_FILE: hidden_test_module(task)},
        test_paths=[HIDDEN_TEST_FILE],
        limits=LIMITS,
    )
    if report.ok:
        return True, ""
    return False, (report.limit_hit or failure_line(report.failing_output or report.stderr))[:300]


def failure_line(output: str) -> str:
    """The line that says what went wrong: pytest's first ``E`` line (the assertion or the
    exception), not its last, which is often only "Use -v to get more diff"."""
    lines = output.strip().splitlines()
    first_error = next((line for line in lines if line.startswith("E ")), None)
    return (first_error or (lines[-1] if lines else "red")).strip()


def pass_at_k(n: int, c: int, k: int) -> float:
    """The unbiased pass@k estimator (Chen et al. 2021): 1 - C(n-c, k) / C(n, k)."""
    if n < k:
        raise ValueError(f"pass@{k} needs at least {k} samples, got {n}")
    if n - c < k:
        return 1.0
    return 1.0 - comb(n - c, k) / comb(n, k)
