"""Engine benchmarks: ``python -m benchmarks.engine`` (see docs/benchmarks.md).

1. Framework overhead: sopgraph's graph vs the same SOP as a bare LangGraph graph, both on a
   zero-latency scripted model, on memory, SQLite and (when reachable) PostgreSQL stores;
   ms per super-step and the ratio.
2. The real sandbox's time per test run, for scale.
3. Checkpoint growth over a run with many fix rounds and large files.
4. With ``--real-model SPEC``: the share of a real local run's wall time spent outside the
   model (needs the embedded model; one whole SOP run).
"""

from __future__ import annotations

import argparse
import os
import tempfile
from pathlib import Path
from typing import Any, cast

from benchmarks import growth, overhead
from benchmarks.report import RESULTS_DIR, conditions, print_conditions, print_table, write_json
from benchmarks.scripted import sandbox_seconds
from state.settings import ALL_ROLES, Role

POSTGRES_ENV = "SOPGRAPH_TEST_POSTGRES_URL"


def store_urls(tmp: Path, postgres: str | None) -> list[tuple[str, str, str]]:
    """(label, sopgraph store URL, bare store URL): separate files so neither sees the other."""
    urls = [
        ("memory", "memory", "memory"),
        ("sqlite", f"sqlite:///{tmp / 'sop.db'}", f"sqlite:///{tmp / 'bare.db'}"),
    ]
    if postgres:
        urls.append(("postgres", postgres, postgres))
    return urls


def run_overhead(runs: int, fix_rounds: int, postgres: str | None) -> list[dict[str, Any]]:
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for label, url, plain in store_urls(Path(tmp), postgres):
            rows.append({"store": label, **overhead.compare(url, plain, runs=runs, fix_rounds=fix_rounds)})
    return rows


def run_durability(runs: int, fix_rounds: int, postgres: str | None) -> list[dict[str, Any]]:
    """The persistent stores only: in memory both modes do the same thing."""
    with tempfile.TemporaryDirectory() as tmp:
        return [
            {"store": label, **overhead.durability_cost(url, runs=runs, fix_rounds=fix_rounds)}
            for label, url, _ in store_urls(Path(tmp), postgres)
            if label != "memory"
        ]


def scripted_engine(args: argparse.Namespace) -> dict[str, Any]:
    """Parts 1-3: overhead, sandbox time and checkpoint growth, all on the scripted model."""
    cond = conditions(model="scripted (zero latency)", fix_rounds=args.fix_rounds, runs=args.runs)
    print_conditions(cond)
    rows = run_overhead(args.runs, args.fix_rounds, args.postgres)
    print_table("framework overhead: sopgraph vs bare LangGraph (median of runs)", rows)
    durability = run_durability(args.runs, args.fix_rounds, args.postgres)
    print_table(
        "sopgraph's checkpoint durability: sync (SopRunner) vs async (LangGraph's default)", durability
    )
    sandbox = {"sandbox_ms_per_test_run": round(sandbox_seconds() * 1000, 1)}
    print_table("real sandbox, one pytest run of the calculator", [sandbox])
    grown = growth.measure(args.growth_files, args.growth_file_kb, args.growth_fix_rounds)
    print_table(
        "checkpoint growth (SQLite, real sandbox)",
        [{k: v for k, v in grown.items() if k != "per_step_bytes"}],
    )
    return {
        "conditions": cond,
        "overhead": rows,
        "durability": durability,
        "sandbox": sandbox,
        "growth": grown,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.engine", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20, help="timed runs per side and store")
    parser.add_argument("--fix-rounds", type=int, default=3, help="red test rounds in the timed run")
    parser.add_argument("--growth-fix-rounds", type=int, default=10)
    parser.add_argument("--growth-files", type=int, default=6)
    parser.add_argument("--growth-file-kb", type=int, default=32)
    parser.add_argument("--postgres", default=os.environ.get(POSTGRES_ENV), help=f"default: ${POSTGRES_ENV}")
    parser.add_argument("--real-model", help="also time one real SOP run on this model spec, e.g. local:0.5b")
    parser.add_argument("--real-roles", default=",".join(ALL_ROLES), help="roles of the real run")
    parser.add_argument("--real-max-retries", type=int, default=3)
    parser.add_argument("--only-real", action="store_true", help="skip the scripted parts")
    parser.add_argument("--out", type=Path, help="default: docs/benchmarks/engine.json (engine-real-*.json)")
    args = parser.parse_args(argv)

    if args.only_real:
        if not args.real_model:
            parser.error("--only-real needs --real-model")
        out = args.out or RESULTS_DIR / f"engine-real-{args.real_model.replace(':', '-')}.json"
        result: dict[str, Any] = {"conditions": conditions(model=args.real_model)}
    else:
        out = args.out or RESULTS_DIR / "engine.json"
        result = scripted_engine(args)
    if args.real_model:
        from benchmarks.model_share import measure_share

        roles = cast(tuple[Role, ...], tuple(r.strip() for r in args.real_roles.split(",") if r.strip()))
        share = measure_share(args.real_model, roles=roles, max_retries=args.real_max_retries)
        print_table(f"real run on {args.real_model}: time outside the model", [share])
        result["real_model_share"] = share | {"load_avg_1m_at_end": round(os.getloadavg()[0], 2)}
    write_json(out, result)
    return result


if __name__ == "__main__":
    main()
