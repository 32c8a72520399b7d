"""DebugError + rewrite: the Engineer fixes the code after a red test run.

Subscribes to: ``design``, the ``code`` files the failure involves, ``tests``, the latest
``test_reports``. Publishes: ``code`` (only the files it rewrites), ``fix_plans``,
``retries``.
"""

from __future__ import annotations

from langgraph.runtime import Runtime

from nodes.context import Context
from nodes.engineer import PROFILE
from nodes.llm import Ledger
from nodes.prompting import ask_from_channels
from nodes.role_node import Update, role_node
from state.artifacts import CodeFile, FixPlan, Publication, revised_file
from state.schema import SopState

PROMPT = """\
{inputs}

The tests above failed. Find the cause. If the code is wrong, rewrite the source files that
must change (whole files, same paths; only files of the design). If the tests themselves are
wrong, say so with "send_to": "QaEngineer" and rewrite no files.
Answer as JSON: {{"diagnosis": "<what is wrong and why>", "send_to": "Engineer" or
"QaEngineer", "files": [{{"path": "<path>", "content": "<whole new file>"}}]}}
"""


def involved_files(state: SopState) -> dict[str, CodeFile]:
    """Source files the failing output mentions (all of them when it names none)."""
    code = state.get("code") or {}
    reports = state.get("test_reports") or []
    output = reports[-1].failing_output + reports[-1].stderr if reports else ""
    named = {p: f for p, f in code.items() if p in output or p.removesuffix(".py") in output}
    return named or dict(code)


def fix_code(state: SopState, runtime: Runtime[Context], ledger: Ledger) -> Update:
    """Ask for a FixPlan; apply the files it rewrites; count the retry."""
    plan = ask_from_channels(
        ledger,
        PROFILE,
        state={**state, "code": involved_files(state)},
        channels=("design", "code", "tests", "test_reports"),
        template=PROMPT,
        schema=FixPlan,
        artifact="fix plan",
    )
    code = state.get("code") or {}
    rewritten = {
        f.path: revised_file(code, f.path, f.content) for f in plan.files if not f.path.startswith("tests/")
    }
    return {
        "code": rewritten,
        "fix_plans": [plan],
        "retries": state.get("retries", 0) + 1,
        "messages": [
            Publication(
                role="engineer",
                action="FixBug",
                artifact="code",
                summary=f"send to {plan.send_to}; rewrote {', '.join(rewritten) or 'nothing'}",
            )
        ],
    }


debug_fix = role_node("debug_fix", "engineer", fix_code)
