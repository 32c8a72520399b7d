"""SoftwareDev: whole projects from one sentence, graded for executability, with the paper's
statistics (code files, lines, doc files and lines, tokens, time, revisions, tokens/line).

    python -m benchmarks.softwaredev --model local:0.5b --limit 3

One JSONL line per task in ``docs/benchmarks/softwaredev-<model>-s<seed>.jsonl`` (a killed
run continues with the same command) and a ``.summary.json`` beside it.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
from pathlib import Path
from statistics import mean
from time import perf_counter
from typing import Any

from langchain_core.language_models import BaseChatModel

from benchmarks import report
from benchmarks.grading import Grade, grade_project
from benchmarks.preflight import refuse_before_rows
from benchmarks.results import ResultLog
from benchmarks.softwaredev_tasks import MAIN_EXPERIMENT, SOFTWAREDEV_TASKS
from benchmarks.workers import WorkerModels
from checkpoints.savers import open_saver
from graph.api import SopRunner
from nodes.context import Context
from nodes.workspace import project_files, write_workspace
from state.settings import RunSettings
from state.usage import total_usage

GRADES = "FRWP"


def _lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


def project_stats(values: dict[str, Any]) -> dict[str, Any]:
    """The paper's per-project statistics from a finished run's state."""
    code = {p: f.content for p, f in (values.get("code") or {}).items()}
    docs = {
        p: t
        for p, t in project_files(values).items()
        if p.startswith("docs/") and p.endswith((".md", ".mmd"))
    }
    spent = total_usage(values.get("usage") or {})
    loc = sum(_lines(t) for t in code.values())
    return {
        "code_files": len(code),
        "code_lines": loc,
        "doc_files": len(docs),
        "doc_lines": sum(_lines(t) for t in docs.values()),
        "prompt_tokens": spent.prompt_tokens,
        "completion_tokens": spent.completion_tokens,
        "calls": spent.calls,
        "fix_rounds": values.get("retries", 0),
        "code_rewrites": sum(f.attempt for f in (values.get("code") or {}).values()),
        "tokens_per_code_line": round(spent.total_tokens / loc, 1) if loc else None,
    }


def start_checks(values: dict[str, Any]) -> list[str | None]:
    """Per test run, the exception ``python main.py`` crashed with on start (None: no crash).

    Why: the start check sends a crash on start back to the Engineer; this shows, per
    project, which crashes the loop saw and whether the last run still had one.
    """
    reports = values.get("test_reports") or []
    return [r.start_error.splitlines()[-1] if r.start_error else None for r in reports]


def run_task(
    name: str, prompt: str, model: BaseChatModel, settings: RunSettings, projects: Path | None = None
) -> dict[str, Any]:
    """One whole SOP run and its grade; a crash is recorded as grade F.

    With ``projects``, what the company wrote (documents, code, tests) is kept under
    ``projects/<task>/`` so a reader can check the grade against the files.
    """
    started = perf_counter()
    try:
        with open_saver("memory") as saver:
            outcome = SopRunner(saver, Context(model=model)).start(prompt, settings)
    except Exception as error:  # a benchmark records failures, it does not stop at them
        failed = {"task_id": name, "sample": 0, "prompt": prompt, "grade": "F", "status": "error"}
        return failed | {
            "seconds": round(perf_counter() - started, 2),
            "notes": f"{type(error).__name__}: {error}"[:300],
        }
    seconds = perf_counter() - started
    values = outcome.values
    code = {p: f.content for p, f in (values.get("code") or {}).items()}
    tests = {p: f.content for p, f in (values.get("tests") or {}).items()}
    tasks = values.get("tasks")
    grade = grade_project(code, tests, tuple(tasks.required_packages) if tasks else ())
    kept = None
    if projects is not None:
        kept = str(write_workspace(projects / name, values).relative_to(projects.parent))
    return {
        "task_id": name,
        "sample": 0,
        "prompt": prompt,
        "status": outcome.status,
        **grade_fields(grade),
        "seconds": round(seconds, 2),
        **project_stats(values),
        "start_crashes": start_checks(values),
        "failure": failure.message[:400] if (failure := values.get("failure")) else None,
        "project_dir": kept,
        "notes": grade.notes,
    }


def grade_fields(grade: Grade) -> dict[str, Any]:
    """The grade and its evidence as JSONL fields."""
    return {
        "grade": grade.grade,
        "imports_ok": grade.imports_ok,
        "starts": grade.starts,
        "session_ok": grade.session_ok,
        "own_tests_passed": grade.own_passed,
        "own_tests": grade.own_total,
        "entry_point": grade.entry_point,
    }


def regrade(row: dict[str, Any], base: Path) -> dict[str, Any]:
    """Grade a kept project again from its files, without the model (``--regrade``).

    Why: a run costs many model minutes, the grader is cheap; when the grader is fixed, the
    projects already made are graded anew. Code is every ``.py`` outside ``tests/`` and
    ``docs/``; packages are found from the imports, as the sandbox does for any run.
    """
    folder = base / row["project_dir"] if row.get("project_dir") else None
    if folder is None or not folder.is_dir():
        return row
    files = {str(path.relative_to(folder)): path.read_text() for path in sorted(folder.rglob("*.py"))}
    tests = {path: text for path, text in files.items() if path.startswith("tests/")}
    code = {path: text for path, text in files.items() if path not in tests and not path.startswith("docs/")}
    grade = grade_project(code, tests)
    relative = str(folder.relative_to(base)) if folder.is_relative_to(base) else str(folder)
    return row | grade_fields(grade) | {"notes": grade.notes, "project_dir": relative}


def summarize(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Grade counts and the paper's averages over the graded projects."""
    if not rows:
        return {"projects": 0}
    summary: dict[str, Any] = {"projects": len(rows)}
    summary |= {f"grade_{g}": sum(r["grade"] == g for r in rows) for g in GRADES}
    for key in ("code_files", "code_lines", "doc_files", "doc_lines", "prompt_tokens", "completion_tokens",
                "seconds", "fix_rounds", "tokens_per_code_line"):  # fmt: skip
        values = [r[key] for r in rows if r.get(key) is not None]
        summary[f"mean_{key}"] = round(mean(values), 1) if values else None
    return summary


def task_names(option: str | None) -> list[str]:
    """``--tasks``: none means the paper's main seven, ``all`` every published prompt."""
    if not option:
        return list(MAIN_EXPERIMENT)
    if option.strip() == "all":
        return list(SOFTWAREDEV_TASKS)
    return [n.strip() for n in option.split(",") if n.strip()]


def main(argv: list[str] | None = None, *, model: BaseChatModel | None = None) -> dict[str, Any]:
    """Run the tasks not yet in the JSONL; ``model`` overrides ``--model`` (tests pass a scripted one)."""
    p = argparse.ArgumentParser(prog="python -m benchmarks.softwaredev", description=__doc__.splitlines()[0])
    p.add_argument("--model", default="local:0.5b")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--tasks", help="comma-separated task names, or 'all' (default: the paper's main seven)")
    p.add_argument("--limit", type=int)
    p.add_argument("--max-retries", type=int, default=3)
    p.add_argument("--jobs", type=int, default=1, help="projects in parallel (local: an engine each)")
    p.add_argument("--out-dir", type=Path, default=report.RESULTS_DIR)
    p.add_argument("--regrade", action="store_true", help="grade the kept projects again, run nothing")
    args = p.parse_args(argv)
    names = task_names(args.tasks)
    if unknown := [n for n in names if n not in SOFTWAREDEV_TASKS]:
        p.error(f"unknown task(s) {', '.join(unknown)}: choose from {', '.join(SOFTWAREDEV_TASKS)}")
    names = names[: args.limit] if args.limit is not None else names
    slug = args.model.replace(":", "-").replace("/", "_")
    log = ResultLog(args.out_dir / f"softwaredev-{slug}-s{args.seed}.jsonl")
    cond = report.conditions(
        model=args.model,
        seed=args.seed,
        max_retries=args.max_retries,
        jobs=args.jobs,
        results=report.repo_relative(log.path),
    )
    done = {task for task, _ in log.done()}
    todo = [] if args.regrade else [n for n in names if n not in done]
    if args.regrade:
        log.rewrite([regrade(row, log.path.parent) for row in log.rows()])
    if todo:
        refuse_before_rows("softwaredev", lambda: RunSettings(model=args.model, max_retries=args.max_retries))
    if model is None and todo:
        from nodes.models.registry import load_chat_model

        model = load_chat_model(args.model, temperature=0.0, seed=args.seed)
    cond |= report.model_conditions(model) if model is not None else {}
    report.print_conditions(cond)
    settings = RunSettings(model=args.model, max_retries=args.max_retries)
    jobs = max(1, args.jobs)
    workers = WorkerModels({0: model}, jobs) if model is not None else None
    projects = log.path.with_name(log.path.stem + "-projects")

    def leased(name: str) -> dict[str, Any]:
        assert workers is not None
        with workers.lease() as worker_model:
            return run_task(name, SOFTWAREDEV_TASKS[name], worker_model, settings, projects)

    with report.progress() as progress, cf.ThreadPoolExecutor(max_workers=jobs) as pool:
        bar = progress.add_task("softwaredev", total=len(todo))
        for future in cf.as_completed([pool.submit(leased, name) for name in todo]):
            log.append(future.result())
            progress.advance(bar)
    rows = [r for r in log.rows() if r["task_id"] in names]
    report.print_table("SoftwareDev per project", [
        {k: r.get(k) for k in ("task_id", "grade", "status", "code_files", "code_lines", "doc_files",
                               "doc_lines", "prompt_tokens", "completion_tokens", "seconds", "fix_rounds",
                               "tokens_per_code_line")} for r in rows])  # fmt: skip
    summary = summarize(rows)
    report.print_table("SoftwareDev summary", [summary])
    report.write_json(
        log.path.with_suffix(".summary.json"), {"conditions": cond, "summary": summary, "projects": rows}
    )
    return summary


if __name__ == "__main__":
    main()
