"""Prefix reuse on a recorded trace of chat calls: tokens read, time, identical answers.

    python -m benchmarks.engine_trace --model local:0.5b                  # built-in trace
    python -m benchmarks.engine_trace --model local:0.5b --trace calls.jsonl
    SOPGRAPH_TRACE_FILE=calls.jsonl sopgraph ...                          # record a trace
    python -m benchmarks.engine_trace --model local:0.5b --state-costs 1024,2048,3072

A trace is JSONL, one call per line: ``{"messages": [...], "response_format": ...,
"max_tokens": ..., "options": {...}}`` (what ``Engine.chat`` appends under
``$SOPGRAPH_TRACE_FILE``). Every call is replayed greedily (temperature 0, seed 0) on two or three
engines in this process, rotating which goes first: one that reads every prompt in
full (``prefix_reuse=False``), one with prefix reuse and, with ``--lookup N``, one with
prefix reuse and prompt-lookup decoding. Per engine it reports prompt tokens sent and
evaluated, completion tokens, model evaluations while generating and time, and whether
every answer was identical to the full-reading engine's.
Written to ``docs/benchmarks/engine-trace-<model>.json``.

Without ``--trace`` it replays ``synthetic_trace()``: the calls of one SOP run in
miniature, where a requirement + PRD + design block is shared and the instruction at the
end differs, plus a candidate sampled twice from one prompt, a repair turn and a call
with another system prompt in between (which exercises the saved prefixes).

``--state-costs`` instead times saving and restoring the KV cache of a prompt prefix of
each length against reading that prefix.
"""

from __future__ import annotations

import argparse
import ctypes
import json
import time
from pathlib import Path
from typing import Any

from benchmarks import report

REPLAYED_OPTIONS = ("top_p", "top_k", "repeat_penalty", "stop", "min_p")
"""Options taken over from a recorded call; temperature and seed are forced to greedy/0."""


REQUIREMENT = (
    "Requirement: build a command-line expense tracker. A user records expenses with an "
    "amount, a category and an optional note; lists them for a month; sees totals per "
    "category; sets a monthly budget per category and is warned when an expense exceeds "
    "it; exports a month to CSV. Data lives in one JSON file in the user's home directory."
)

PRD = """PRD:
product_goals: record an expense in one command; see where the money went this month; never lose data.
user_stories:
- as a user I run `spend add 12.50 food --note lunch` and see the new running total for food
- as a user I run `spend list 2024-05` and see every expense of May, newest first, numbered
- as a user I run `spend totals` and see one line per category with the sum and the budget
- as a user I run `spend budget food 300` and later get a warning when food exceeds 300
- as a user I run `spend export 2024-05 may.csv` and open the file in a spreadsheet
- as a user I run `spend rm 3` to delete expense number 3 of the last listing
requirement_analysis: amounts are decimals with two places (use decimal.Decimal, never float);
categories are lower-case words; months are YYYY-MM; the current month is the default; the data
file is rewritten atomically (temporary file + os.replace) so an interrupted write loses nothing;
invalid input prints one line to stderr and exits with status 2; success exits with 0.
requirement_pool:
- P0 add, list, totals with Decimal arithmetic and the JSON store
- P0 atomic save and a clear error for a corrupt file
- P1 budgets and warnings
- P1 CSV export with a header row
- P2 delete by listing number
ui_design_draft: plain text, aligned columns, amounts right-aligned with two decimals."""

DESIGN = """Design:
implementation_approach: standard library only (argparse, json, decimal, csv, datetime, pathlib,
tempfile, os). One package `spend` with three modules; the CLI parses arguments and calls pure
functions in `ledger`, which never print; `store` is the only module touching the file system.
file_list: spend/__init__.py, spend/store.py, spend/ledger.py, spend/cli.py, tests/test_ledger.py,
tests/test_store.py, tests/test_cli.py
data_structures_and_interfaces:
class Expense: amount: Decimal; category: str; note: str; day: date
    to_json() -> dict   # amount as a string, day as ISO text
    from_json(data: dict) -> Expense   # raises ValueError on a bad field
class Ledger: expenses: list[Expense]; budgets: dict[str, Decimal]
    add(expense: Expense) -> Decimal   # returns the category total of that month
    month(month: str) -> list[Expense]   # newest first
    totals(month: str) -> dict[str, Decimal]
    over_budget(month: str) -> dict[str, Decimal]   # category -> amount over
    remove(month: str, number: int) -> Expense   # 1-based as listed; IndexError otherwise
store.load(path: Path) -> Ledger   # empty Ledger when missing; StoreError when corrupt
store.save(path: Path, ledger: Ledger) -> None   # atomic
cli.main(argv: list[str] | None = None) -> int
program_call_flow: main parses argv -> store.load -> Ledger method -> store.save when changed ->
print result -> return 0; a ValueError, IndexError or StoreError prints `error: ...` to stderr and
returns 2.
anything_unclear: whether totals should include categories without expenses but with a budget
(assumed yes, shown with 0.00)."""

SHARED_SYSTEM = (
    "You are one member of a small software team that follows a written standard operating "
    "procedure. Answer only with what your role is asked for, concisely."
)

ROLE_ASKS = {
    "architect": "As the Architect, list the three modules and one risk of this design, in JSON.",
    "project_manager": "As the Project Manager, order the files to write and say why, in one line each.",
    "engineer": "As the Engineer, write spend/ledger.py's Ledger.totals method only.",
    "qa_engineer": "As the QA Engineer, write two pytest tests for Ledger.over_budget.",
}

ARCHITECT_SCHEMA = {
    "type": "object",
    "properties": {
        "modules": {"type": "array", "items": {"type": "string"}},
        "risk": {"type": "string"},
    },
    "required": ["modules", "risk"],
}


def _role_call(role: str, max_tokens: int = 48) -> dict[str, Any]:
    shared = f"{REQUIREMENT}\n\n{PRD}\n\n{DESIGN}\n\n"
    call: dict[str, Any] = {
        "messages": [
            {"role": "system", "content": SHARED_SYSTEM},
            {"role": "user", "content": shared + ROLE_ASKS[role]},
        ],
        "response_format": None,
        "max_tokens": max_tokens,
    }
    if role == "architect":
        call["response_format"] = {"type": "json_object", "schema": ARCHITECT_SCHEMA}
    return call


def synthetic_trace() -> list[dict[str, Any]]:
    """Eight calls shaped like one SOP run with a shared requirement + PRD + design block."""
    engineer = _role_call("engineer")
    repair = json.loads(json.dumps(engineer))
    repair["messages"] += [
        {"role": "assistant", "content": "def totals(self, month):\n    return {}"},
        {
            "role": "user",
            "content": "The tests failed: totals returned {} for a month with expenses. Fix it.",
        },
    ]
    reviewer = {
        "messages": [
            {"role": "system", "content": "You review Python designs and list risks, one per line."},
            {"role": "user", "content": f"{DESIGN}\n\nList two risks."},
        ],
        "response_format": None,
        "max_tokens": 48,
    }
    return [
        _role_call("architect"),
        _role_call("project_manager"),
        engineer,
        reviewer,
        engineer,  # a second candidate sampled from the same prompt
        repair,
        _role_call("qa_engineer"),
        reviewer,
    ]


def load_trace(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _replay(engine: Any, call: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    recorded = call.get("options") or {}
    options = {key: recorded[key] for key in REPLAYED_OPTIONS if key in recorded}
    reply = engine.chat(
        call["messages"],
        response_format=call.get("response_format"),
        temperature=0.0,
        seed=0,
        max_tokens=call.get("max_tokens") or recorded.get("max_tokens") or 256,
        **options,
    )
    stats = engine.last_call
    row = {
        "sent": stats.prompt_tokens,
        "evaluated": stats.prompt_tokens_evaluated,
        "reused_from": stats.reused_from,
        "completion": stats.completion_tokens,
        "prompt_s": round(stats.prompt_seconds, 2),
        "state_s": round(stats.state_seconds, 4),
        "wall_s": round(stats.wall_seconds, 2),
        "gen_evals": stats.generation_evals,
    }
    return str(reply["choices"][0]["message"].get("content") or ""), row


def _summary(engine: Any) -> dict[str, Any]:
    totals = engine.totals
    return {
        "calls": totals.calls,
        "prompt_tokens_sent": totals.prompt_tokens,
        "prompt_tokens_evaluated": totals.prompt_tokens_evaluated,
        "evaluated_over_sent": round(totals.prompt_tokens_evaluated / max(1, totals.prompt_tokens), 3),
        "completion_tokens": totals.completion_tokens,
        "prompt_s": round(totals.prompt_seconds, 2),
        "state_s": round(totals.state_seconds, 4),
        "generation_s": round(totals.generation_seconds, 2),
        "wall_s": round(totals.wall_seconds, 2),
        "states_saved": totals.states_saved,
        "states_loaded": totals.states_loaded,
        "drafted_tokens": totals.drafted_tokens,
        "generation_evals": totals.generation_evals,
    }


def _engines(
    spec: str, n_ctx: int | None, n_batch: int | None, lookup: int = 0
) -> tuple[Any, dict[str, Any]]:
    """The model and its engines by label: ``reset``, ``reuse`` and, with ``lookup`` > 0,
    ``lookup`` (prefix reuse plus prompt-lookup decoding of that many drafted tokens)."""
    from nodes.models.engine import engine_for
    from nodes.models.registry import load_chat_model

    model = load_chat_model(spec)
    path = str(model.model_path)  # type: ignore[attr-defined]  # a LocalChatModel
    ctx = n_ctx or int(model.context_window)  # type: ignore[attr-defined]
    threads = model.n_threads  # type: ignore[attr-defined]
    engines = {
        "reset": engine_for(path, ctx, threads, n_batch=n_batch, prefix_reuse=False, prompt_lookup=0),
        "reuse": engine_for(path, ctx, threads, n_batch=n_batch, prefix_reuse=True, prompt_lookup=0),
    }
    if lookup > 0:
        engines["lookup"] = engine_for(
            path, ctx, threads, n_batch=n_batch, prefix_reuse=True, prompt_lookup=lookup
        )
    return model, engines


def replay(
    spec: str, calls: list[dict[str, Any]], n_ctx: int | None, n_batch: int | None, lookup: int = 0
) -> dict[str, Any]:
    """Every call on every engine, the order rotating per call; each answer compared with
    the ``reset`` engine's (the reference: it reads every prompt in full)."""
    model, engines = _engines(spec, n_ctx, n_batch, lookup)
    labels = list(engines)
    rows = []
    identical = dict.fromkeys(labels[1:], True)
    for index, call in enumerate(calls):
        shift = index % len(labels)  # no engine always runs on the warmer cache / quieter machine
        answers: dict[str, str] = {}
        row: dict[str, Any] = {"call": index}
        for label in labels[shift:] + labels[:shift]:
            answers[label], stats = _replay(engines[label], call)
            row.update({f"{label}_{key}": value for key, value in stats.items() if key != "reused_from"})
            if label == "reuse":
                row["reused_from"] = stats["reused_from"]
        for label in identical:
            row[f"{label}_identical"] = answers[label] == answers["reset"]
            identical[label] = identical[label] and row[f"{label}_identical"]
        rows.append(row)
        report.console.print(row)
    return {
        "benchmark": "engine_trace",
        "model": spec,
        "conditions": report.conditions(
            **report.model_conditions(model),
            n_ctx=engines["reset"].context_window,
            n_batch=engines["reuse"].n_batch,
            prompt_lookup=lookup,
        ),
        "calls": len(calls),
        **{label: _summary(engine) for label, engine in engines.items()},
        "all_answers_identical": identical["reuse"],
        "answers_identical_to_reset": identical,
        "per_call": rows,
    }


def state_costs(spec: str, lengths: list[int], n_batch: int | None) -> dict[str, Any]:
    """Seconds to save / restore a prefix's KV cache vs. reading that prefix, per length."""
    import llama_cpp

    model, engines = _engines(spec, None, n_batch)
    llama = engines["reuse"].llama
    text = f"{REQUIREMENT}\n\n{PRD}\n\n{DESIGN}\n\n"
    tokens = llama.tokenize(text.encode("utf-8"), add_bos=False, special=True)
    while len(tokens) < max(lengths):
        tokens = tokens + tokens
    tokens = tokens[: max(lengths)]
    llama.reset()
    started = time.perf_counter()
    llama.eval(tokens)
    read_s = time.perf_counter() - started
    rows = []
    for length in sorted(lengths, reverse=True):
        llama._ctx.kv_cache_seq_rm(-1, length, -1)
        llama.n_tokens = length
        started = time.perf_counter()
        size = int(llama_cpp.llama_state_seq_get_size(llama.ctx, 0))
        data = (ctypes.c_uint8 * size)()
        written = int(llama_cpp.llama_state_seq_get_data(llama.ctx, data, size, 0))
        save_s = time.perf_counter() - started
        started = time.perf_counter()
        llama._ctx.kv_cache_seq_rm(-1, 0, -1)
        loaded = int(llama_cpp.llama_state_seq_set_data(llama.ctx, data, written, 0))
        load_s = time.perf_counter() - started
        rows.append(
            {
                "tokens": length,
                "state_mib": round(written / 2**20, 1),
                "save_s": round(save_s, 4),
                "load_s": round(load_s, 4),
                "read_s_est": round(read_s * length / len(tokens), 2),
                "load_ok": loaded == written,
            }
        )
    llama.reset()
    return {
        "benchmark": "engine_state_costs",
        "model": spec,
        "conditions": report.conditions(**report.model_conditions(model), n_batch=llama.n_batch),
        "read_tokens": len(tokens),
        "read_s": round(read_s, 2),
        "read_tok_per_s": round(len(tokens) / read_s, 1),
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default="local:0.5b")
    parser.add_argument("--trace", type=Path, help="JSONL of calls (default: the built-in synthetic trace)")
    parser.add_argument("--ctx", type=int, help="n_ctx of both engines (default: the model's)")
    parser.add_argument("--n-batch", type=int, help="prompt chunk size (default: the engine's)")
    parser.add_argument(
        "--lookup", type=int, default=0, help="also replay on an engine with prompt lookup drafting N tokens"
    )
    parser.add_argument("--write-synthetic", type=Path, help="write the built-in trace as JSONL and exit")
    parser.add_argument("--state-costs", help="comma-separated prefix lengths: time save/restore instead")
    parser.add_argument(
        "--out", type=Path, help="result JSON (default: docs/benchmarks/engine-trace-<model>.json)"
    )
    args = parser.parse_args(argv)
    if args.write_synthetic:
        args.write_synthetic.write_text("".join(json.dumps(call) + "\n" for call in synthetic_trace()))
        return 0
    slug = args.model.replace(":", "-").replace("/", "_")
    if args.state_costs:
        lengths = [int(part) for part in args.state_costs.split(",") if part.strip()]
        result = state_costs(args.model, lengths, args.n_batch)
        report.print_conditions(result["conditions"])
        report.print_table(f"prefix state save/restore ({args.model})", result["rows"])
        report.write_json(args.out or report.RESULTS_DIR / f"engine-state-costs-{slug}.json", result)
        return 0
    calls = load_trace(args.trace) if args.trace else synthetic_trace()
    result = replay(args.model, calls, args.ctx, args.n_batch, args.lookup)
    result["trace"] = str(args.trace) if args.trace else "synthetic"
    report.print_conditions(result["conditions"])
    report.print_table("per call", result["per_call"])
    report.print_table(
        f"prefix reuse on {result['trace']} ({args.model})",
        [{"engine": label, **result[label]} for label in ("reset", "reuse", "lookup") if label in result],
    )
    report.console.print(f"greedy answers identical to reset: {result['answers_identical_to_reset']}")
    report.write_json(args.out or report.RESULTS_DIR / f"engine-trace-{slug}.json", result)
    return 0 if result["all_answers_identical"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
