"""Bounds for running generated code, chosen per run and passed in the runtime context."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, kw_only=True)
class SandboxConfig:
    """How long and how big a generated test run may get."""

    timeout_s: float = 60.0
    memory_mb: int = 2048
    output_bytes: int = 64_000
