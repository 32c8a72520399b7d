"""The web app over a real SQLite file and the scripted model, for route and browser tests."""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.testclient import TestClient

from benchmarks.scenarios import REQUIREMENT, script
from checkpoints.savers import open_saver
from graph.web import create_app
from nodes.context import Context
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import FAST_SANDBOX


@dataclass
class Site:
    app: Starlette
    client: TestClient
    saver: Any
    db: Path
    model: ScriptedChatModel

    @property
    def csrf(self) -> str:
        return str(self.app.state.web.csrf)

    def wait(self) -> None:
        self.app.state.web.jobs.wait()

    def start(self, gates: str = "prd", requirement: str = REQUIREMENT) -> str:
        """Start a run from the form and wait until it pauses or ends; its thread id."""
        thread = self.start_nowait(gates, requirement)
        self.wait()
        return thread

    def start_nowait(self, gates: str = "prd", requirement: str = REQUIREMENT) -> str:
        """Start a run from the form; its thread id at once, the run going on behind."""
        answer = self.client.post(
            "/runs",
            data={
                "csrf": self.csrf,
                "requirement": requirement,
                "model": "scripted",
                "gates": gates,
                "candidates": "1",
            },
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        return answer.headers["location"].rsplit("/", 1)[-1]

    def review(self, thread: str, **fields: str) -> Any:
        answer = self.client.post(
            f"/runs/{thread}/review", data={"csrf": self.csrf, **fields}, follow_redirects=False
        )
        self.wait()
        return answer

    def store_bytes(self) -> bytes:
        """The SQLite file and its write-ahead log, byte for byte."""
        wal = self.db.with_name(self.db.name + "-wal")
        return self.db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")

    def snapshot(self, thread: str) -> Any:
        return self.app.state.web.graph.get_state({"configurable": {"thread_id": thread}})


@contextmanager
def site(tmp_path: Path, answers: dict[str, Any] | None = None) -> Iterator[Site]:
    db = tmp_path / "checkpoints.db"
    model = ScriptedChatModel(script=answers or script())
    with open_saver(f"sqlite:///{db}") as saver:
        app = create_app(saver, Context(model=model, sandbox=FAST_SANDBOX, workspace=tmp_path / "ws"))
        with TestClient(app) as client:
            yield Site(app=app, client=client, saver=saver, db=db, model=model)
        app.state.web.jobs.wait()


def csrf_of(html: str) -> str:
    found = re.search(r'name="csrf" value="([^"]+)"', html)
    assert found is not None
    return found.group(1)
