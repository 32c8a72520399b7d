"""Code generation: HumanEval / MBPP pass@1 in three modes on one model and seed.

    python -m benchmarks.codegen --bench humaneval --mode direct --model local:0.5b --limit 20

Results go to ``docs/benchmarks/codegen-<bench>-<mode>-<model>-s<seed>.jsonl`` (one line per
task, appended as it finishes; run the same command again to continue a killed run) and a
``.summary.json`` beside it. ``--model oracle`` answers with the reference solutions: a
self-check of the harness and the scoring, pass@1 must be 1.0.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
from pathlib import Path
from time import perf_counter
from typing import Any

from langchain_core.language_models import BaseChatModel

from benchmarks import datasets, report, solvers, sop_branches
from benchmarks.datasets import Task
from benchmarks.preflight import refuse_before_rows
from benchmarks.results import ResultLog, summarize
from benchmarks.scoring import score, solution_module
from benchmarks.solvers import MODES, solve
from benchmarks.sop_branches import SopSource
from benchmarks.workers import WorkerModels


def load_model(spec: str, tasks: list[Task], *, temperature: float, seed: int) -> BaseChatModel:
    """``oracle`` (the harness self-check) or any spec the model registry knows."""
    if spec == "oracle":
        from benchmarks.oracle import oracle_model

        return oracle_model(tasks)
    from nodes.models.registry import load_chat_model

    return load_chat_model(spec, temperature=temperature, seed=seed)


def select(tasks: list[Task], ids: str | None, limit: int | None) -> list[Task]:
    """``--ids 0,5,HumanEval/7`` (a bare number matches the id's last part), then ``--limit``."""
    if ids:
        wanted = {i.strip() for i in ids.split(",") if i.strip()}
        tasks = [t for t in tasks if t.task_id in wanted or t.task_id.rsplit("/", 1)[-1] in wanted]
    return tasks[:limit] if limit is not None else tasks


def run_one(
    task: Task,
    sample: int,
    model: BaseChatModel,
    args: argparse.Namespace,
    *,
    keep: Path | None = None,
    source: SopSource | None = None,
) -> dict[str, Any]:
    """Solve and score one task; a crash is recorded as a failed sample, not raised."""
    row: dict[str, Any] = {"task_id": task.task_id, "sample": sample}
    try:
        attempt = solve(
            task, model, args.mode, args.model, args.max_retries, keep=keep, source=source,
            candidates=args.candidates,
        )  # fmt: skip
    except Exception as error:  # a benchmark records failures, it does not stop at them
        row |= {"passed": False, "status": "error", "reason": f"{type(error).__name__}: {error}"[:300]}
        row |= {
            "prompt_tokens": 0,
            "completion_tokens": 0,
            "calls": 0,
            "seconds": 0.0,
            "score_seconds": 0.0,
        }
        return row
    started = perf_counter()
    passed, reason = score(task, attempt.module) if attempt.module else (False, "no solution file")
    for candidate in attempt.details.get("candidates", []):
        content = candidate.pop("content", None)
        candidate["hidden_passed"] = bool(content) and score(task, solution_module(task, content))[0]
        candidate["code"] = content
    return row | {
        "passed": passed,
        "reason": reason,
        "status": attempt.status,
        "prompt_tokens": attempt.prompt_tokens,
        "completion_tokens": attempt.completion_tokens,
        "calls": attempt.calls,
        "seconds": round(attempt.seconds, 3),
        "score_seconds": round(perf_counter() - started, 3),
        **attempt.details,
        "solution": attempt.module,
    }


def add_results_selection(p: argparse.ArgumentParser, out_dir_help: str) -> None:
    """The options that name one results file (``results_stem``) and its folder, for the
    tools that read committed rows rather than make them (``verify_sop``, ``keep_better``)."""
    p.add_argument("--bench", choices=("humaneval", "mbpp"), default="humaneval")
    p.add_argument("--model", default="local")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--out-dir", type=Path, default=report.RESULTS_DIR, help=out_dir_help)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.codegen", description=__doc__.splitlines()[0])
    p.add_argument("--bench", choices=("humaneval", "mbpp"), default="humaneval")
    p.add_argument("--mode", choices=MODES, default="direct")
    p.add_argument("--model", default="local:0.5b", help="local, local:0.5b, ... or oracle")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--temperature", type=float, default=0.0)
    p.add_argument("--samples", type=int, default=1, help="n samples per task (seed, seed+1, ...)")
    p.add_argument("--limit", type=int)
    p.add_argument("--ids", help="comma-separated task ids or their numbers")
    p.add_argument("--subset", choices=sorted(datasets.SUBSETS), help="a fixed, named subset of tasks")
    p.add_argument("--jobs", type=int, default=1, help="tasks in parallel (local: one engine replica each)")
    p.add_argument("--max-retries", type=int, default=3, help="fix rounds in sop+feedback")
    p.add_argument(
        "--candidates", type=int, default=1, help="sop modes: versions execution chooses from (RunSettings)"
    )
    p.add_argument("--mbpp-file", type=Path, default=datasets.MBPP_DEFAULT)
    p.add_argument("--out-dir", type=Path, default=report.RESULTS_DIR)
    p.add_argument(
        "--runs-dir",
        type=Path,
        help="where sop keeps its runs and sop+feedback finds them (default: <out-dir>/runs)",
    )
    p.add_argument(
        "--no-branch",
        action="store_true",
        help="sop+feedback: start every task afresh, ignoring kept sop runs",
    )
    p.add_argument("--summary-only", action="store_true", help="summarize the JSONL, run nothing")
    return p


def results_stem(
    bench: str, mode: str, model: str, seed: int, candidates: int = 1, subset: str | None = None
) -> str:
    """The results file's name; ``-k<n>`` for sop modes with n candidates, then the subset."""
    slug = model.replace(":", "-").replace("/", "_")
    stem = f"codegen-{bench}-{mode.replace('+', '-')}-{slug}-s{seed}"
    if mode != "direct" and candidates != 1:
        stem += f"-k{candidates}"
    return stem + (f"-{subset}" if subset else "")


def kept_sop_runs(
    args: argparse.Namespace, runs_dir: Path, commit: str | None
) -> dict[tuple[str, int], SopSource]:
    """For ``sop+feedback``: the kept ``sop`` runs it may continue, by (task, sample)."""
    if args.mode != "sop+feedback" or args.no_branch:
        return {}
    sop_stem = results_stem(args.bench, "sop", args.model, args.seed, args.candidates, args.subset)
    sources = sop_branches.sop_sources(args.out_dir / f"{sop_stem}.jsonl", runs_dir, commit)
    report.console.print(f"continuing {len(sources)} kept sop run(s) of {sop_stem}")
    return sources


def main(argv: list[str] | None = None) -> dict[str, Any]:
    args = parser().parse_args(argv)
    tasks = select(datasets.load(args.bench, args.mbpp_file), args.ids, args.limit)
    if args.subset:
        tasks = datasets.subset(args.subset, tasks)
    if not tasks:
        raise SystemExit(f"codegen: no {args.bench} task matches --ids {args.ids!r}")
    stem = results_stem(args.bench, args.mode, args.model, args.seed, args.candidates, args.subset)
    log = ResultLog(args.out_dir / f"{stem}.jsonl")
    cond = report.conditions(
        bench=args.bench, mode=args.mode, model=args.model, seed=args.seed,
        temperature=args.temperature, samples=args.samples, jobs=args.jobs,
        results=report.repo_relative(log.path),
    )  # fmt: skip
    done = log.done()
    todo = [(t, s) for s in range(args.samples) for t in tasks if (t.task_id, s) not in done]
    todo = [] if args.summary_only else todo
    if todo and args.mode != "direct":
        refuse_before_rows(
            "codegen", lambda: solvers.sop_settings(args.mode, args.model, args.max_retries, args.candidates)
        )
    models = {s: load_model(args.model, tasks, temperature=args.temperature, seed=args.seed + s)
              for s in {s for _, s in todo}}  # fmt: skip
    cond |= report.model_conditions(next(iter(models.values()))) if models else {}
    report.print_conditions(cond)
    jobs = max(1, args.jobs)
    workers = WorkerModels(models, jobs)

    runs_dir: Path = args.runs_dir or args.out_dir / sop_branches.RUNS_FOLDER
    sources = kept_sop_runs(args, runs_dir, cond["git_commit"])

    def leased(task: Task, sample: int) -> dict[str, Any]:
        kept = args.mode == "sop"
        keep = sop_branches.run_file(runs_dir, stem, task.task_id, sample) if kept else None
        with workers.lease(sample) as model:
            return run_one(task, sample, model, args, keep=keep, source=sources.get((task.task_id, sample)))

    with report.progress() as progress, cf.ThreadPoolExecutor(max_workers=jobs) as pool:
        bar = progress.add_task(f"{args.bench} {args.mode}", total=len(todo))
        futures = [pool.submit(leased, t, s) for t, s in todo]
        for future in cf.as_completed(futures):  # each row names the code that produced it,
            row = future.result() | {"commit": cond["git_commit"]}  # runs span sessions
            source = sources.get((row["task_id"], row["sample"]))
            log.append(
                row | ({"sop_commit": source.commit} if row.get("continued_sop_run") and source else {})
            )
            progress.advance(bar)
    summary = summarize(log.rows(), [t.task_id for t in tasks])
    summary["tasks_in_benchmark"] = len(datasets.load(args.bench, args.mbpp_file))
    summary["partial"] = summary["tasks_done"] < summary["tasks_in_benchmark"]
    report.print_table(f"{args.bench} / {args.mode} / {args.model}", [summary])
    report.write_json(args.out_dir / f"{stem}.summary.json", {"conditions": cond, "summary": summary})
    return summary


if __name__ == "__main__":
    main()
