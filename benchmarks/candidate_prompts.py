"""Which prompt should the greedy candidate get? Prompt variants side by side, one model.

    python -m benchmarks.candidate_prompts --bench humaneval --subset he40 --model local --jobs 2

Why: the SOP's ``direct`` candidate (``nodes.candidates``) exists so that selection can never
ship worse than the model answering alone, but at 18f9c21 it scored 0.684 on he40 where the
benchmark's own direct call scored 0.825 on the same tasks. The two differ in the system
prompt, in the wrapper the SOP puts around the task (the benchmark's ``REQUIREMENT``), and in
where the instruction sits. Each variant below changes one of those, every answer is graded
with the same extraction and hidden tests, and all variants run in one process on one model
and seed, so the ratios are paired.

Rows go to ``docs/benchmarks/candidate-prompts-<bench>-<model>[-<subset>].jsonl`` (one per
task and variant, appended; rerun to continue), a summary beside it.

``--temperature 0.8 --sample-seeds 2,3,4,5`` asks the same question of the sampled
candidates: each variant answered once per seed, as the graph samples candidates 2..5
(``RunSettings.seed`` + index); rows go to a file named with the temperature. Sampled
candidates are sent ``direct-words-sop-requirement`` (``nodes.candidates.task_text``), the
direct candidate ``bench-direct``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from benchmarks import datasets, report
from benchmarks.codegen import load_model, select
from benchmarks.datasets import Task
from benchmarks.prompt_variants import run_variants
from benchmarks.results import ResultLog
from benchmarks.scoring import extract_code, score, solution_module
from benchmarks.solvers import DIRECT_PROMPT, DIRECT_SYSTEM, requirement_of
from nodes.prompt_layout import COMPANY_SYSTEM, DOCUMENTS_END

Messages = list[BaseMessage]


COMPANY_LAYOUT_PROMPT = """\
## Original requirement
{requirement}

{documents_end}

Complete the Python function the requirement specifies. Answer with the whole function, with
the imports it needs, in one ```python code block.
"""
"""The function-scope candidate prompt up to 5aa551e, in the company's layout (requirement as a
document, end-of-documents marker, instruction), kept here so the comparison stays repeatable."""


def node_prompt(task: Task) -> str:
    """The user message ``write_candidate`` sent for a function-scope run up to 5aa551e."""
    return COMPANY_LAYOUT_PROMPT.format(requirement=requirement_of(task), documents_end=DOCUMENTS_END)


VARIANTS: dict[str, Callable[[Task], Messages]] = {
    # the benchmark's direct call: the reference the candidate should match
    "bench-direct": lambda t: [
        SystemMessage(DIRECT_SYSTEM),
        HumanMessage(DIRECT_PROMPT.format(prompt=t.prompt)),
    ],
    # what the node sent up to 5aa551e: the company's layout
    "node": lambda t: [SystemMessage(COMPANY_SYSTEM), HumanMessage(node_prompt(t))],
    # the node's user message under the direct call's system prompt
    "node-expert-system": lambda t: [SystemMessage(DIRECT_SYSTEM), HumanMessage(node_prompt(t))],
    # the direct call's words around the SOP's requirement: isolates the wrapper (what the
    # node sends since this comparison)
    "direct-words-sop-requirement": lambda t: [
        SystemMessage(DIRECT_SYSTEM),
        HumanMessage(
            DIRECT_PROMPT.replace("```python\n{prompt}```", "{prompt}").format(prompt=requirement_of(t))
        ),
    ],
}


def run_one(task: Task, variant: str, model: Any, sample: int = 0) -> dict[str, Any]:
    started = perf_counter()
    reply = model.invoke(VARIANTS[variant](task))
    passed, reason = score(task, solution_module(task, extract_code(str(reply.content))))
    return {
        "task_id": task.task_id,
        "sample": sample,
        "variant": variant,
        "passed": passed,
        "reason": reason[:200],
        "seconds": round(perf_counter() - started, 3),
        "answer": str(reply.content),
    }


def summary_of(rows: list[dict[str, Any]], tasks: list[Task]) -> dict[str, Any]:
    """Per variant: the share of answers that pass, tasks some answer passes (pass@n for n
    samples; pass@1 greedy), and the tasks won and lost against ``bench-direct`` on that."""
    wanted = {t.task_id for t in tasks}
    answers: dict[str, dict[str, list[bool]]] = {}
    for row in rows:
        if row["task_id"] in wanted:
            answers.setdefault(row["variant"], {}).setdefault(row["task_id"], []).append(bool(row["passed"]))
    solved = {variant: {t: any(p) for t, p in by_task.items()} for variant, by_task in answers.items()}
    reference = solved.get("bench-direct", {})
    out: dict[str, Any] = {}
    for variant, by_task in sorted(answers.items()):
        passed = solved[variant]
        shared = [t for t in passed if t in reference]
        every = [p for results in by_task.values() for p in results]
        out[variant] = {
            "tasks": len(passed),
            "answers": len(every),
            "answers_passing": round(sum(every) / len(every), 3),
            "pass@1" if len(every) == len(passed) else f"pass@{len(every) // len(passed)}": round(
                sum(passed.values()) / len(passed), 3
            ),
            "wins_vs_bench_direct": sum(passed[t] and not reference[t] for t in shared),
            "losses_vs_bench_direct": sum(reference[t] and not passed[t] for t in shared),
        }
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--bench", choices=("humaneval", "mbpp"), default="humaneval")
    p.add_argument("--subset", choices=sorted(datasets.SUBSETS))
    p.add_argument("--ids", help="comma-separated task ids or their numbers")
    p.add_argument("--model", default="local")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument(
        "--variants", default=",".join(VARIANTS), help="comma-separated, from: " + ", ".join(VARIANTS)
    )
    p.add_argument("--temperature", type=float, default=0.0)
    p.add_argument(
        "--sample-seeds",
        default="0",
        help="comma-separated seeds, one answer per variant each (with --temperature)",
    )
    p.add_argument("--out-dir", type=Path, default=Path("docs/benchmarks"))
    args = p.parse_args(argv)
    try:
        seeds = [int(seed) for seed in args.sample_seeds.split(",") if seed.strip()]
    except ValueError:
        p.error(f"--sample-seeds {args.sample_seeds!r}: whole numbers separated by commas")
    tasks = select(datasets.load(args.bench), args.ids, None)
    tasks = datasets.subset(args.subset, tasks) if args.subset else tasks
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = sorted(set(variants) - set(VARIANTS))
    if unknown:
        p.error(f"unknown variant(s) {', '.join(unknown)}: choose from {', '.join(VARIANTS)}")
    stem = f"candidate-prompts-{args.bench}-{args.model.replace(':', '-')}" + (
        f"-{args.subset}" if args.subset else ""
    )
    stem += f"-t{args.temperature:g}" if args.temperature else ""
    log = ResultLog(args.out_dir / f"{stem}.jsonl")
    model = load_model(args.model, tasks, temperature=args.temperature, seed=args.seed)
    cond = report.conditions(
        bench=args.bench, mode="candidate-prompts", model=args.model, seed=args.seed,
        temperature=args.temperature, samples=len(seeds), jobs=args.jobs,
        results=report.repo_relative(log.path),
    ) | report.model_conditions(model)  # fmt: skip
    report.print_conditions(cond)
    run_variants(
        tasks, lambda task: task.task_id, variants, seeds, model=model, run_one=run_one, log=log,
        temperature=args.temperature, jobs=args.jobs, commit=cond["git_commit"], label="candidate prompts",
    )  # fmt: skip
    summary = summary_of(log.rows(), tasks)
    report.write_json(args.out_dir / f"{stem}.summary.json", {"conditions": cond, "summary": summary})
    for variant, row in summary.items():
        report.console.print(f"{variant:32} {row}", markup=False)
    return summary


if __name__ == "__main__":
    main()
