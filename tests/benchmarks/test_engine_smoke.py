"""Smoke run of ``benchmarks.engine``: the harness must keep working, not be fast.

Tiny settings (one timed run, one fix round, two 1 KiB files); the numbers are checked for
shape and consistency only, never for speed.
"""

from __future__ import annotations

import json
from pathlib import Path

from benchmarks import engine


def test_engine_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "engine.json"
    result = engine.main(
        [
            "--runs", "1", "--fix-rounds", "1", "--growth-fix-rounds", "2",
            "--growth-files", "2", "--growth-file-kb", "1", "--postgres", "", "--out", str(out),
        ]
    )  # fmt: skip
    assert json.loads(out.read_text())["conditions"]["cores"] >= 1
    stores = {row["store"]: row for row in result["overhead"]}
    assert set(stores) == {"memory", "sqlite"}
    for row in stores.values():
        assert row["sop_steps"] == row["bare_steps"] > 0
        assert row["ratio_per_step"] > 0
    [durability] = result["durability"]
    assert durability["store"] == "sqlite" and durability["steps"] == stores["sqlite"]["sop_steps"]
    assert durability["ratio_sync_to_async"] > 0
    grown = result["growth"]
    assert grown["status"] == "succeeded"
    assert grown["checkpoints"] == len(grown["per_step_bytes"]) > 0
    assert grown["stored_bytes"] == sum(grown["per_step_bytes"])
    assert result["sandbox"]["sandbox_ms_per_test_run"] > 0


def test_model_share_clocks_every_model_call() -> None:
    from benchmarks import scenarios
    from benchmarks.model_share import measure_share
    from tests.fakes import ScriptedChatModel

    share = measure_share(
        "scripted", scenarios.REQUIREMENT, model=ScriptedChatModel(script=scenarios.script())
    )
    assert share["status"] == "succeeded"
    assert share["model_calls"] == 8  # PRD, design, tasks, 2 drafts, 2 reviews, tests
    assert 0 < share["outside_model_share"] <= 1 and share["sandbox_seconds"] > 0
