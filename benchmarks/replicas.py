"""Does ``--jobs 2`` pay on this machine? Two engine replicas in parallel against one in series.

    python -m benchmarks.replicas --model local:0.5b

Both sides run in this process on the same two prompts, greedy, 1 thread per engine:
the series side sends both prompts to replica 0 one after the other, the parallel side
sends one prompt to each of replicas 0 and 1 from two threads at once. It reports both
times, the throughput ratio, and whether the answers were identical (they must be: the
thread count, not the replica, decides greedy output). Run it on an otherwise idle machine.
"""

from __future__ import annotations

import argparse
import concurrent.futures as cf
from pathlib import Path
from time import perf_counter
from typing import Any

from langchain_core.messages import HumanMessage

from benchmarks import report

PROMPTS = (
    "Write a Python function that returns the n-th prime number, with a docstring.",
    "Write a Python function that parses an ISO date string and returns the weekday name.",
)


def _answer(model: Any, prompt: str) -> tuple[str, int]:
    reply = model.invoke([HumanMessage(prompt)])
    return str(reply.content), int(reply.usage_metadata["output_tokens"])


def measure(spec: str, max_tokens: int) -> dict[str, Any]:
    from nodes.models.registry import load_chat_model

    base = load_chat_model(spec).model_copy(update={"max_tokens": max_tokens, "n_threads": 1})
    replicas = [base.model_copy(update={"replica": slot}) for slot in (0, 1)]
    for model in replicas:  # load both engines and warm them before timing
        _answer(model, "Say hi.")
    started = perf_counter()
    series = [_answer(replicas[0], prompt) for prompt in PROMPTS]
    series_s = perf_counter() - started
    started = perf_counter()
    with cf.ThreadPoolExecutor(max_workers=2) as pool:
        parallel = list(pool.map(_answer, replicas, PROMPTS))
    parallel_s = perf_counter() - started
    tokens = sum(n for _, n in series)
    return {
        "model": spec,
        **report.model_conditions(base),
        "tokens": tokens,
        "series_s": round(series_s, 2),
        "parallel_s": round(parallel_s, 2),
        "throughput_ratio": round(series_s / parallel_s, 2),
        "identical_answers": series == parallel,
    }


def main(argv: list[str] | None = None) -> dict[str, Any]:
    p = argparse.ArgumentParser(prog="python -m benchmarks.replicas", description=__doc__.split("\n")[0])
    p.add_argument("--model", default="local:0.5b")
    p.add_argument("--max-tokens", type=int, default=200)
    p.add_argument("--out", help="default: docs/benchmarks/replicas-<model>.json")
    args = p.parse_args(argv)
    cond = report.conditions(model=args.model)
    report.print_conditions(cond)
    result = measure(args.model, args.max_tokens)
    report.print_table("one engine in series vs two replicas in parallel", [result])
    slug = args.model.replace(":", "-").replace("/", "_")
    out = args.out or str(report.RESULTS_DIR / f"replicas-{slug}.json")
    report.write_json(Path(out), {"conditions": cond, "result": result})
    return result


if __name__ == "__main__":
    main()
