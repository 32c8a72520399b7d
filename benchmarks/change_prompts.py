"""Where a change run's prompt tokens go, per role and per call, against a rebuild: no model.

    python -m benchmarks.change_prompts [--ids units,todo] [--calls] [--json FILE]

Issue 26 wants a change (``SopRunner.change``) to cost at most half the tokens of building
the changed project from scratch; on the 1.5B the ``units`` change cost 1.28x its rebuild.
This tool runs, per scenario of ``benchmarks/changes/``, the three runs of
``benchmarks.change_bench`` (the step-1 build, the change, the rebuild) on a scripted
oracle (``ChangeOracle``: every answer from the scenario's reference solutions) and
measures every prompt the roles send: its characters, its tokens by langchain-core's
tokenizer-free estimate (``count_tokens_approximately``, the system prompt included), and
how those split over the prompt's sections (the documents ``render_inputs`` wrote, the
instruction, any code quoted in it). The table says, per role, change against rebuild;
``--calls`` adds every call with its largest sections.

What it cannot say: the oracle always gives the reference, so the run's own checks decide
which rewrites, fixes and QA revisions it makes, not a model's mistakes (``units``' main.py
raises when started without arguments: one fix call, in the change and in the rebuild;
the real ``units`` change had more fix rounds), and its answers' lengths are not the
1.5B's. The tokens are the prompts' alone (the system prompt included), not the answers'.
Its documents are padded to the sizes the 1.5B wrote
in a real run (``docs/benchmarks/traces/readme-run-9b84ac5.jsonl``: PRD ~3.0k characters,
design ~1.6k, task plan ~1.5k) so that each input's share of a prompt is near the real
one; its code is the references' (shorter than the model's). Which inputs dominate a
role's prompt, and what a change sends that a rebuild does not, is what it is for.
"""

from __future__ import annotations

import argparse
import ast
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage
from langchain_core.messages.utils import count_tokens_approximately
from pydantic import BaseModel

from benchmarks import report
from benchmarks.change_bench import Scenario, parsed
from benchmarks.fakes import Response, ScriptedChatModel
from checkpoints.savers import open_saver
from graph.api import SopRunner
from nodes.context import Context
from nodes.prompt_layout import COMPANY_SYSTEM, DOCUMENTS_END
from state.artifacts import (
    PRD,
    CodeDraft,
    CodeFile,
    CodeReview,
    FixPlan,
    LogicItem,
    RequirementItem,
    SystemDesign,
    TaskPlan,
    TestSuite,
)
from state.settings import RunSettings
from state.syntax_tree import parse_module

ORACLE_SPEC = "oracle-changes"
ROLE_OF_SCHEMA = {
    "PRD": "product_manager",
    "SystemDesign": "architect",
    "TaskPlan": "project_manager",
    "CodeReview": "engineer:review",
    "TestSuite": "qa_engineer",
    "FixPlan": "debug_fix",
}
ASKED_FILE = re.compile(r"(?:file|draft of|version of) `([^`<>]+\.py)`", re.I)
"""How the Engineer's instructions name the file asked for (write, change, review, rewrite)."""
QUOTED_CODE = re.compile(r"```python\n.*?\n```", re.S)


# --- the oracle ------------------------------------------------------------------------------


def _module(path: str) -> str:
    return PurePosixPath(path).stem


def public_names(code: str) -> list[str]:
    """The top-level functions and classes a reference file offers (not ``_private`` ones)."""
    return [
        node.name
        for node in parse_module(code).body
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_")
    ]


def _signature(node: ast.FunctionDef) -> str:
    returns = f" {ast.unparse(node.returns)}" if node.returns else ""
    return f"+{node.name}({ast.unparse(node.args)}){returns}"


def class_diagram(reference: dict[str, str]) -> str:
    """A mermaid class diagram of the references: a ``<<module>>`` class per file for its
    functions, and each class with its methods."""
    lines = ["classDiagram"]
    for path, code in reference.items():
        body = parse_module(code).body
        functions = [n for n in body if isinstance(n, ast.FunctionDef) and not n.name.startswith("_")]
        if functions:
            lines.append(f"    class {_module(path)} {{\n        <<module>>")
            lines += [f"        {_signature(node)}" for node in functions]
            lines.append("    }")
        for node in body:
            if isinstance(node, ast.ClassDef):
                lines.append(f"    class {node.name} {{")
                lines += [f"        {_signature(n)}" for n in node.body if isinstance(n, ast.FunctionDef)]
                lines.append("    }")
    return "\n".join(lines)


@dataclass(frozen=True)
class ChangeOracle:
    """The answers of one phase: ``requirement`` is what the phase was asked (step 1, the
    change, the whole changed project), ``reference`` the solution it answers with, and
    ``planned`` the files its task plan names (a change plans only the files it needs)."""

    name: str
    requirement: str
    reference: dict[str, str]
    planned: tuple[str, ...]

    def prd(self) -> PRD:
        """A PRD of the 1.5B's size (~3k characters rendered), from the requirement."""
        goal = self.requirement.split(". ")[0][:140]
        return PRD(
            original_requirement=self.requirement,
            project_name=self.name,
            product_goals=[
                f"Deliver what the requirement asks: {goal}",
                "Keep every name and signature exactly as the requirement states them",
                "Stay small, readable and fully tested with the standard library only",
            ],
            user_stories=[
                f"As a user, I want {goal.lower()} so that I can rely on the stated behaviour",
                "As a developer, I want plain module-level functions so that I can import them directly",
                "As a user, I want clear errors on invalid input so that I know what went wrong",
                "As a maintainer, I want each file to hold one concern so that changes stay local",
            ],
            competitive_analysis=[
                f"Tool {letter}: a comparable utility, larger and harder to embed in a small project"
                for letter in "ABCDE"
            ],
            competitive_quadrant_chart="quadrantChart\n    title Reach and engagement\n"
            "    x-axis Low Reach --> High Reach\n    y-axis Low Engagement --> High Engagement\n"
            "    quadrant-1 Expand\n    quadrant-2 Promote\n    quadrant-3 Re-evaluate\n"
            "    quadrant-4 Improve\n    Tool A: [0.3, 0.6]\n    Tool B: [0.45, 0.23]\n"
            "    Tool C: [0.57, 0.69]\n    Tool D: [0.78, 0.34]\n    Ours: [0.5, 0.6]",
            requirement_analysis=f"The requirement asks for {', '.join(self.reference)}: "
            + "; ".join(
                f"{path} offers {', '.join(public_names(code))}" for path, code in self.reference.items()
            )
            + ". Every name is fixed by the requirement, and its examples are the acceptance tests.",
            requirement_pool=[
                RequirementItem(requirement=f"{path}: {name} as the requirement states it", priority="P0")
                for path, code in self.reference.items()
                for name in public_names(code)
            ][:6],
            ui_design_draft="A command line: the entry point reads its arguments, calls the functions "
            "and prints the result; errors are reported with a one-line message and a non-zero exit.",
        )

    def design(self) -> SystemDesign:
        """A design of the 1.5B's size (~1.6k characters rendered), from the references."""
        modules = [_module(p) for p in self.reference]
        flow = ["sequenceDiagram", "    participant User"]
        flow += [
            f"    User->>{a}: call\n    {a}->>{b}: call\n    {b}-->>{a}: result"
            for a, b in itertools.pairwise(modules)
        ]
        return SystemDesign(
            implementation_approach="Interfaces changed: none. Standard library only: each file holds "
            "plain module-level functions with the requirement's names and signatures; the entry point "
            "parses its arguments, dispatches to them and prints the result. Invalid input raises "
            "ValueError with a clear message, which the entry point reports.",
            file_list=list(self.reference),
            data_structures_and_interfaces=class_diagram(self.reference),
            program_call_flow="\n".join(flow),
        )

    def tasks(self) -> TaskPlan:
        """A task plan of the 1.5B's size (~1.5k characters rendered) for the planned files."""
        return TaskPlan(
            logic_analysis=[
                LogicItem(
                    file=path,
                    description=f"Holds {', '.join(public_names(self.reference[path]))}, each a plain "
                    "module-level function with the design's signature; imports what it uses from the "
                    "other project files by their module names and nothing at import time.",
                )
                for path in self.planned
            ],
            task_list=list(self.planned),
            shared_knowledge="Every function keeps the requirement's exact name and signature; invalid "
            "input raises ValueError; no input() and nothing run at import time except under "
            '`if __name__ == "__main__":`.',
        )

    def suite(self) -> TestSuite:
        """QA's suite: one test per public name, that it exists (the hidden tests stay hidden)."""
        lines = [f"import {_module(p)}" for p in self.reference]
        for path, code in self.reference.items():
            for name in public_names(code):
                lines.append(f"\n\ndef test_{_module(path)}_offers_{name.lower()}():")
                lines.append(f"    assert callable({_module(path)}.{name})")
        path = f"tests/test_{self.name}.py"
        return TestSuite(files=[CodeFile(path=path, content="\n".join(lines) + "\n")])

    def asked(self, messages: Sequence[BaseMessage]) -> str:
        """The file the last prompt's instruction asks for (the documents name every file)."""
        found = asked_files(str(messages[-1].content)) if messages else []
        return next((p for p in found if p in self.reference), next(iter(self.reference)))

    def model(self) -> ScriptedChatModel:
        """A scripted model answering every request of this phase."""

        def answer(build: Callable[[Sequence[BaseMessage]], BaseModel]) -> Callable[..., Response]:
            return lambda _name, messages: build(messages)

        script = {
            "PRD": answer(lambda _: self.prd()),
            "SystemDesign": answer(lambda _: self.design()),
            "TaskPlan": answer(lambda _: self.tasks()),
            "CodeDraft": answer(lambda m: CodeDraft(content=self.reference[self.asked(m)])),
            "CodeReview": answer(lambda m: CodeReview(path=self.asked(m), verdict="LGTM")),
            "TestSuite": answer(lambda _: self.suite()),
            "FixPlan": answer(
                lambda _: FixPlan(
                    diagnosis="reference",
                    files=[CodeFile(path=p, content=c) for p, c in self.reference.items()],
                )
            ),
        }
        return ScriptedChatModel(script=script)


def oracles(scenario: Scenario) -> dict[str, ChangeOracle]:
    """The oracle of each phase of a scenario."""
    return {
        "build": ChangeOracle(scenario.name, scenario.step1, scenario.reference1, scenario.step1_modules),
        "change": ChangeOracle(scenario.name, scenario.change, scenario.reference2, scenario.needed),
        "rebuild": ChangeOracle(scenario.name, scenario.rebuild, scenario.reference2, scenario.step2_modules),
    }


# --- measuring the prompts -------------------------------------------------------------------


@dataclass
class Call:
    """One model call: its role, the file it is about, its size, and its sections' sizes."""

    index: int
    role: str
    path: str
    chars: int
    tokens: int
    sections: dict[str, int] = field(default_factory=dict)


def asked_files(prompt: str) -> list[str]:
    """The files a prompt's instruction (after the documents) names, in order."""
    return ASKED_FILE.findall(prompt.rpartition(DOCUMENTS_END)[2])


def role_of(schema: str, prompt: str) -> str:
    """The role (and for the Engineer, the kind of call) behind a recorded call."""
    if schema == "CodeDraft":
        if DOCUMENTS_END not in prompt:
            return "candidate"
        return "engineer:rewrite" if "reviewed as LBTM" in prompt else "engineer:write"
    return ROLE_OF_SCHEMA.get(schema, schema)


def sections(prompt: str) -> dict[str, int]:
    """Characters per part of a prompt: each document section by its title, then the
    instruction (the role's card included) and any code quoted in it (the file being
    rewritten, or the file under review)."""
    documents, _, instruction = prompt.rpartition(DOCUMENTS_END)
    sizes: dict[str, int] = {}
    for block in re.split(r"(?m)^(?=## )", documents):
        if block.strip():
            title = block.splitlines()[0].removeprefix("## ").strip()
            sizes[title] = sizes.get(title, 0) + len(block)
    quoted = sum(len(m) for m in QUOTED_CODE.findall(instruction))
    if quoted:
        sizes["instruction: quoted code"] = quoted
    sizes["instruction"] = len(instruction) + len(DOCUMENTS_END) - quoted
    return sizes


def measured_calls(model: ScriptedChatModel, start: int = 0) -> list[Call]:
    """The calls ``model`` recorded from ``start`` on, measured."""
    calls = []
    for index, (schema, prompt) in enumerate(zip(model.calls[start:], model.prompts[start:], strict=True)):
        found = asked_files(prompt)
        messages = [SystemMessage(COMPANY_SYSTEM), HumanMessage(prompt)]
        calls.append(
            Call(
                index=index + 1,
                role=role_of(schema, prompt),
                path=found[0] if found else "",
                chars=len(prompt),
                tokens=count_tokens_approximately(messages),
                sections=sections(prompt),
            )
        )
    return calls


def run_phases(scenario: Scenario, settings: RunSettings) -> dict[str, Any]:
    """Build, change and rebuild on the oracle (as ``change_bench.run_scenario`` runs them):
    each phase's status and measured calls."""
    phase = oracles(scenario)
    models = {name: oracle.model() for name, oracle in phase.items()}
    result: dict[str, Any] = {}
    with open_saver("memory") as saver:
        step1 = SopRunner(saver, Context(model=models["build"])).start(scenario.step1, settings)
        step2 = SopRunner(saver, Context(model=models["change"])).change(step1.thread_id, scenario.change)
        result["build"], result["change"] = step1.status, step2.status
    with open_saver("memory") as saver:
        rebuild = SopRunner(saver, Context(model=models["rebuild"])).start(scenario.rebuild, settings)
        result["rebuild"] = rebuild.status
    return {
        "status": result,
        "calls": {name: [asdict(c) for c in measured_calls(model)] for name, model in models.items()},
    }


def per_role(calls: Sequence[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Calls, characters, tokens and characters per section, summed per role."""
    roles: dict[str, dict[str, Any]] = {}
    for call in calls:
        row = roles.setdefault(
            call["role"], {"calls": 0, "chars": 0, "tokens": 0, "sections": defaultdict(int)}
        )
        row["calls"] += 1
        row["chars"] += call["chars"]
        row["tokens"] += call["tokens"]
        for title, size in call["sections"].items():
            row["sections"][title] += size
    return roles


def role_table(measured: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per role: change against rebuild (calls, prompt tokens), and the change's
    three largest sections."""
    change, rebuild = per_role(measured["calls"]["change"]), per_role(measured["calls"]["rebuild"])
    rows: list[dict[str, Any]] = []
    for role in dict.fromkeys([*rebuild, *change]):
        c, r = change.get(role), rebuild.get(role)
        top = sorted((c or {"sections": {}})["sections"].items(), key=lambda kv: -kv[1])[:3]
        rows.append(
            {
                "role": role,
                "change calls": c["calls"] if c else 0,
                "change tokens": c["tokens"] if c else 0,
                "rebuild calls": r["calls"] if r else 0,
                "rebuild tokens": r["tokens"] if r else 0,
                "change's largest sections (chars)": ", ".join(f"{t} {n}" for t, n in top),
            }
        )
    total: dict[str, int] = {
        k: sum(int(row[k]) for row in rows)
        for k in ("change calls", "change tokens", "rebuild calls", "rebuild tokens")
    }
    share = total["change tokens"] / max(1, total["rebuild tokens"])
    rows.append(
        {
            "role": "total",
            **total,
            "change's largest sections (chars)": f"share {share:.2f}",
        }
    )
    return rows


def section_table(measured: dict[str, Any]) -> list[dict[str, Any]]:
    """Characters per prompt section over all calls: change against rebuild."""
    totals: dict[str, dict[str, int]] = {}
    for phase in ("change", "rebuild"):
        for call in measured["calls"][phase]:
            for title, size in call["sections"].items():
                totals.setdefault(title, {"change": 0, "rebuild": 0})[phase] += size
    ordered = sorted(totals.items(), key=lambda kv: -kv[1]["change"])
    return [
        {"section": title, "change chars": n["change"], "rebuild chars": n["rebuild"]} for title, n in ordered
    ]


def call_table(calls: Sequence[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every call of a phase, with its three largest sections."""
    return [
        {
            "#": call["index"],
            "role": call["role"],
            "file": call["path"],
            "tokens": call["tokens"],
            "largest sections (chars)": ", ".join(
                f"{t} {n}" for t, n in sorted(call["sections"].items(), key=lambda kv: -kv[1])[:4]
            ),
        }
        for call in calls
    ]


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.change_prompts", description=__doc__.splitlines()[0]
    )
    p.add_argument("--ids", default="units", help="comma-separated scenario names (default: units)")
    p.add_argument("--calls", action="store_true", help="also list every call of the change and the rebuild")
    p.add_argument("--json", type=Path, help="write every measured call to this file")
    return p


def main(argv: list[str] | None = None) -> int:
    args, scenarios = parsed(parser(), argv)
    settings = RunSettings(model=ORACLE_SPEC, seed=0, max_retries=3)
    everything: dict[str, Any] = {}
    for scenario in scenarios:
        measured = run_phases(scenario, settings)
        everything[scenario.name] = measured
        status = ", ".join(f"{k} {v}" for k, v in measured["status"].items())
        report.print_table(
            f"{scenario.name}: prompt tokens per role, change vs rebuild ({status})", role_table(measured)
        )
        report.print_table(f"{scenario.name}: prompt characters per section", section_table(measured))
        if args.calls:
            for phase in ("change", "rebuild"):
                report.print_table(
                    f"{scenario.name}: {phase}, per call", call_table(measured["calls"][phase])
                )
    if len(everything) > 1:
        report.print_table("prompt tokens, change vs rebuild, per scenario", summary_rows(everything))
    if args.json is not None:
        args.json.write_text(json.dumps(everything, indent=1) + "\n")
    return 0


def summary_rows(everything: dict[str, Any]) -> list[dict[str, Any]]:
    """One row per scenario: calls and prompt tokens of the change and the rebuild."""
    rows = []
    for name, measured in everything.items():
        change, rebuild = measured["calls"]["change"], measured["calls"]["rebuild"]
        tokens = {
            phase: sum(c["tokens"] for c in calls)
            for phase, calls in (("change", change), ("rebuild", rebuild))
        }
        rows.append(
            {
                "scenario": name,
                "change calls": len(change),
                "change tokens": tokens["change"],
                "rebuild calls": len(rebuild),
                "rebuild tokens": tokens["rebuild"],
                "share": round(tokens["change"] / max(1, tokens["rebuild"]), 2),
            }
        )
    return rows


if __name__ == "__main__":
    raise SystemExit(main())
