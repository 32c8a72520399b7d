"""DebugError + rewrite: the Engineer fixes the code after a red test run.

Subscribes to: ``requirement``, ``prd``, ``design``, ``tasks``, the ``code`` files the
failure involves, ``tests``, the latest ``test_reports``. Publishes: ``code`` (only the
files it rewrites), ``fix_plans``, ``retries``, and in ``code_before_fixes`` the original
of each file it rewrites first.

In a change run an old test that passed before the change and fails now is a regression:
the prompt names it as one, and each file a fix rewrites keeps its pre-change original in
``files_before_change`` (a file outside the plan is allowed here, and the report says why).
The fix reads the PRD's change view there (``nodes/change_inputs.py``).
"""

from __future__ import annotations

import functools

from langgraph.runtime import Runtime

from nodes.change_inputs import for_change
from nodes.code_checks import code_crashes
from nodes.context import Context
from nodes.engineer import PROFILE, planned_files
from nodes.errors import InvalidArtifact
from nodes.import_failures import missing_names_line, names_not_defined
from nodes.llm import Ledger, ask_text
from nodes.model_variants import sample_seed, sampled
from nodes.prompting import fill_template
from nodes.role_node import Update, role_node
from nodes.written_file import finished
from state.artifacts import (
    CodeFile,
    FixPlan,
    Publication,
    changes_file,
    fix_plan_from_reply,
    revised_file,
)
from state.changes import change_of, trusted_failure
from state.schema import SopState

PROMPT = """\
{inputs}

The tests above failed.{start_crash} Find the cause. If the code is wrong, rewrite the source files that
must change (whole files, same paths; only files of the design). If the tests themselves are
wrong, say so with SEND TO: QaEngineer and rewrite no files.
Answer in exactly this form:
DIAGNOSIS: <what is wrong and why, one paragraph>
SEND TO: Engineer  (or QaEngineer if the tests are wrong)
FILE: <path of a file you rewrite>
```python
<the whole new file>
```
(one FILE line and code block per rewritten file)
"""


START_CRASH = (
    " The program also crashed when started (`python main.py`, stdin closed: the [start]"
    " traceback above); it must start without an exception."
)
"""Added when the run is red because the entry point crashed (``nodes.sandbox.start_check``),
so the Engineer does not look for the fault only in the tests that failed (maybe none did)."""

CHANNELS = ("requirement", "prd", "design", "tasks", "code", "tests", "test_reports")
"""QA's documents first, in QA's order, so the engine reads only the failure and what
follows it (issue 23: opening with the design, the fix prompt shared nothing with QA's)."""

CODE_CRASH = (
    " The code itself crashed in its own lines ({crashes}): whatever the tests expect, this"
    " is a bug of the code; fix it first."
)
"""Added when a test failed on an exception raised in the project's own code
(``nodes.code_checks.code_crashes``): the 1.5B, shown fourteen failing tests, otherwise
looks for the fault in the tests' expected values."""

MISSING_NAMES = (
    " The project uses names these files do not define: {missing}. Define each one in that"
    " file (rewrite it), as the code using it uses it."
)
"""Added when the run's output shows a project file imported for a name it lacks, or a
project class asked for a member it lacks (``nodes.import_failures``): 2048's ``server.py``
without ``Server``, three rounds unfixed; its ``GameUI`` without ``display_game_state``."""

REGRESSION = (
    " These tests passed before the change and fail now, so the change broke them (a"
    " regression): {tests}. Make them pass again by fixing the code; never by changing them."
)
"""Added in a change run when old trusted tests fail (``state.changes.trusted_in_run``)."""


NO_FILE = (
    "it rewrote no file: give each file that must change as a FILE: line followed by the whole"
    " file in a ```python block, or answer SEND TO: QaEngineer if the tests are wrong"
)


UNUSABLE_SHOWN_CHARS = 400
"""How much of an unusable fix's last answer its plan keeps, to tell later why it failed."""


def fix_plan(text: str, default_path: str | None) -> FixPlan:
    """The FixPlan in a reply; one sent to the Engineer must rewrite a file.

    Why: the 1.5B's diagnosis often loops until the repetition guard stops it, and the reply
    then holds a diagnosis and no file. Taken as it was, that fix "rewrote nothing" and ended
    the loop; refused, it is re-asked like any invalid reply (with the repetition penalty
    when it looped), and the model says either what to rewrite or that the tests are wrong.
    """
    plan = fix_plan_from_reply(text, default_path)
    if plan.send_to == "Engineer" and not plan.files:
        raise ValueError(NO_FILE)
    return plan


def regressions(state: SopState) -> list[str]:
    """Old tests that held before the change and fail in the last run."""
    change = change_of(state)
    reports = state.get("test_reports") or []
    if change is None or not reports:
        return []
    old = change.trusted_old
    return sorted(
        o.nodeid for o in reports[-1].outcomes if o.outcome in ("failed", "error") and o.nodeid in old
    )


def involved_files(state: SopState) -> dict[str, CodeFile]:
    """Source files the failing output mentions (all of them when it names none)."""
    code = state.get("code") or {}
    reports = state.get("test_reports") or []
    output = reports[-1].failing_output + reports[-1].stderr if reports else ""
    named = {p: f for p, f in code.items() if p in output or p.removesuffix(".py") in output}
    return named or dict(code)


def within_the_plan(state: SopState, files: list[CodeFile]) -> tuple[list[CodeFile], list[str]]:
    """In a change run, the rewrites a fix may make, and the paths it may not: a file the
    plan does not name stays byte-identical unless a trusted test fails or the code crashed
    (then the fix may need it, and the report says so). Outside a change run: all of them."""
    reports = state.get("test_reports") or []
    if change_of(state) is None or (reports and trusted_failure(state, reports[-1])):
        return files, []
    planned = set(planned_files(state))
    return [f for f in files if f.path in planned], [f.path for f in files if f.path not in planned]


def prompt_template(state: SopState) -> str:
    """The fix prompt, naming a crash on start, names a project file is imported for and
    lacks, a crash in the code's own lines, and a change's regressions, when the last run
    had them (else unchanged)."""
    reports = state.get("test_reports") or []
    crashed = bool(reports and reports[-1].start_error)
    broken = regressions(state)
    code = state.get("code") or {}
    in_code = code_crashes(reports[-1], code) if reports else []
    output = reports[-1].start_error + reports[-1].failing_output + reports[-1].stderr if reports else ""
    missing = names_not_defined(output, code)
    note = (
        (START_CRASH if crashed else "")
        + (MISSING_NAMES.format(missing=missing_names_line(missing)) if missing else "")
        + (CODE_CRASH.format(crashes="; ".join(in_code[:3])) if in_code else "")
        + (REGRESSION.format(tests=", ".join(broken)) if broken else "")
    )
    return PROMPT.replace("{start_crash}", note)


def fixes_undone_in_a_row(state: SopState) -> int:
    """How many of the last fixes were undone, one after another (``nodes.run_tests``).

    Why it matters: an undone fix leaves the code and the report as they were, so the next
    fix prompt is the last one again, and a greedy model answers it with the same losing
    fix. After an undone fix the fix is sampled instead, at the candidates' temperature with
    a seed of its own per attempt, as a round-closing rewrite not kept is
    (``nodes.cross_file_names``). SoftwareDev's 2048 at 42a30a8 ended its loop after one
    undone fix of a start crash, with two rounds of its three unused."""
    undone = 0
    for report in reversed(state.get("test_reports") or []):
        if not report.reverted_fix:
            break
        undone += 1
    return undone


def fix_code(state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
    """Ask for a FixPlan; apply the files it changes; count the retry.

    The published plan keeps only the files that changed (``route_after_fix`` ends the loop
    on a fix that changed nothing) and never test files, which are QA's. A fix still unusable
    after its repairs changes nothing either: the code the tests judged stays, and the run
    ends on that report instead of stopping with an error.
    """
    involved = involved_files(state)
    view = {**state, "code": involved}
    settings = state["settings"]
    if undone := fixes_undone_in_a_row(state):
        seed = sample_seed(settings.seed, undone)
        ledger.model = sampled(ledger.model, settings.candidate_temperature, seed)
    try:
        plan = ask_text(
            ledger,
            system=PROFILE.system_prompt(),
            prompt=fill_template(prompt_template(state), view, for_change(CHANNELS, state), ledger.model),
            schema=FixPlan,
            parse=functools.partial(fix_plan, default_path=next(iter(involved), None)),
            artifact="fix plan",
        )
    except InvalidArtifact as unusable:
        began = " ".join((unusable.raw_output or "").split())[:UNUSABLE_SHOWN_CHARS]
        shown = f"; its last answer began: {began}" if began else ""
        plan = FixPlan(diagnosis=f"no usable fix: {unusable}{shown}")
    code = state.get("code") or {}
    sources = {**code, **{f.path: f for f in plan.files}}
    completed_files = []
    for fixed in (f for f in plan.files if not f.path.startswith("tests/")):
        content, _ = finished(state, fixed.path, fixed.content, sources)
        completed_files.append(fixed.model_copy(update={"content": content}))
    changed, kept_out = within_the_plan(state, [f for f in completed_files if changes_file(code, f)])
    rewritten = {f.path: revised_file(code, f.path, f.content) for f in changed}
    recorded = state.get("code_before_fixes") or {}
    originals = {f.path: code[f.path] for f in changed if f.path in code and f.path not in recorded}
    first_rewrites: Update = {"code_before_fixes": originals} if originals else {}
    if change_of(state) is not None:  # keep_first_files: a file the Engineer rewrote keeps its older original
        first_rewrites["files_before_change"] = {f.path: code[f.path] for f in changed if f.path in code}
    return first_rewrites | {
        "code": rewritten,
        "fix_plans": [
            plan.model_copy(
                update={
                    "files": changed,
                    "replaced": [code[f.path] for f in changed if f.path in code],
                    "judged_by_report": len(state.get("test_reports") or []),
                }
            )
        ],
        "retries": state.get("retries", 0) + 1,
        "messages": [
            Publication(
                role="engineer",
                action="FixBug",
                artifact="code",
                summary=f"send to {plan.send_to}; rewrote {', '.join(rewritten) or 'nothing'}"
                + (f"; sampled, after {undone} undone fix(es)" if undone else "")
                + (
                    f"; left {', '.join(kept_out)} as they were: outside the change's plan"
                    if kept_out
                    else ""
                ),
            )
        ],
    }


debug_fix = role_node("debug_fix", "engineer", fix_code)
