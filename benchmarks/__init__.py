"""Benchmarks: the measurements sopgraph's claims rest on (see docs/benchmarks.md).

Each submodule runs from one command (``python -m benchmarks.<name>``), prints a table with
the conditions it ran under, and writes JSON under ``docs/benchmarks/``. Comparisons run both
sides in the same process and report the ratio, because the machine is shared and noisy.
"""
