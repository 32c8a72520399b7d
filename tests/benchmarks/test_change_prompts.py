"""The change-prompt analysis (``benchmarks.change_prompts``): how it splits a prompt, names
a call's role, and runs a scenario's three phases on its oracle (no language model)."""

from __future__ import annotations

from benchmarks.change_bench import load_scenarios
from benchmarks.change_prompts import (
    ORACLE_SPEC,
    asked_files,
    oracles,
    role_of,
    role_table,
    run_phases,
    sections,
)
from nodes.prompt_layout import DOCUMENTS_END
from state.settings import RunSettings

PROMPT = (
    "## The existing project\nabc\n\n## System design\n{}\n\n"
    f"{DOCUMENTS_END}\n\n## Your role\nYou are Alex.\n\nThe current version of `a.py`:\n"
    "```python\nx = 1\n```\nAnswer with the whole file `a.py`."
)


def test_a_prompt_splits_into_its_documents_the_quoted_code_and_the_instruction() -> None:
    sizes = sections(PROMPT)
    assert list(sizes) == ["The existing project", "System design", "instruction: quoted code", "instruction"]
    assert sizes["instruction: quoted code"] == len("```python\nx = 1\n```")
    assert sum(sizes.values()) == len(PROMPT)
    assert asked_files(PROMPT) == ["a.py", "a.py"]


def test_a_calls_role_comes_from_its_schema_and_its_prompt() -> None:
    assert role_of("CodeDraft", PROMPT) == "engineer:write"
    assert role_of("CodeDraft", "Write the complete content of the file `a.py`") == "candidate"
    assert role_of("CodeDraft", PROMPT.replace("The current", "The file `a.py` was reviewed as LBTM")) == (
        "engineer:rewrite"
    )
    assert role_of("FixPlan", PROMPT) == "debug_fix" and role_of("TaskPlan", PROMPT) == "project_manager"


def test_a_scenario_runs_its_build_change_and_rebuild_on_the_oracle() -> None:
    scenario = next(s for s in load_scenarios() if s.name == "shipping")
    assert oracles(scenario)["change"].planned == scenario.needed
    measured = run_phases(scenario, RunSettings(model=ORACLE_SPEC, seed=0, max_retries=3))
    assert measured["status"] == {"build": "succeeded", "change": "succeeded", "rebuild": "succeeded"}
    change = [call["role"] for call in measured["calls"]["change"]]
    assert change[:3] == ["product_manager", "architect", "project_manager"] and "candidate" not in change
    assert "candidate" in [call["role"] for call in measured["calls"]["rebuild"]]
    rows = {row["role"]: row for row in role_table(measured)}
    assert rows["total"]["change tokens"] == sum(c["tokens"] for c in measured["calls"]["change"])
    assert rows["engineer:write"]["change tokens"] < rows["engineer:write"]["rebuild tokens"]
