"""Reproduce docs/local_model.md's numbers: ``python -m nodes.models.measure 0.5b [--ctx N]``.

Prints one JSON line: load time, RSS, prompt and generation rates (wall and per
CPU-second, since shared machines make wall time noisy), and one grammar-constrained PRD
call with the real ProductManager prompt. Loads the model; run nothing else heavy.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import time
from typing import Any, cast

from langchain_core.messages import BaseMessage, HumanMessage, SystemMessage

from nodes.models.local import LocalChatModel
from nodes.models.registry import load_chat_model

REQUIREMENT = "Make a command-line 2048 sliding tile game"
LONG_PROMPT = "def add(a, b):\n    return a + b\n\n" * 60


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _rss_mib() -> int:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0]) // 1024


def _timed(model: LocalChatModel, messages: list[BaseMessage]) -> tuple[Any, float, float]:
    wall, cpu = time.perf_counter(), _cpu()
    result = model.invoke(messages)
    return result, time.perf_counter() - wall, _cpu() - cpu


def measure(key: str, n_ctx: int, prd_calls: int) -> dict[str, Any]:
    from nodes.product_manager import PROFILE, PROMPT
    from nodes.prompt_layout import COMPANY_SYSTEM, with_role
    from state.artifacts import PRD

    model = load_chat_model(f"local:{key}")
    assert isinstance(model, LocalChatModel)
    model = model.model_copy(update={"context_window": n_ctx, "max_tokens": 1500})
    started = time.perf_counter()
    engine = model.engine
    out: dict[str, Any] = {
        "model": key,
        "n_ctx": n_ctx,
        "threads": model.n_threads,
        "loadavg_before": os.getloadavg()[0],
        "load_s": round(time.perf_counter() - started, 2),
        "rss_loaded_mib": _rss_mib(),
    }
    probe = model.model_copy(update={"max_tokens": 1})
    result, wall, cpu = _timed(probe, [HumanMessage(LONG_PROMPT)])
    prompt_tokens = result.usage_metadata["input_tokens"]
    out["prompt_tok_s"] = round(prompt_tokens / wall, 1)
    out["prompt_tok_per_cpu_s"] = round(prompt_tokens / cpu, 1)
    story = model.model_copy(update={"max_tokens": 200})
    result, wall, cpu = _timed(story, [HumanMessage("Write a long story about a robot.")])
    usage = result.usage_metadata
    out["gen_tok_s"] = round(usage["output_tokens"] / (wall - usage["input_tokens"] / out["prompt_tok_s"]), 1)
    cpu_gen = cpu - usage["input_tokens"] / out["prompt_tok_per_cpu_s"]
    out["gen_tok_per_cpu_s"] = round(usage["output_tokens"] / cpu_gen, 1)
    messages = [
        SystemMessage(COMPANY_SYSTEM),
        HumanMessage(
            with_role(
                PROMPT.format(inputs=f"## Original requirement\n{REQUIREMENT}", feedback=""),
                PROFILE.system_prompt(),
            )
        ),
    ]
    calls = []
    for _ in range(prd_calls):
        wall, cpu = time.perf_counter(), _cpu()
        answer = cast(dict[str, Any], model.with_structured_output(PRD, include_raw=True).invoke(messages))
        usage = answer["raw"].usage_metadata
        sampler = engine.llama.last_grammar_sampler
        calls.append(
            {
                "wall_s": round(time.perf_counter() - wall, 1),
                "cpu_s": round(_cpu() - cpu, 1),
                "in": usage["input_tokens"],
                "out": usage["output_tokens"],
                "valid": answer["parsed"] is not None,
                "grammar_fallbacks": sampler.fallbacks if sampler else None,
            }
        )
    out["prd_calls"] = calls
    out["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    out["loadavg_after"] = os.getloadavg()[0]
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("key", choices=["0.5b", "1.5b"])
    parser.add_argument("--ctx", type=int, default=16384)
    parser.add_argument("--prd-calls", type=int, default=1)
    args = parser.parse_args()
    print(json.dumps(measure(args.key, args.ctx, args.prd_calls)))


if __name__ == "__main__":
    main()
