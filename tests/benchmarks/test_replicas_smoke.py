"""``benchmarks.replicas`` on the real 0.5B with tiny answers: the harness runs, and two
engine replicas in parallel give the same greedy answers as one engine in series."""

from __future__ import annotations

from pathlib import Path

from benchmarks import replicas
from tests.models.test_local_model import pytestmark as local_model_marks

pytestmark = local_model_marks


def test_parallel_replicas_answer_like_one_engine_in_series(tmp_path: Path) -> None:
    out = tmp_path / "replicas.json"
    result = replicas.main(["--model", "local:0.5b", "--max-tokens", "12", "--out", str(out)])
    assert result["identical_answers"] is True
    assert result["series_s"] > 0 and result["parallel_s"] > 0 and result["tokens"] > 0
    assert out.is_file()
