"""Checkpoint growth: bytes a run stores per super-step when files are large and fixes many.

The run is sopgraph's real graph (real sandbox, real allow-listed serializer) on a SQLite
store, scripted so the Engineer writes ``n_files`` files of ``file_kb`` KiB each and the
fix loop rewrites the large ``calc.py`` ``fix_rounds`` times before it passes. Bytes are
read back from the store's tables per checkpoint: the checkpoint blob, its metadata, and
the pending writes recorded against it.
"""

from __future__ import annotations

import sqlite3
import tempfile
from pathlib import Path
from time import perf_counter
from typing import Any

from benchmarks import scenarios
from benchmarks.fakes import ScriptedChatModel
from checkpoints.savers import open_saver
from graph.builder import compile_graph
from nodes.context import Context
from state.artifacts import CodeDraft, CodeFile, FixPlan, LogicItem, SystemDesign, TaskPlan, TestSuite
from state.settings import RunSettings


def _padding(kb: int, tag: str) -> str:
    """``kb`` KiB of comment lines, distinct per ``tag`` so no two versions compress alike."""
    line = f"# {tag}: filler that makes this module as large as a real one ................\n"
    return line * max(1, kb * 1024 // len(line))


def growth_script(n_files: int, file_kb: int, fix_rounds: int) -> dict[str, list[Any]]:
    """Model answers for a run of ``n_files`` large files and ``fix_rounds`` red rounds."""
    extra = [f"module_{i}.py" for i in range(max(0, n_files - 2))]
    files = ["calc.py", *extra, "main.py"]
    drafts = [CodeDraft(content=scenarios.BAD_CALC + _padding(file_kb, "calc draft"))]
    drafts += [CodeDraft(content=f"VALUE_{i} = {i}\n" + _padding(file_kb, m)) for i, m in enumerate(extra)]
    drafts.append(CodeDraft(content=scenarios.MAIN))
    fixes = [
        FixPlan(
            diagnosis=f"round {r}: add subtracts",
            files=[
                CodeFile(
                    path="calc.py",
                    content=(scenarios.GOOD_CALC if r == fix_rounds - 1 else scenarios.BAD_CALC)
                    + _padding(file_kb, f"calc fix {r}"),
                )
            ],
        )
        for r in range(fix_rounds)
    ]
    return {
        "PRD": [scenarios.prd()],
        "SystemDesign": [SystemDesign(**{**scenarios.design().model_dump(), "file_list": files})],
        "TaskPlan": [
            TaskPlan(logic_analysis=[LogicItem(file=f, description=f) for f in files], task_list=files)
        ],
        "CodeDraft": drafts,
        "CodeReview": [scenarios.lgtm() for _ in files],
        "TestSuite": [TestSuite(files=[CodeFile(path="tests/test_calc.py", content=scenarios.TESTS)])],
        "FixPlan": fixes,
    }


def _sizes(db: Path, thread_id: str) -> list[dict[str, int]]:
    """Per checkpoint, oldest first: blob+metadata bytes and the bytes of writes against it."""
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT checkpoint_id, length(checkpoint) + length(metadata) FROM checkpoints "
            "WHERE thread_id = ? ORDER BY checkpoint_id",
            (thread_id,),
        ).fetchall()
        writes = dict(
            conn.execute(
                "SELECT checkpoint_id, SUM(length(value)) FROM writes "
                "WHERE thread_id = ? GROUP BY checkpoint_id",
                (thread_id,),
            ).fetchall()
        )
    return [{"checkpoint": size, "writes": int(writes.get(cid, 0) or 0)} for cid, size in rows]


def measure(n_files: int = 6, file_kb: int = 32, fix_rounds: int = 10) -> dict[str, Any]:
    """Run the scripted large project once on a fresh SQLite file and account for its bytes."""
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "growth.db"
        model = ScriptedChatModel(script=growth_script(n_files, file_kb, fix_rounds))
        settings = RunSettings(
            model="scripted", max_retries=fix_rounds, max_test_revisions=0, candidates=1, fix_on="any"
        )
        with open_saver(f"sqlite:///{db}") as saver:
            graph = compile_graph(saver)
            config: Any = {"configurable": {"thread_id": "growth"}, "recursion_limit": 500}
            started = perf_counter()
            final = graph.invoke(
                {"requirement": scenarios.REQUIREMENT, "settings": settings},
                config,
                context=Context(model=model),
            )
            seconds = perf_counter() - started
            state_bytes = len(saver.serde.dumps_typed(graph.get_state(config).values)[1])
        sizes = _sizes(db, "growth")
        file_bytes = db.stat().st_size + sum(p.stat().st_size for p in Path(tmp).glob("growth.db-*"))
    per_step = [s["checkpoint"] + s["writes"] for s in sizes]
    total = sum(per_step)
    code_bytes = sum(len(f.content) for f in (final.get("code") or {}).values())
    return {
        "status": final.get("status"),
        "fix_rounds": fix_rounds,
        "files": n_files,
        "file_kb": file_kb,
        "checkpoints": len(sizes),
        "stored_bytes": total,
        "db_file_bytes": file_bytes,
        "bytes_per_step_mean": round(total / len(sizes)),
        "first_checkpoint_bytes": sizes[0]["checkpoint"],
        "last_checkpoint_bytes": sizes[-1]["checkpoint"],
        "final_state_bytes": state_bytes,
        "final_code_bytes": code_bytes,
        "stored_over_final_state": round(total / state_bytes, 1),
        "run_seconds": round(seconds, 2),
        "per_step_bytes": per_step,
    }
