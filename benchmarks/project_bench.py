"""Projects: small programs from one requirement, graded all-or-nothing by hidden tests.

    python -m benchmarks.project_bench --mode direct --model local [--ids rle,bank] [--jobs 1]

Each project of ``benchmarks/projects/`` (``benchmarks.project_data``) is a requirement the
size of a module or two, written as a user would, naming its module files and the public
names and signatures its hidden tests import; about half state a few concrete examples.
The hidden tests (``test_acceptance.py``) were written by hand from the requirement and
are never shown to a model. A project passes only when every hidden test passes.

* ``direct``: one model call with the requirement, asking for every file as a ``FILE:
  path`` line followed by a fenced block.
* ``sop``: the whole company (``graph.api.SopRunner``) with every role but QA, no test loop.
* ``sop+feedback``: all five roles and ``--max-retries`` fix rounds (default 3).

Grading copies the produced code files (as produced, flat or nested; every folder that
holds one is put on the import path) and the hidden test file into the sandbox and runs
pytest there (``nodes.sandbox.run_tests_sandboxed``); the model's own tests are not copied.
One JSONL line per project goes to ``docs/benchmarks/projects-<mode>-<model>-s<seed>.jsonl``
as it finishes (run the same command again to continue a killed run), and a
``.summary.json`` beside it holds the conditions and the pass rate overall and for the
projects with and without examples. ``--model oracle-projects`` answers with the reference
solutions: a self-check of the harness, every project must pass.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
import re
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from time import perf_counter
from typing import Any

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import HumanMessage, SystemMessage

from benchmarks import report
from benchmarks.preflight import refuse_before_rows
from benchmarks.project_data import Project, load_projects, select
from benchmarks.project_oracle import ORACLE_SPEC, project_oracle
from benchmarks.results import ResultLog
from benchmarks.scoring import failure_line
from benchmarks.solvers import candidate_record
from benchmarks.workers import WorkerModels
from checkpoints.savers import open_saver
from graph.api import SopRunner
from nodes.context import Context
from nodes.sandbox import SandboxLimits, run_tests_sandboxed
from state.settings import ALL_ROLES, Role, RunSettings
from state.usage import total_usage

MODES = ("direct", "sop", "sop+feedback")
SOP_ROLES: dict[str, tuple[Role, ...]] = {
    "sop": tuple(r for r in ALL_ROLES if r != "qa_engineer"),
    "sop+feedback": ALL_ROLES,
}

HIDDEN_DIR = "_hidden_acceptance"
"""Where the hidden tests sit in the sandbox: a folder no project names."""
LIMITS = SandboxLimits(wall_seconds=90.0, cpu_seconds=60, test_seconds=20.0, smoke_seconds=5.0)

DIRECT_SYSTEM = "You are an expert Python programmer."
DIRECT_PROMPT = """\
## Requirement
{requirement}

Write the complete code that fulfils this requirement, every file it names, with every name
and signature exactly as stated. Answer with each file as a line `FILE: <path>` followed by
the file's whole content in one ```python code block.
"""


# --- the answer's files ---------------------------------------------------------------------

_LABEL = re.compile(r"^[ \t#*>-]*FILE[ \t]*:[ \t]*[`*'\"]*([\w./-]+\.py)[`*'\"]*[ \t]*$", re.M | re.I)
_BLOCK = re.compile(r"```[a-zA-Z0-9_+-]*[ \t]*\n(.*?)(?:\n```|\Z)", re.S)
_NAMED_IN_FIRST_LINE = re.compile(r"^\s*#\s*([\w./-]+\.py)\s*$")


def files_from_reply(text: str, modules: tuple[str, ...]) -> dict[str, str]:
    """The files of a ``direct`` answer: each ``FILE: path`` line names the fenced block after
    it. Lenient where a model's formatting drifts, strict about nothing a grader should judge:
    markdown around the label is ignored, a file that does not compile is kept (the hidden
    tests fail it, the other files still count), an unlabelled block whose first line is a
    ``# path.py`` comment takes that path, and with no label at all a one-module project
    gets the longest block."""
    files: dict[str, str] = {}
    labels = list(_LABEL.finditer(text))
    for index, label in enumerate(labels):
        end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
        block = _BLOCK.search(text, label.end(), end)
        if block is not None:
            files[label.group(1).lstrip("./")] = block.group(1).rstrip("\n") + "\n"
    if files:
        return files
    blocks = _BLOCK.findall(text)
    for block in blocks:
        named = _NAMED_IN_FIRST_LINE.match(block.split("\n", 1)[0])
        if named:
            files[named.group(1).lstrip("./")] = block.rstrip("\n") + "\n"
    if not files and blocks and len(modules) == 1:
        files[modules[0]] = max(blocks, key=len).rstrip("\n") + "\n"
    return files


def is_test_file(path: str) -> bool:
    name = PurePosixPath(path).name
    parts = PurePosixPath(path).parts
    return (
        name == "conftest.py"
        or name.startswith("test_")
        or name.endswith("_test.py")
        or any(p in ("tests", "test") for p in parts[:-1])
    )


def code_files(files: dict[str, str]) -> dict[str, str]:
    """The project's own Python files: every ``.py`` but tests (and nothing in the hidden folder)."""
    return {
        path: text
        for path, text in files.items()
        if path.endswith(".py") and not is_test_file(path) and not path.startswith(HIDDEN_DIR)
    }


# --- grading ----------------------------------------------------------------------------------


@dataclass
class Grade:
    passed: bool
    hidden_passed: int
    hidden_total: int
    reason: str
    seconds: float


def import_path_conftest(code: dict[str, str]) -> str:
    """A conftest for the hidden tests that puts every folder holding a project file on
    ``sys.path`` (shallowest first), so ``from rle import ...`` finds ``src/rle.py`` too."""
    folders = sorted({str(PurePosixPath(p).parent) for p in code}, key=lambda f: (f != ".", f.count("/"), f))
    return (
        "import sys\nfrom pathlib import Path\n\n"
        "_ROOT = Path(__file__).resolve().parent.parent\n"
        f"for _folder in reversed({folders!r}):\n"
        "    _path = str((_ROOT / _folder).resolve())\n"
        "    if _path not in sys.path:\n"
        "        sys.path.insert(0, _path)\n"
    )


def grade(project: Project, files: dict[str, str], required_packages: tuple[str, ...] = ()) -> Grade:
    """Run the hidden tests on the produced code in the sandbox; all-or-nothing."""
    started = perf_counter()
    code = code_files(files)
    if not code:
        return Grade(False, 0, project.tests, "no code files", 0.0)
    sandbox_files = code | {
        f"{HIDDEN_DIR}/conftest.py": import_path_conftest(code),
        f"{HIDDEN_DIR}/test_acceptance.py": project.hidden_test,
    }
    result = run_tests_sandboxed(
        sandbox_files,
        test_paths=[f"{HIDDEN_DIR}/test_acceptance.py"],
        limits=LIMITS,
        required_packages=required_packages,
    )
    passed = result.ok and result.passed == project.tests
    reason = "" if passed else (result.limit_hit or failure_line(result.failing_output or result.stderr))
    if result.ok and not passed:
        reason = f"{result.passed} of {project.tests} hidden tests ran and passed"
    return Grade(passed, result.passed, project.tests, reason[:300], perf_counter() - started)


# --- solving ----------------------------------------------------------------------------------


@dataclass
class Produced:
    files: dict[str, str]
    prompt_tokens: int = 0
    completion_tokens: int = 0
    calls: int = 0
    seconds: float = 0.0
    status: str = "done"
    required_packages: tuple[str, ...] = ()
    details: dict[str, Any] | None = None


def solve_direct(project: Project, model: BaseChatModel) -> Produced:
    started = perf_counter()
    reply = model.invoke(
        [SystemMessage(DIRECT_SYSTEM), HumanMessage(DIRECT_PROMPT.format(requirement=project.requirement))]
    )
    usage: dict[str, Any] = dict(getattr(reply, "usage_metadata", None) or {})
    return Produced(
        files=files_from_reply(str(reply.content), project.modules),
        prompt_tokens=int(usage.get("input_tokens", 0)),
        completion_tokens=int(usage.get("output_tokens", 0)),
        calls=1,
        seconds=perf_counter() - started,
    )


def sop_settings(mode: str, spec: str, max_retries: int, candidates: int | None) -> RunSettings:
    extra: dict[str, Any] = {} if candidates is None else {"candidates": candidates}
    return RunSettings(
        model=spec,
        roles=SOP_ROLES[mode],
        max_retries=max_retries if mode == "sop+feedback" else 0,
        **extra,
    )


def solve_sop(project: Project, model: BaseChatModel, settings: RunSettings) -> Produced:
    started = perf_counter()
    with open_saver("memory") as saver:
        outcome = SopRunner(saver, Context(model=model)).start(project.requirement, settings)
    seconds = perf_counter() - started
    values = outcome.values
    spent = total_usage(values.get("usage") or {})
    files = {path: f.content for path, f in (values.get("code") or {}).items()}
    tasks = values.get("tasks")
    failure = values.get("failure")
    reports = values.get("test_reports") or []
    return Produced(
        files=files,
        prompt_tokens=spent.prompt_tokens,
        completion_tokens=spent.completion_tokens,
        calls=spent.calls,
        seconds=seconds,
        status=outcome.status,
        required_packages=tuple(tasks.required_packages) if tasks else (),
        details={
            "fix_rounds": values.get("retries", 0),
            "test_runs": len(reports),
            "own_tests_last_run": (
                f"{reports[-1].passed} passed, {reports[-1].failed} failed, {reports[-1].errors} errors"
                if reports
                else None
            ),
            "own_tests_failing": (
                failure_line(reports[-1].failing_output or reports[-1].stderr)[:300]
                if reports and not reports[-1].ok
                else None
            ),
            "failure": failure.message[:300] if failure is not None else None,
            "selection": selection_summary(values.get("selection")),
            "fixes_undone": sum(report.reverted_fix for report in reports),
            "tests": {path: file.content for path, file in sorted((values.get("tests") or {}).items())},
            **candidate_record(values),
        },
    )


def selection_summary(selection: Any) -> dict[str, Any] | None:
    """What execution chose among the core module's candidates, and on what evidence: per
    candidate the trusted tests passed and whether it crashed (None: no candidates)."""
    if selection is None:
        return None
    return {
        "path": selection.path,
        "chosen": selection.chosen,
        "rule": selection.rule,
        "trusted_passed": {run.index: len(run.trusted_passed) for run in selection.runs},
        "trusted_total": max((len(r.trusted_passed + r.trusted_failed) for r in selection.runs), default=0),
        "crashed": [run.index for run in selection.runs if run.crashed],
    }


def run_one(project: Project, model: BaseChatModel, args: argparse.Namespace) -> dict[str, Any]:
    """Solve and grade one project; a crash is recorded as a failed project, not raised."""
    row: dict[str, Any] = {
        "task_id": project.name,
        "sample": 0,
        "mode": args.mode,
        "has_examples": project.has_examples,
    }
    try:
        if args.mode == "direct":
            produced = solve_direct(project, model)
        else:
            settings = sop_settings(args.mode, args.model, args.max_retries, args.candidates)
            produced = solve_sop(project, model, settings)
    except Exception as error:  # a benchmark records failures, it does not stop at them
        return row | {
            "passed": False,
            "hidden_passed": 0,
            "hidden_total": project.tests,
            "status": "error",
            "reason": f"{type(error).__name__}: {error}"[:300],
            "prompt_tokens": 0,
            "completion_tokens": 0,
            "calls": 0,
            "seconds": 0.0,
            "score_seconds": 0.0,
        }
    result = grade(project, produced.files, produced.required_packages)
    graded_candidates(project, produced)
    return row | {
        "passed": result.passed,
        "hidden_passed": result.hidden_passed,
        "hidden_total": result.hidden_total,
        "reason": result.reason,
        "status": produced.status,
        "prompt_tokens": produced.prompt_tokens,
        "completion_tokens": produced.completion_tokens,
        "calls": produced.calls,
        "seconds": round(produced.seconds, 3),
        "score_seconds": round(result.seconds, 3),
        **(produced.details or {}),
        "files": sorted(produced.files),
        "code": produced.files,
    }


def graded_candidates(project: Project, produced: Produced) -> None:
    """Grade every candidate of the core module by the hidden tests, in place.

    Why: the ceiling. A project is only within reach of selection if some candidate passes;
    with each candidate's hidden result beside its trusted and derived results, other rules
    can be replayed offline (``benchmarks.selection_replay``). A candidate is graded in the
    shipped project with the core module swapped for it, before any fix round (the shipped
    file may carry fixes the candidate never had)."""
    details = produced.details or {}
    selection = details.get("selection")
    if selection is None:
        return
    for candidate in details.get("candidates", []):
        content = candidate.pop("content", "")
        graded = grade(project, produced.files | {selection["path"]: content}, produced.required_packages)
        candidate |= {"hidden_passed": graded.passed, "hidden_tests_passed": graded.hidden_passed}
        candidate["code"] = content


# --- results ----------------------------------------------------------------------------------


def _group(rows: list[dict[str, Any]]) -> dict[str, Any]:
    if not rows:
        return {"projects": 0, "passed": 0, "pass_rate": None}
    passed = sum(bool(r["passed"]) for r in rows)
    return {"projects": len(rows), "passed": passed, "pass_rate": round(passed / len(rows), 4)}


def summarize(rows: list[dict[str, Any]], projects: list[Project]) -> dict[str, Any]:
    """Pass rate overall and for the projects with and without examples, and the cost."""
    wanted = {p.name for p in projects}
    rows = [r for r in rows if r["task_id"] in wanted]
    summary: dict[str, Any] = {
        "projects_selected": len(projects),
        "projects_done": len(rows),
        **{f"all_{k}": v for k, v in _group(rows).items() if k != "projects"},
        "with_examples": _group([r for r in rows if r["has_examples"]]),
        "without_examples": _group([r for r in rows if not r["has_examples"]]),
    }
    if rows:
        total = sum(r["hidden_total"] for r in rows)
        share = round(sum(r["hidden_passed"] for r in rows) / total, 4) if total else None
        summary |= {
            "hidden_tests_passed_share": share,
            "prompt_tokens_per_project": round(sum(r["prompt_tokens"] for r in rows) / len(rows)),
            "completion_tokens_per_project": round(sum(r["completion_tokens"] for r in rows) / len(rows)),
            "model_calls_per_project": round(sum(r["calls"] for r in rows) / len(rows), 2),
            "seconds_per_project": round(sum(r["seconds"] for r in rows) / len(rows), 2),
            "errors": sum(r["status"] == "error" for r in rows),
        }
    with_candidates = [r for r in rows if r.get("candidates")]
    if with_candidates:
        summary["candidates"] = {
            "projects_with_candidates": len(with_candidates),
            "some_candidate_passes": sum(
                any(c["hidden_passed"] for c in r["candidates"]) for r in with_candidates
            ),
            "chosen_candidate_passes": sum(
                any(c["hidden_passed"] and c["index"] == r["chosen"] for c in r["candidates"])
                for r in with_candidates
            ),
            "shipped_passes": sum(bool(r["passed"]) for r in with_candidates),
        }
    return summary


def results_stem(mode: str, model: str, seed: int, candidates: int | None = None) -> str:
    slug = model.replace(":", "-").replace("/", "_")
    stem = f"projects-{mode.replace('+', '-')}-{slug}-s{seed}"
    return stem + (f"-k{candidates}" if candidates is not None and mode != "direct" else "")


def load_model(spec: str, projects: list[Project], *, temperature: float, seed: int) -> BaseChatModel:
    """``oracle-projects`` (the harness self-check) or any spec the model registry knows."""
    if spec == ORACLE_SPEC:
        return project_oracle(projects)
    from nodes.models.registry import load_chat_model

    return load_chat_model(spec, temperature=temperature, seed=seed)


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.project_bench", description=__doc__.splitlines()[0]
    )
    p.add_argument("--mode", choices=MODES, default="direct")
    p.add_argument("--model", default="local", help=f"local, local:0.5b, ... or {ORACLE_SPEC}")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--temperature", type=float, default=0.0)
    p.add_argument("--ids", help="comma-separated project names (default: all)")
    p.add_argument("--jobs", type=int, default=1, help="projects in parallel (local: an engine replica each)")
    p.add_argument("--max-retries", type=int, default=3, help="fix rounds in sop+feedback")
    p.add_argument("--candidates", type=int, help="sop modes: RunSettings.candidates (default: its own)")
    p.add_argument("--out-dir", type=Path, default=report.RESULTS_DIR)
    p.add_argument("--summary-only", action="store_true", help="summarize the JSONL, run nothing")
    return p


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = parser()
    args = p.parse_args(argv)
    every = load_projects()
    try:
        projects = select(every, args.ids)
    except ValueError as error:
        p.error(str(error))
    log = ResultLog(args.out_dir / f"{results_stem(args.mode, args.model, args.seed, args.candidates)}.jsonl")
    cond = report.conditions(
        bench="projects", mode=args.mode, model=args.model, seed=args.seed, temperature=args.temperature,
        max_retries=args.max_retries if args.mode == "sop+feedback" else 0,
        candidates=args.candidates if args.candidates is not None else RunSettings().candidates,
        jobs=args.jobs, projects_with_examples=sum(p.has_examples for p in every),
        projects_in_benchmark=len(every), results=report.repo_relative(log.path),
    )  # fmt: skip
    done = {name for name, _ in log.done()}
    todo = [] if args.summary_only else [p for p in projects if p.name not in done]
    if todo and args.mode != "direct":
        refuse_before_rows(
            "project_bench", lambda: sop_settings(args.mode, args.model, args.max_retries, args.candidates)
        )
    model = load_model(args.model, every, temperature=args.temperature, seed=args.seed) if todo else None
    cond |= report.model_conditions(model) if model is not None else {}
    report.print_conditions(cond)
    jobs = max(1, args.jobs)
    workers = WorkerModels({0: model}, jobs) if model is not None else None

    def leased(project: Project) -> dict[str, Any]:
        assert workers is not None
        with workers.lease() as worker_model:
            return run_one(project, worker_model, args)

    with report.progress() as progress, cf.ThreadPoolExecutor(max_workers=jobs) as pool:
        bar = progress.add_task(f"projects {args.mode}", total=len(todo))
        for future in cf.as_completed([pool.submit(leased, project) for project in todo]):
            log.append(future.result() | {"commit": cond["git_commit"]})
            progress.advance(bar)
    rows = [r for r in log.rows() if r["task_id"] in {p.name for p in projects}]
    report.print_table(f"projects / {args.mode} / {args.model}", [
        {k: r.get(k) for k in ("task_id", "has_examples", "passed", "hidden_passed", "hidden_total", "status",
                               "prompt_tokens", "completion_tokens", "calls", "seconds", "reason")}
        for r in rows])  # fmt: skip
    summary = summarize(rows, projects)
    summary["partial"] = summary["projects_done"] < len(every)
    report.print_table(f"projects / {args.mode} / {args.model}: summary", [_flat(summary)])
    report.write_json(log.path.with_suffix(".summary.json"), {"conditions": cond, "summary": summary})
    return summary


def _flat(summary: dict[str, Any]) -> dict[str, Any]:
    flat: dict[str, Any] = {}
    for key, value in summary.items():
        if isinstance(value, dict):
            flat |= {f"{key}_{k}": v for k, v in value.items()}
        else:
            flat[key] = value
    return flat


if __name__ == "__main__":
    main()
