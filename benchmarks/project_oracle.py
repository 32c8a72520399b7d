"""The project benchmark's oracle: a scripted, zero-latency model that answers with the
reference solutions of ``benchmarks/projects/<name>/reference/``.

It checks the harness, not a model (as ``benchmarks.oracle`` does for HumanEval/MBPP): the
requirement reaches the model, the answer is parsed into files (``FILE:`` blocks in
``direct``, the graph's code in the SOP modes), and those files are graded in the sandbox
against the hidden tests. With the oracle every project must pass, in every mode; a
project that does not names a fault in the parsing, the copying or the grading.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable, Sequence
from pathlib import PurePosixPath

from langchain_core.messages import BaseMessage
from pydantic import BaseModel

from benchmarks.fakes import Response, ScriptedChatModel
from benchmarks.project_data import Project
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
from state.syntax_tree import parse_module

ORACLE_SPEC = "oracle-projects"

_ASKED_FILE = re.compile(r"(?:the file|draft of|Write) `([^`]+)`", re.I)
"""How the Engineer's prompts name the file asked for: write, review, rewrite."""


def _text(messages: Sequence[BaseMessage]) -> str:
    return "\n".join(str(m.content) for m in messages)


def project_in(projects: Sequence[Project], messages: Sequence[BaseMessage]) -> Project:
    """The project a prompt is about: its requirement's opening in the text, else the one
    whose module files are all named in it (prompts after the PRD may quote it in part)."""
    text = _text(messages)
    for project in projects:
        if project.requirement.strip()[:150] in text:
            return project
    named = [p for p in projects if all(m in text for m in p.modules)]
    if named:
        return max(named, key=lambda p: len(p.modules))
    raise LookupError("the project oracle was asked about no project it knows")


def asked_path(project: Project, messages: Sequence[BaseMessage]) -> str:
    """The file the last prompt asks to write or review (the project's first module if none)."""
    found = _ASKED_FILE.findall(str(messages[-1].content)) if messages else []
    for path in reversed(found):
        if path in project.reference:
            return path
    return project.modules[0]


def _public_names(code: str) -> list[str]:
    tree = parse_module(code)
    names = []
    for node in tree.body:
        if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
            names.append(f"+{node.name}()" if isinstance(node, ast.FunctionDef) else f"+{node.name}")
    return names


def _module(path: str) -> str:
    return PurePosixPath(path).stem


def class_diagram(project: Project) -> str:
    """One diagram class per module, listing its public functions and classes."""
    lines = ["classDiagram"]
    for path in project.modules:
        lines.append(f"    class {_module(path)} {{")
        lines += [f"        {name}" for name in _public_names(project.reference[path])]
        lines.append("    }")
    return "\n".join(lines)


def prd(project: Project) -> PRD:
    return PRD(
        original_requirement=project.requirement,
        project_name=project.name,
        product_goals=[f"Build {', '.join(project.modules)} as the requirement states"],
        user_stories=["As a user, I want the stated functions so that I can import and use them"],
        competitive_analysis=["none: a small library module"],
        competitive_quadrant_chart="quadrantChart\n    title Options\n    ours: [0.5, 0.5]",
        requirement_analysis="The names and behaviour the requirement states.",
        ui_design_draft="No UI beyond what the requirement states.",
        requirement_pool=[RequirementItem(requirement=f"write {m}", priority="P0") for m in project.modules],
    )


def design(project: Project) -> SystemDesign:
    return SystemDesign(
        implementation_approach="Standard library only.",
        file_list=list(project.modules),
        data_structures_and_interfaces=class_diagram(project),
        program_call_flow="sequenceDiagram\n    user->>module: call",
    )


def task_plan(project: Project) -> TaskPlan:
    return TaskPlan(
        logic_analysis=[
            LogicItem(file=m, description=", ".join(_public_names(project.reference[m])))
            for m in project.modules
        ],
        task_list=list(project.modules),
    )


def smoke_suite(project: Project) -> TestSuite:
    """QA's suite: each module imports (the hidden tests stay hidden from the oracle too)."""
    modules = [_module(m) for m in project.modules]
    content = "".join(f"import {m}\n" for m in modules) + "\n\ndef test_modules_import():\n"
    content += "".join(f"    assert {m}\n" for m in modules)
    return TestSuite(files=[CodeFile(path=f"tests/test_{project.name}.py", content=content)])


def direct_reply(project: Project) -> str:
    """Every reference file as ``FILE: path`` and a fenced block: the form ``direct`` asks for."""
    return "\n\n".join(f"FILE: {path}\n```python\n{code}```" for path, code in project.reference.items())


Answer = Callable[[str, Sequence[BaseMessage]], Response]


def oracle_answers(projects: Sequence[Project]) -> dict[str, Answer]:
    """What the oracle answers per requested schema (``text``: a plain, unstructured call)."""

    def about(build: Callable[[Project, Sequence[BaseMessage]], BaseModel | str]) -> Answer:
        def answer(name: str, messages: Sequence[BaseMessage]) -> Response:
            return build(project_in(projects, messages), messages)

        return answer

    return {
        "text": about(lambda p, _: direct_reply(p)),
        "PRD": about(lambda p, _: prd(p)),
        "SystemDesign": about(lambda p, _: design(p)),
        "TaskPlan": about(lambda p, _: task_plan(p)),
        "CodeDraft": about(lambda p, m: CodeDraft(content=p.reference[asked_path(p, m)])),
        "CodeReview": about(lambda p, m: CodeReview(path=asked_path(p, m), verdict="LGTM")),
        "TestSuite": about(lambda p, _: smoke_suite(p)),
        "FixPlan": about(
            lambda p, _: FixPlan(
                diagnosis="reference",
                files=[CodeFile(path=path, content=code) for path, code in p.reference.items()],
            )
        ),
    }


def project_oracle(projects: Sequence[Project]) -> ScriptedChatModel:
    """A model that answers every project with its reference solution."""
    return ScriptedChatModel(script=oracle_answers(projects))
