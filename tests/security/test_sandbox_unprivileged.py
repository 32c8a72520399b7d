"""The hostile corpus again, as an unprivileged user (issue 24 item 4).

The old sandbox isolated only as root; as an ordinary user it ran generated code with the
user's rights and network. CI runs as root, so this test re-runs the corpus through
``runuser -u nobody``. ``nobody`` cannot reach the interpreter under ``/root`` (mode 0700),
and a checkout may live there too: inside a private mount namespace (``unshare --mount``,
gone when the run ends) each such folder is bind-mounted back under a tmpfs that hides
the rest of ``/root``. Nothing on the host changes.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from nodes.sandbox import probe_isolation
from nodes.sandbox.bubblewrap import outermost, reachable_by_others

ROOT = Path(__file__).resolve().parents[2]
USER = "nobody"
SUITE = ["tests/sandbox/test_corpus.py", "tests/sandbox/test_runner.py"]
EXPOSE = """
import os, subprocess, sys
stage, rest = sys.argv[1], sys.argv[2:]
cut = rest.index("--")
pairs, command = list(zip(rest[:cut:2], rest[1:cut:2])), rest[cut + 1 :]
for hidden, path in pairs:  # first, while every path is still visible
    os.makedirs(stage + path, exist_ok=True)
    subprocess.run(["mount", "--bind", path, stage + path], check=True)
for hidden in sorted({hidden for hidden, _ in pairs}):
    subprocess.run(["mount", "-t", "tmpfs", "-o", "mode=0755,size=1m", "tmpfs", hidden], check=True)
for hidden, path in pairs:
    os.makedirs(path, exist_ok=True)
    subprocess.run(["mount", "--move", stage + path, path], check=True)
os.execvp(command[0], command)
"""
"""Root, in the private mount namespace: bind each ``path`` aside, hide each ``hidden``
folder (the one others cannot enter) under a tmpfs, and move the paths back into it."""


def hidden_ancestor(path: Path) -> Path | None:
    """The outermost folder above ``path`` that others cannot traverse, or None."""
    for folder in reversed([path, *path.parents]):
        if folder != path and not folder.stat().st_mode & 0o001:
            return folder
    return None


def exposures() -> list[str]:
    """``hidden path`` pairs for the checkout and both interpreter prefixes."""
    pairs: list[str] = []
    for name in outermost([str(ROOT), sys.prefix, sys.base_prefix]):
        path = Path(name)
        if reachable_by_others(name):
            continue
        hidden = hidden_ancestor(path)
        if hidden is None:
            pytest.skip(f"{path} itself is not readable by others")
        pairs += [str(hidden), str(path)]
    return pairs


def _tools_missing() -> list[str]:
    return [tool for tool in ("runuser", "unshare", "mount") if shutil.which(tool) is None]


@pytest.mark.slow
def test_the_corpus_holds_as_an_unprivileged_user(tmp_path: Path) -> None:
    if os.geteuid() != 0:
        pytest.skip("already unprivileged: the corpus itself runs as this user")
    if probe_isolation().refusal:
        pytest.skip(probe_isolation().refusal)
    if missing := _tools_missing():
        pytest.skip(f"missing {missing}")
    home = Path(tempfile.mkdtemp(prefix="sopgraph-nobody-home-"))  # pytest's tmp_path is root-only
    shutil.chown(home, USER)
    stage = tmp_path / "stage"
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": str(home),
        "SOPGRAPH_SANDBOX_CACHE": str(home / "cache"),
        "SOPGRAPH_REQUIRE_SANDBOX_ISOLATION": "1",
        "PYTHONDONTWRITEBYTECODE": "1",
        "LANG": "C.UTF-8",
    }
    pytest_argv = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-m", "not slow", *SUITE]
    as_user = ["runuser", "-u", USER, "--", "env", "-i", *(f"{k}={v}" for k, v in env.items()), *pytest_argv]
    argv = ["unshare", "--mount", "--propagation", "private", "--", sys.executable, "-I", "-c", EXPOSE]
    argv += [str(stage), *exposures(), "--", *as_user]
    try:
        done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=600, check=False)
    finally:
        shutil.rmtree(home, ignore_errors=True)
    tail = (done.stdout + done.stderr)[-3000:]
    assert done.returncode == 0, tail
    summary = done.stdout.strip().splitlines()[-1]
    assert re.search(r"\b(\d+) passed\b", summary) and "skipped" not in summary, tail
    corpus = re.findall(r"^tests/sandbox/test_corpus.py", done.stdout, re.MULTILINE)
    assert not corpus or "failed" not in summary, tail
