"""The scripted chat model, for the tests: it lives in ``benchmarks.fakes`` (the benchmarks'
oracles use it too, and a benchmark does not import from ``tests/``)."""

from benchmarks.fakes import Responder, Response, ScriptedChatModel, ScriptExhausted

__all__ = ["Responder", "Response", "ScriptExhausted", "ScriptedChatModel"]
