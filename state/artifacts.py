"""The artifacts the SOP roles publish: the only coupling between roles.

Field sets follow MetaGPT v0.8's action nodes (``write_prd_an``, ``design_api_an``,
``project_management_an``) because those fields *are* the product a human team would
recognise. Every model is strict about what a downstream role needs (a file list, a task
list) and lenient about what it does not (``anything_unclear`` may be missing).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from state.generated_paths import UnsafePathError, check_generated_path

Priority = Literal["P0", "P1", "P2"]


def vetted_path(value: str, *, python_only: bool) -> str:
    """A file name the model chose, checked by the sandbox's path rules.

    Raising ``ValueError`` here makes the check part of the artifact's validation, so a name
    like ``../../x`` is sent back to the model with the name of the check that caught it
    (``parent_component``, ``absolute``, ...) instead of ever reaching the disk. Plans may
    list non-Python files (``python_only=False``); files that are written must be modules.
    """
    try:
        return check_generated_path(value)
    except UnsafePathError as error:
        if not python_only and error.check in ("not_python", "module_name"):
            return value
        raise ValueError(str(error)) from None


def _vetted_plan_paths(values: list[str]) -> list[str]:
    return [vetted_path(v, python_only=False) for v in values]


class Artifact(BaseModel):
    """Base for every published artifact. Unknown keys are dropped, not refused: a repair
    round for an extra key would cost a model call and change nothing the run uses. Missing
    or mistyped fields still fail validation, which is what catches malformed output."""

    model_config = ConfigDict(extra="ignore")


class RequirementItem(Artifact):
    """One line of the PRD's requirement pool, with its MoSCoW-like priority."""

    requirement: str = Field(min_length=1, description="What must be built, one sentence.")
    priority: Priority = Field(description="P0 must have, P1 should have, P2 nice to have.")


class PRD(Artifact):
    """ProductManager's product requirement document."""

    original_requirement: str = Field(min_length=1, description="The user's requirement, verbatim.")
    project_name: str = Field(
        min_length=1,
        pattern=r"^[a-z][a-z0-9_]*$",
        description="snake_case name; becomes the Python package name.",
    )
    language: str = Field(default="en_us", description="Natural language of the documents.")
    programming_language: str = Field(default="Python")
    product_goals: list[str] = Field(min_length=1, description="Up to three clear goals.")
    user_stories: list[str] = Field(min_length=1, description="'As a ..., I want ... so that ...'.")
    competitive_analysis: list[str] = Field(
        min_length=1, description="Competing products and one-line verdicts."
    )
    competitive_quadrant_chart: str = Field(
        description="Mermaid quadrantChart placing competitors and our target."
    )
    requirement_analysis: str = Field(min_length=1, description="What the requirement really asks.")
    requirement_pool: list[RequirementItem] = Field(min_length=1)
    ui_design_draft: str = Field(min_length=1, description="Layout and elements of the UI, in words.")
    anything_unclear: str = Field(default="")

    @field_validator("competitive_quadrant_chart")
    @classmethod
    def _quadrant_chart_is_mermaid(cls, value: str) -> str:
        if not value.lstrip().startswith("quadrantChart"):
            raise ValueError("must start with 'quadrantChart' (a mermaid quadrant chart)")
        return value


class SystemDesign(Artifact):
    """Architect's system design."""

    implementation_approach: str = Field(min_length=1)
    file_list: list[str] = Field(min_length=1, description="Relative paths of source files.")
    data_structures_and_interfaces: str = Field(
        min_length=1, description="Mermaid classDiagram of classes, fields and methods."
    )
    program_call_flow: str = Field(description="Mermaid sequenceDiagram of the main call flow.")
    anything_unclear: str = Field(default="")

    _file_list_is_safe = field_validator("file_list")(_vetted_plan_paths)

    @field_validator("data_structures_and_interfaces")
    @classmethod
    def _class_diagram_is_mermaid(cls, value: str) -> str:
        if not value.lstrip().startswith("classDiagram"):
            raise ValueError("must start with 'classDiagram' (a mermaid class diagram)")
        return value

    @field_validator("program_call_flow")
    @classmethod
    def _sequence_diagram_is_mermaid(cls, value: str) -> str:
        if not value.lstrip().startswith("sequenceDiagram"):
            raise ValueError("must start with 'sequenceDiagram' (a mermaid sequence diagram)")
        return value


class LogicItem(Artifact):
    """One file of the task plan and what it holds."""

    file: str = Field(min_length=1)
    description: str = Field(min_length=1, description="Classes/functions and their dependencies.")

    @field_validator("file")
    @classmethod
    def _file_is_safe(cls, value: str) -> str:
        return vetted_path(value, python_only=False)


class TaskPlan(Artifact):
    """ProjectManager's task plan: what to install, what each file holds, in what order."""

    required_packages: list[str] = Field(default_factory=list, description="pip requirement strings.")
    logic_analysis: list[LogicItem] = Field(min_length=1)
    task_list: list[str] = Field(min_length=1, description="Files in the order to write them.")
    shared_knowledge: str = Field(default="", description="Conventions every file must follow.")
    anything_unclear: str = Field(default="")

    _task_list_is_safe = field_validator("task_list")(_vetted_plan_paths)


class CodeFile(Artifact):
    """One file the Engineer or QA wrote; ``attempt`` counts its rewrites (0 = first draft):
    after a review, a fix or a human edit, so a run's statistics can say how often code was
    redone."""

    path: str = Field(min_length=1)
    content: str
    attempt: int = 0

    @field_validator("path")
    @classmethod
    def _path_is_safe(cls, value: str) -> str:
        return vetted_path(value, python_only=True)


def changes_file(code: Mapping[str, CodeFile], version: CodeFile) -> bool:
    """True unless ``code`` already holds ``version``'s path with the same content."""
    current = code.get(version.path)
    return current is None or current.content != version.content


def revised_file(code: Mapping[str, CodeFile], path: str, content: str, rewrites: int = 0) -> CodeFile:
    """A new version of ``path``: attempt 0 for a new file, previous attempt + 1 otherwise,
    plus the ``rewrites`` it went through before it was published (the Engineer's review
    rewrites happen inside one node, so only the final version reaches the channel)."""
    previous = code.get(path)
    first = previous.attempt + 1 if previous else 0
    return CodeFile(path=path, content=content, attempt=first + rewrites)


class CodeDraft(Artifact):
    """The Engineer's answer for one file: its whole content (markdown fences removed)."""

    content: str = Field(min_length=1)

    def as_reply(self) -> str:
        return fenced(self.content)

    @field_validator("content")
    @classmethod
    def _strip_fences(cls, value: str) -> str:
        lines = value.strip().splitlines()
        if len(lines) >= 2 and lines[0].startswith("```") and lines[-1].strip() == "```":
            lines = lines[1:-1]
        stripped = "\n".join(lines).strip("\n") + "\n"
        if not stripped.strip():
            raise ValueError("the file content is empty")
        return stripped


FENCED_BLOCK = re.compile(r"```[a-zA-Z0-9_+-]*[ \t]*\n(.*?)(?:\n```|\Z)", re.DOTALL)


def fenced(content: str) -> str:
    """A file as a model is asked to write it in a plain-text reply."""
    return f"```python\n{content.rstrip()}\n```\n"


def _file_in(text: str) -> str:
    """The longest fenced block of a reply, else the whole reply.

    An unterminated fence (the model stopped at its token cap) keeps what was written, so
    the syntax check, not the parser, tells the model what is missing.
    """
    blocks = FENCED_BLOCK.findall(text)
    return (max(blocks, key=len) if blocks else text).rstrip("\n") + "\n"


def code_from_reply(text: str) -> CodeDraft:
    """The Engineer's file from a plain-text reply."""
    return CodeDraft(content=_file_in(text))


def suite_from_reply(text: str, path: str) -> TestSuite:
    """QA's test file from a plain-text reply, stored at ``path``."""
    content = _file_in(text)
    if "def test_" not in content:
        raise ValueError("the reply holds no pytest test function (def test_...)")
    # Caught here, not by the test run: a suite that cannot be collected would otherwise be
    # reported as red and sent to the Engineer, who would "fix" correct code for it.
    _must_compile(content, path, "the test file")
    return TestSuite(files=[CodeFile(path=path, content=content)])


def _must_compile(content: str, path: str, what: str) -> None:
    """``ValueError`` naming the line when a file does not compile (every file is Python)."""
    try:
        compile(content, path, "exec")
    except SyntaxError as error:
        raise ValueError(f"{what} does not compile: line {error.lineno}: {error.msg}") from error


_FIX_FIELD = re.compile(r"^\s*(DIAGNOSIS|SEND TO|FILE)\s*:\s*(.*)$", re.MULTILINE | re.IGNORECASE)


def fix_plan_from_reply(text: str, default_path: str | None) -> FixPlan:
    """A FixPlan from the plain-text form ``FixPlan.as_reply`` writes.

    ``FILE: path`` lines name the fenced block after them; a single unnamed block is taken
    as ``default_path`` (the one file the failure involves), so a small model that forgets
    the label still gets its fix applied.
    """
    fields = {m.group(1).upper(): m.group(2).strip() for m in _FIX_FIELD.finditer(text)}
    send_to: Literal["Engineer", "QaEngineer"] = (
        "QaEngineer" if "qa" in fields.get("SEND TO", "").lower() else "Engineer"
    )
    diagnosis = fields.get("DIAGNOSIS") or text.strip().splitlines()[0] if text.strip() else ""
    files: list[CodeFile] = []
    for match in re.finditer(r"^\s*FILE\s*:\s*(\S+)\s*\n(.*?)(?=^\s*FILE\s*:|\Z)", text, re.M | re.S | re.I):
        files.append(CodeFile(path=match.group(1).strip("`"), content=_file_in(match.group(2))))
    if not files and send_to == "Engineer" and default_path and FENCED_BLOCK.search(text):
        files.append(CodeFile(path=default_path, content=_file_in(text)))
    for file in files:  # a fix cut off mid-file would replace working code with a broken one
        _must_compile(file.content, file.path, f"the rewritten {file.path}")
    return FixPlan(diagnosis=diagnosis or "(no diagnosis given)", send_to=send_to, files=files)


class CodeReview(Artifact):
    """The Engineer's own review of one file: LGTM (looks good) or LBTM (looks bad)."""

    path: str = ""
    verdict: Literal["LGTM", "LBTM"]
    comments: list[str] = Field(default_factory=list)


class TestOutcome(Artifact):
    """One test case's result, as pytest reported it."""

    __test__ = False  # not a pytest test class

    nodeid: str
    outcome: Literal["passed", "failed", "error", "skipped"]
    message: str = ""
    raised_in: str = Field(
        default="",
        description="The file of the traceback's innermost frame, where the exception was raised "
        "(a project file: the code crashed there, whatever the test expected).",
    )


class TestReport(Artifact):
    """One run of the generated tests: what ran, what happened, what the Engineer needs to fix it."""

    __test__ = False

    attempt: int = 0
    command: list[str] = Field(default_factory=list)
    exit_status: int | None = None
    passed: int = 0
    failed: int = 0
    errors: int = 0
    skipped: int = 0
    outcomes: list[TestOutcome] = Field(default_factory=list)
    failing_output: str = Field(default="", description="Assertion and traceback excerpt.")
    stdout: str = ""
    stderr: str = ""
    duration_s: float = 0.0
    limit_hit: str | None = Field(default=None, description="timeout, memory, cpu, output, ...")
    notes: list[str] = Field(default_factory=list, description="What was or was not isolated.")
    reverted_fix: bool = Field(
        default=False, description="The fix before this run lost on the trusted tests and was undone."
    )
    start_error: str = Field(
        default="",
        description="Traceback of the entry point crashing when started; empty if it started or was not run.",
    )

    @property
    def ok(self) -> bool:
        """Green: something ran, nothing failed, no limit was hit, the program starts."""
        return (
            self.exit_status == 0
            and self.failed == 0
            and self.errors == 0
            and self.passed > 0
            and self.limit_hit is None
            and not self.start_error
        )


class FixPlan(Artifact):
    """The Engineer's answer to a failing run: which files to rewrite and who was wrong."""

    diagnosis: str = Field(min_length=1)
    send_to: Literal["Engineer", "QaEngineer"] = Field(
        default="Engineer",
        description="Engineer if the code is wrong, QaEngineer if the tests are.",
    )
    files: list[CodeFile] = Field(default_factory=list)
    replaced: list[CodeFile] = Field(
        default_factory=list, description="The versions ``files`` replaced: a fix that loses is undone."
    )
    judged_by_report: int | None = Field(
        default=None, description="Index in ``test_reports`` of the run that judges this fix."
    )

    def as_reply(self) -> str:
        """The plain-text form the Engineer is asked for (parsed by ``fix_plan_from_reply``)."""
        parts = [f"DIAGNOSIS: {self.diagnosis}", f"SEND TO: {self.send_to}"]
        parts += [f"FILE: {f.path}\n{fenced(f.content)}" for f in self.files]
        return "\n".join(parts)


class TestSuite(Artifact):
    """QA's test files."""

    __test__ = False

    files: list[CodeFile] = Field(min_length=1)

    @field_validator("files")
    @classmethod
    def _under_tests_folder(cls, files: list[CodeFile]) -> list[CodeFile]:
        """Tests live in ``tests/`` and are named ``test_*.py`` so pytest collects them."""
        placed = []
        for f in files:
            path = f.path if f.path.startswith("tests/") else f"tests/{f.path}"
            if not path.rsplit("/", 1)[-1].startswith("test_"):
                raise ValueError(f"test file {f.path!r} must be named test_<something>.py")
            placed.append(f.model_copy(update={"path": path}))
        return placed

    def as_reply(self) -> str:
        return "\n".join(fenced(f.content) for f in self.files)


class QAReport(Artifact):
    """QA's closing summary of the run."""

    verdict: Literal["passed", "failed", "not_run"]
    attempts: int = 0
    summary: str = ""


class Publication(BaseModel):
    """One entry of the message pool's log: who published what, when."""

    role: str
    action: str
    artifact: str
    summary: str
    at: str = Field(default_factory=lambda: datetime.now(UTC).isoformat(timespec="seconds"))


ARTIFACT_MODELS: dict[str, type[BaseModel]] = {
    "prd": PRD,
    "design": SystemDesign,
    "tasks": TaskPlan,
}
"""Artifacts a human reviewer may replace, by review-gate name."""
