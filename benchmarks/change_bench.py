"""Changes: two-step scenarios (build a project, then change it), graded by hidden tests.

    python -m benchmarks.change_bench --model local [--ids todo,units] [--max-retries 3]
    python -m benchmarks.change_bench --check-references      # harness self-check, no model

Each scenario of ``benchmarks/changes/`` (``index.json``) is a project requirement
(``step1.md``) and a change of a kind users ask for (``change.md``: a new command, a new
field, a changed rule, a bug report with a failing example), with hidden tests for each
step (``step1_test.py``, ``change_test.py``, written by hand, never shown to a model), the
files the change needs, the step-1 tests the change makes obsolete, and reference
solutions of both steps (for the self-check only).

Per scenario, on one model: step 1 builds the project with the whole company
(``SopRunner.start``, all roles), step 2 changes that run (``SopRunner.change``), and a
rebuild builds the changed project from scratch (``rebuild.md``, or both texts as one
requirement) for the cost comparison. A row says: the step-1 hidden tests that still pass
after the change (the obsolete ones left out), the change's hidden tests that pass, the
files the change touched against those it needed, and the tokens and seconds of the
change against the rebuild; a run that ends ``succeeded`` with a step-1 hidden test
failing is a regression left. One JSONL line per scenario goes to
``docs/benchmarks/changes-<model>-s<seed>.jsonl`` as it finishes (run the same command
again to continue a killed run).

Targets (issue 26): no untouched file modified, the change's tokens at most half the
rebuild's, no regression left in a run that ends ``succeeded``.
"""

from __future__ import annotations

import argparse
import ast
import json
from dataclasses import dataclass, field
from pathlib import Path
from time import perf_counter
from typing import Any

from langchain_core.language_models import BaseChatModel

from benchmarks import report
from benchmarks.project_bench import grade
from benchmarks.project_data import Project
from benchmarks.results import ResultLog
from checkpoints.savers import open_saver
from graph.api import RunOutcome, SopRunner
from nodes.context import Context
from nodes.obsolete_tests import without_tests
from state.artifacts import CodeFile
from state.settings import RunSettings
from state.syntax_tree import parse_module
from state.usage import total_usage

CHANGES_DIR = Path(__file__).resolve().parent / "changes"
HIDDEN = "test_acceptance.py"


@dataclass(frozen=True)
class Scenario:
    """One two-step scenario, its hidden tests and its reference solutions."""

    name: str
    kind: str
    step1: str
    change: str
    step1_test: str
    change_test: str
    step1_modules: tuple[str, ...]
    step2_modules: tuple[str, ...]
    needed: tuple[str, ...]
    obsolete: tuple[str, ...]
    rebuild: str = ""
    """The changed project's whole requirement, for the rebuild: ``rebuild.md`` where the
    change contradicts step 1's text (a changed rule), else step 1 and the change together."""
    reference1: dict[str, str] = field(default_factory=dict)
    reference2: dict[str, str] = field(default_factory=dict)

    @property
    def kept_step1_test(self) -> str:
        """The step-1 hidden tests the change leaves standing (its obsolete ones cut out)."""
        if not self.obsolete:
            return self.step1_test
        old = {f"tests/{HIDDEN}": CodeFile(path=f"tests/{HIDDEN}", content=self.step1_test)}
        return without_tests(old, {f"tests/{HIDDEN}::{name}": "" for name in self.obsolete})[
            f"tests/{HIDDEN}"
        ].content

    def project(self, step: str, test: str) -> Project:
        """A ``project_bench.Project`` to grade ``test`` against, for ``project_bench.grade``."""
        modules = self.step1_modules if step == "step1" else self.step2_modules
        return Project(
            name=f"{self.name}:{step}",
            requirement="",
            hidden_test=test,
            has_examples=True,
            modules=modules,
            tests=count_items(test),
        )


def count_items(test_source: str) -> int:
    """Pytest items in a hidden test file: one per test function, or one per
    ``parametrize`` value where a literal list of them is given."""
    items = 0
    for node in parse_module(test_source).body:
        if not isinstance(node, ast.FunctionDef) or not node.name.startswith("test"):
            continue
        count = 1
        for decorator in node.decorator_list:
            if not isinstance(decorator, ast.Call) or getattr(decorator.func, "attr", "") != "parametrize":
                continue
            if len(decorator.args) > 1 and isinstance(decorator.args[1], ast.List | ast.Tuple):
                count *= len(decorator.args[1].elts)
        items += count
    return items


def load_scenarios(root: Path = CHANGES_DIR) -> list[Scenario]:
    """Every scenario of ``index.json``, in its order, with its files read."""
    scenarios = []
    for entry in json.loads((root / "index.json").read_text()):
        folder = root / entry["name"]

        def reference(step: str, modules: list[str], folder: Path = folder) -> dict[str, str]:
            return {path: (folder / "reference" / step / path).read_text() for path in modules}

        scenarios.append(
            Scenario(
                name=entry["name"],
                kind=entry["kind"],
                step1=(folder / "step1.md").read_text().strip(),
                change=(folder / "change.md").read_text().strip(),
                step1_test=(folder / "step1_test.py").read_text(),
                change_test=(folder / "change_test.py").read_text(),
                step1_modules=tuple(entry["step1_modules"]),
                step2_modules=tuple(entry["step2_modules"]),
                needed=tuple(entry["needed"]),
                obsolete=tuple(entry["obsolete_step1_tests"]),
                rebuild=_rebuild_requirement(folder),
                reference1=reference("step1", entry["step1_modules"]),
                reference2=reference("step2", entry["step2_modules"]),
            )
        )
    return scenarios


def _rebuild_requirement(folder: Path) -> str:
    own = folder / "rebuild.md"
    if own.is_file():
        return own.read_text().strip()
    return f"{(folder / 'step1.md').read_text().strip()}\n\n{(folder / 'change.md').read_text().strip()}"


def select(scenarios: list[Scenario], ids: str | None) -> list[Scenario]:
    """``--ids todo,units``: those scenarios; ``ValueError`` names unknown ones."""
    if not ids:
        return scenarios
    wanted = [i.strip() for i in ids.split(",") if i.strip()]
    unknown = sorted(set(wanted) - {s.name for s in scenarios})
    if unknown:
        raise ValueError(
            f"unknown scenario(s) {', '.join(unknown)}: choose from {', '.join(s.name for s in scenarios)}"
        )
    return [s for s in scenarios if s.name in wanted]


def check_references(scenario: Scenario) -> dict[str, bool]:
    """The harness self-check: the references pass what they must and fail what they must."""
    kept = scenario.kept_step1_test
    checks = {
        "step1 reference passes step-1 tests": grade(
            scenario.project("step1", scenario.step1_test), scenario.reference1
        ).passed,
        "step2 reference passes the change's tests": grade(
            scenario.project("step2", scenario.change_test), scenario.reference2
        ).passed,
        "step2 reference passes the kept step-1 tests": grade(
            scenario.project("step2", kept), scenario.reference2
        ).passed,
        "step1 reference fails the change's tests": not grade(
            scenario.project("step2", scenario.change_test), scenario.reference1
        ).passed,
    }
    if scenario.obsolete:
        checks["step2 reference fails the obsolete step-1 tests"] = not grade(
            scenario.project("step2", scenario.step1_test), scenario.reference2
        ).passed
    return checks


# --- one scenario on a model --------------------------------------------------------------------


def _code(outcome: RunOutcome) -> dict[str, str]:
    return {path: f.content for path, f in (outcome.values.get("code") or {}).items()}


def _spend(outcome: RunOutcome, seconds: float, read: int | None = None) -> dict[str, Any]:
    """Totals, and tokens per role: where a change costs more than a rebuild shows there;
    on the embedded model also the prompt tokens its engine really read (prefix reuse)."""
    per_role = outcome.values.get("usage") or {}
    spent = total_usage(per_role)
    return {
        "status": outcome.status,
        "tokens": spent.prompt_tokens + spent.completion_tokens,
        "calls": spent.calls,
        "seconds": round(seconds, 2),
        "tokens_by_role": {role: usage.total_tokens for role, usage in sorted(per_role.items())},
    } | ({"prompt_tokens_read": read} if read is not None else {})


def prompt_tokens_read(model: BaseChatModel) -> int | None:
    """The embedded engine's prompt tokens read so far; None for any other model."""
    if getattr(model, "_llm_type", None) != "sopgraph-llama-cpp":
        return None
    return int(model.engine.totals.prompt_tokens_evaluated)  # type: ignore[attr-defined]


def touched_files(before: dict[str, str], after: dict[str, str]) -> list[str]:
    """Code files the change added or rewrote (tests are not counted)."""
    return sorted(path for path, text in after.items() if before.get(path) != text)


def change_row(
    scenario: Scenario,
    step1: RunOutcome,
    step2: RunOutcome,
    rebuild: RunOutcome,
    seconds: dict[str, float],
    read: dict[str, int] | None = None,
) -> dict[str, Any]:
    """The scenario's row from its three runs (graded here, in the sandbox)."""
    before, after = _code(step1), _code(step2)
    kept = grade(scenario.project("step2", scenario.kept_step1_test), after)
    new = grade(scenario.project("step2", scenario.change_test), after)
    built = grade(scenario.project("step1", scenario.step1_test), before)
    rebuilt = grade(scenario.project("step2", scenario.change_test), _code(rebuild))
    touched = touched_files(before, after)
    read = read or {}
    change_spend = _spend(step2, seconds["change"], read.get("change"))
    rebuild_spend = _spend(rebuild, seconds["rebuild"], read.get("rebuild"))
    return {
        "task_id": scenario.name,
        "sample": 0,
        "kind": scenario.kind,
        "step1_status": step1.status,
        "step1_hidden_passed": f"{built.hidden_passed}/{built.hidden_total}",
        "old_tests_still_passing": f"{kept.hidden_passed}/{kept.hidden_total}",
        "new_tests_passing": f"{new.hidden_passed}/{new.hidden_total}",
        "change_passed": kept.passed and new.passed,
        "files_touched": touched,
        "files_needed": list(scenario.needed),
        "untouched_modified": sorted(set(touched) - set(scenario.needed) - (set(after) - set(before))),
        "added_unasked": sorted(set(after) - set(before) - set(scenario.needed)),
        "regression_left": step2.status == "succeeded" and not kept.passed,
        "change": change_spend,
        "rebuild": rebuild_spend | {"new_tests_passing": f"{rebuilt.hidden_passed}/{rebuilt.hidden_total}"},
        "token_share_of_rebuild": round(change_spend["tokens"] / max(1, rebuild_spend["tokens"]), 3),
    }


def run_scenario(
    scenario: Scenario, model: BaseChatModel, settings: RunSettings, store: str = "memory"
) -> dict[str, Any]:
    """Build, change, rebuild, then grade. ``store``: where the three runs' checkpoints go
    (``--store sqlite:///x.db`` keeps them, for ``sopgraph show`` and ``runs``); the row
    names their threads."""
    seconds: dict[str, float] = {}
    read: dict[str, int] = {}
    with open_saver(store) as saver:
        runner = SopRunner(saver, Context(model=model))
        step1 = runner.start(scenario.step1, settings)
        started, read_before = perf_counter(), prompt_tokens_read(model)
        step2 = runner.change(step1.thread_id, scenario.change)
        seconds["change"] = perf_counter() - started
        if read_before is not None:
            read["change"] = (prompt_tokens_read(model) or 0) - read_before
    with open_saver(store) as saver:
        started, read_before = perf_counter(), prompt_tokens_read(model)
        rebuild = SopRunner(saver, Context(model=model)).start(scenario.rebuild, settings)
        seconds["rebuild"] = perf_counter() - started
        if read_before is not None:
            read["rebuild"] = (prompt_tokens_read(model) or 0) - read_before
    threads = {"step1": step1.thread_id, "change": step2.thread_id, "rebuild": rebuild.thread_id}
    return change_row(scenario, step1, step2, rebuild, seconds, read) | {"threads": threads}


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m benchmarks.change_bench", description=__doc__.splitlines()[0])
    p.add_argument("--model", default="local", help="local, local:0.5b, or any model spec")
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--ids", help="comma-separated scenario names (default: all)")
    p.add_argument("--max-retries", type=int, default=3)
    p.add_argument("--out-dir", type=Path, default=report.RESULTS_DIR)
    p.add_argument(
        "--store", default="memory", help="checkpoint store URL for the runs (sqlite:///x.db keeps them)"
    )
    p.add_argument("--check-references", action="store_true", help="grade the references only, no model")
    return p


def parsed(p: argparse.ArgumentParser, argv: list[str] | None) -> tuple[argparse.Namespace, list[Scenario]]:
    """``argv`` parsed, and the scenarios its ``--ids`` names (an unknown name: usage error)."""
    args = p.parse_args(argv)
    try:
        return args, select(load_scenarios(), args.ids)
    except ValueError as error:
        p.error(str(error))


def main(argv: list[str] | None = None) -> int:
    p = parser()
    args, scenarios = parsed(p, argv)
    if args.check_references:
        failed = {s.name: [c for c, ok in check_references(s).items() if not ok] for s in scenarios}
        for name, checks in failed.items():
            print(f"{name}: {'ok' if not checks else 'FAILED ' + '; '.join(checks)}")
        return 1 if any(failed.values()) else 0
    from nodes.models.registry import load_chat_model

    slug = args.model.replace(":", "-").replace("/", "_")
    log = ResultLog(args.out_dir / f"changes-{slug}-s{args.seed}.jsonl")
    done = {name for name, _ in log.done()}
    settings = RunSettings(model=args.model, seed=args.seed, max_retries=args.max_retries)
    model = load_chat_model(args.model, temperature=0.0, seed=args.seed)
    for scenario in scenarios:
        if scenario.name not in done:
            row = run_scenario(scenario, model, settings, args.store)
            log.append(row | {"commit": report.conditions()["git_commit"]})
    wanted = {s.name for s in scenarios}
    report.print_table(
        f"changes / {args.model}", [table_row(r) for r in log.rows() if r["task_id"] in wanted]
    )
    return 0


def table_row(row: dict[str, Any]) -> dict[str, Any]:
    """The columns the issue asks for, per scenario."""
    return {
        "scenario": row["task_id"],
        "kind": row["kind"],
        "old tests": row["old_tests_still_passing"],
        "new tests": row["new_tests_passing"],
        "touched / needed": f"{','.join(row['files_touched'])} / {','.join(row['files_needed'])}",
        "untouched modified": ",".join(row["untouched_modified"]) or "none",
        "added, not needed": ",".join(row.get("added_unasked", [])) or "none",
        "change tokens": row["change"]["tokens"],
        "rebuild tokens": row["rebuild"]["tokens"],
        "read (change / rebuild)": f"{row['change'].get('prompt_tokens_read', '-')} / "
        f"{row['rebuild'].get('prompt_tokens_read', '-')}",
        "share": row["token_share_of_rebuild"],
        "change s": row["change"]["seconds"],
        "rebuild s": row["rebuild"]["seconds"],
        "status": row["change"]["status"],
        "regression left": row["regression_left"],
    }


if __name__ == "__main__":
    raise SystemExit(main())
