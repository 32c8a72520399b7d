"""Fixtures for the sandbox tests: host sentinels and a leftover-process check."""

from __future__ import annotations

import os
import secrets
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from nodes.sandbox.procscan import find_marked

SENTINEL_TEXT = "sentinel: the sandbox must not touch this"


@dataclass
class Host:
    """Things outside the sandbox that a hostile program will aim at."""

    token: str
    tmp_sentinel: Path
    """In the host's /tmp: the run has a private /tmp of its own."""
    run_sentinel: Path
    """Outside any temp folder (/run, or /var/tmp for a user who cannot write /run): not
    mounted into the run at all."""
    secret_file: Path
    """Owner-only (0600) file whose text must never show up in a report. Run as an ordinary
    user, the sandbox's uid maps onto ours: only the mount layout keeps it out of reach."""

    def substitute(self, text: str) -> str:
        """Fill the ``@@NAME@@`` placeholders of a corpus program."""
        return (
            text.replace("@@TOKEN@@", self.token)
            .replace("@@TMP_SENTINEL@@", str(self.tmp_sentinel))
            .replace("@@RUN_SENTINEL@@", str(self.run_sentinel))
            .replace("@@SECRET_FILE@@", str(self.secret_file))
        )

    def assert_untouched(self) -> None:
        """Both sentinel folders and their files still exist with the original text."""
        for folder in (self.tmp_sentinel, self.run_sentinel):
            assert (folder / "keep.txt").read_text() == SENTINEL_TEXT, folder
            assert sorted(p.name for p in folder.iterdir()) == ["keep.txt", "secret.txt"], folder
        assert not list(Path("/tmp").glob(f"*{self.token}*"))
        assert not list(Path("/").glob(f"*{self.token}*"))

    def assert_no_process_left(self) -> None:
        """No process anywhere carries this case's token in its environment or argv."""
        assert find_marked(self.token) == []


def _make_sentinel(folder: Path, token: str) -> None:
    folder.mkdir(mode=0o755)
    (folder / "keep.txt").write_text(SENTINEL_TEXT)
    (folder / "keep.txt").chmod(0o644)
    secret = folder / "secret.txt"
    secret.write_text(f"TOP-SECRET-{token}")
    secret.chmod(0o600)


@pytest.fixture
def host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Host]:
    """Fresh sentinels and a unique token, exported so sandboxed processes inherit it."""
    token = "sbx" + secrets.token_hex(6)
    tmp_sentinel = tmp_path / f"sentinel_{token}"
    base = Path("/run") if os.access("/run", os.W_OK) else Path("/var/tmp")
    run_sentinel = base / f"sopgraph_sentinel_{token}"
    _make_sentinel(tmp_sentinel, token)
    _make_sentinel(run_sentinel, token)
    monkeypatch.setenv("SOPGRAPH_CORPUS_MARKER", token)
    try:
        yield Host(token, tmp_sentinel, run_sentinel, run_sentinel / "secret.txt")
    finally:
        shutil.rmtree(run_sentinel, ignore_errors=True)
        for pid in find_marked(token):  # never leave a stray behind, even when a test failed
            os.kill(pid, 9)
