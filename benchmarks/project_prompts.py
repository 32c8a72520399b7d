"""Which prompt should a project's candidates get? Prompt variants side by side, hidden tests.

    python -m benchmarks.project_prompts --model local --jobs 2 [--variants a,b] \
        [--temperature 0.8 --sample-seeds 2,3,4,5]

Why: in the project record at ba58eea (docs/benchmarks.md 4.6) the best of each project's six
candidates passes 78 of 111 hidden tests, and selection ships 74; what stays red is what no
candidate writes (rle's counts of several digits, roman's rejection of ``'IIII'``), although
the requirement states it. Selection cannot lift that ceiling; only better candidates can.
Each variant is one call per project under ``ALONE_SYSTEM``, as the graph's candidates are
asked, graded by the project benchmark's hidden tests (``benchmarks.project_bench.grade``);
all variants run in one process on one model and seed, so the comparison is paired.

* ``file-alone``: the candidates' prompt (``nodes.candidates.PROJECT_PROMPT``) for the
  requirement's first module, as a one-file project's candidate is asked.
* ``rules-first``: the same, asking first for the requirement's rules, limits, error cases
  and examples as comments at the top of the file, then code that keeps each.
* ``direct-call``: the project benchmark's ``direct`` prompt (every file the requirement
  names); scored on every file its answer writes.

Rows go to ``docs/benchmarks/project-prompts-<model>[-t<temperature>].jsonl`` (one per
project, variant and seed; rerun to continue), a summary beside it. A project of several
modules is asked for its first module alone in the one-file variants, so it is graded on
that file only and is listed apart (``one_module``).
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from time import perf_counter
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from benchmarks import report
from benchmarks.project_bench import DIRECT_PROMPT, files_from_reply, grade, load_model
from benchmarks.project_data import Project, load_projects, select
from benchmarks.prompt_variants import run_variants
from benchmarks.results import ResultLog
from nodes.candidates import PROJECT_PROMPT
from nodes.prompt_layout import ALONE_SYSTEM
from state.artifacts import code_from_reply

RULES_FIRST = """\
Before the code, at the top of the file, list as comments every rule, limit, error case and
example the requirement states, one per line; then write code that keeps each of them.
"""


def file_alone(project: Project) -> str:
    return PROJECT_PROMPT.format(path=project.modules[0], requirement=project.requirement, keeps="")


VARIANTS: dict[str, Callable[[Project], str]] = {
    "file-alone": file_alone,
    "rules-first": lambda project: file_alone(project).replace(
        "Answer with the whole file", RULES_FIRST + "Answer with the whole file"
    ),
    "direct-call": lambda project: DIRECT_PROMPT.format(requirement=project.requirement),
}


def answer_files(project: Project, variant: str, reply: str) -> dict[str, str]:
    """The files an answer writes: every labelled file for the direct call, else the one file."""
    if variant == "direct-call":
        return files_from_reply(reply, project.modules)
    try:
        return {project.modules[0]: code_from_reply(reply).content}
    except ValueError:  # an empty answer: graded as no code
        return {}


def run_one(project: Project, variant: str, model: Any, sample: int) -> dict[str, Any]:
    started = perf_counter()
    messages: list[BaseMessage] = [SystemMessage(ALONE_SYSTEM), HumanMessage(VARIANTS[variant](project))]
    reply = str(model.invoke(messages).content)
    graded = grade(project, answer_files(project, variant, reply))
    return {
        "task_id": project.name,
        "variant": variant,
        "sample": sample,
        "has_examples": project.has_examples,
        "one_module": len(project.modules) == 1,
        "passed": graded.passed,
        "hidden_passed": graded.hidden_passed,
        "hidden_total": graded.hidden_total,
        "reason": graded.reason,
        "seconds": round(perf_counter() - started, 3),
        "answer": reply,
    }


def summary_of(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Per variant: hidden tests passed (all projects, one-module projects), projects in full,
    and per project the best of its samples (the ceiling the variant offers selection)."""
    out: dict[str, Any] = {}
    for variant in sorted({row["variant"] for row in rows}):
        mine = [row for row in rows if row["variant"] == variant]
        best: dict[str, int] = {}
        for row in mine:
            best[row["task_id"]] = max(best.get(row["task_id"], 0), int(row["hidden_passed"]))
        one_module = [row for row in mine if row["one_module"]]
        out[variant] = {
            "answers": len(mine),
            "hidden_passed_per_answer": round(sum(r["hidden_passed"] for r in mine) / max(1, len(mine)), 2),
            "hidden_passed_one_module_sum": sum(r["hidden_passed"] for r in one_module),
            "answers_in_full": sum(bool(r["passed"]) for r in mine),
            "best_per_project": best,
            "best_sum": sum(best.values()),
        }
    return out


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    p.add_argument("--model", default="local")
    p.add_argument("--ids", help="comma-separated project names")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--jobs", type=int, default=1)
    p.add_argument("--variants", default=",".join(VARIANTS), help="from: " + ", ".join(VARIANTS))
    p.add_argument("--temperature", type=float, default=0.0)
    p.add_argument("--sample-seeds", default="0", help="comma-separated seeds (with --temperature)")
    p.add_argument("--out-dir", type=Path, default=Path("docs/benchmarks"))
    args = p.parse_args(argv)
    variants = [v.strip() for v in args.variants.split(",") if v.strip()]
    if unknown := sorted(set(variants) - set(VARIANTS)):
        p.error(f"unknown variant(s) {', '.join(unknown)}: choose from {', '.join(VARIANTS)}")
    try:
        seeds = [int(seed) for seed in args.sample_seeds.split(",") if seed.strip()]
    except ValueError:
        p.error(f"--sample-seeds {args.sample_seeds!r}: whole numbers separated by commas")
    try:
        projects = select(load_projects(), args.ids)
    except ValueError as error:
        p.error(str(error))
    stem = f"project-prompts-{args.model.replace(':', '-')}" + (
        f"-t{args.temperature:g}" if args.temperature else ""
    )
    log = ResultLog(args.out_dir / f"{stem}.jsonl")
    model = load_model(args.model, projects, temperature=args.temperature, seed=args.seed)
    cond = report.conditions(
        bench="projects", mode="project-prompts", model=args.model, seed=args.seed,
        temperature=args.temperature, samples=len(seeds), jobs=args.jobs,
        results=report.repo_relative(log.path),
    ) | report.model_conditions(model)  # fmt: skip
    report.print_conditions(cond)
    run_variants(
        projects, lambda project: project.name, variants, seeds, model=model, run_one=run_one, log=log,
        temperature=args.temperature, jobs=args.jobs, commit=cond["git_commit"], label="project prompts",
    )  # fmt: skip
    summary = summary_of(log.rows())
    report.write_json(args.out_dir / f"{stem}.summary.json", {"conditions": cond, "summary": summary})
    for variant, row in summary.items():
        report.console.print(f"{variant:14} {row}", markup=False)
    return summary


if __name__ == "__main__":
    main()
