"""Bounds for running generated code, chosen per run and passed in the runtime context."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class SandboxConfig:
    """How long and how big a generated test run may get."""

    timeout_s: float = 60.0
    test_timeout_s: float | None = 10.0
    """Per test, so one hanging test (QA asking a naive ``fib(100)``) does not hide the rest."""
    memory_mb: int = 2048
    output_bytes: int = 64_000
