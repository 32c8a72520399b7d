"""One checkpointer fixture for every test that checkpoints: memory, SQLite and PostgreSQL.

Modelled on langgraph's ``libs/prebuilt/tests/conftest_checkpointer.py``: one context
manager per store, one parametrised fixture choosing among them, and a fresh PostgreSQL
*database* per test (``CREATE DATABASE`` / ``DROP DATABASE ... WITH (FORCE)``), so tests
never see each other's threads and a test that leaks a connection cannot block the drop.

``saver_url`` yields the URL (for tests that open the store twice, as a second process
would); ``saver`` yields an open saver on it. The PostgreSQL variant reads its server
from ``SOPGRAPH_TEST_POSTGRES_URL`` (``.ci/postgres.sh`` starts one) and is skipped when
that is unset, unless ``SOPGRAPH_REQUIRE_POSTGRES=1``, which turns the skip into a failure
so CI cannot pass by silently testing two stores out of three.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn
from urllib.parse import urlsplit
from uuid import uuid4

import pytest
from langgraph.checkpoint.base import BaseCheckpointSaver

from checkpoints.savers import open_saver

POSTGRES_URL_VAR = "SOPGRAPH_TEST_POSTGRES_URL"
REQUIRE_POSTGRES_VAR = "SOPGRAPH_REQUIRE_POSTGRES"


def _postgres_unavailable(reason: str) -> NoReturn:
    """Skip, or fail when the run demands PostgreSQL."""
    if os.environ.get(REQUIRE_POSTGRES_VAR, "").strip().lower() in ("1", "true", "yes"):
        pytest.fail(f"{REQUIRE_POSTGRES_VAR}=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@contextmanager
def _postgres_database(server_url: str) -> Iterator[str]:
    """A new, empty database on the test server, dropped afterwards; yields its URL."""
    try:
        from psycopg import Connection, sql
    except ImportError:
        _postgres_unavailable('psycopg is not installed (pip install "sopgraph[postgres]")')
    name = f"sopgraph_t_{uuid4().hex[:16]}"
    with Connection.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlsplit(server_url)._replace(path=f"/{name}").geturl()
    finally:
        with Connection.connect(server_url, autocommit=True) as conn:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


@contextmanager
def _saver_url(kind: str, tmp_path: Path) -> Iterator[str]:
    if kind == "memory":
        yield "memory"
    elif kind == "sqlite":
        yield f"sqlite:///{tmp_path / 'state' / 'checkpoints.db'}"
    elif kind == "postgres":
        server_url = os.environ.get(POSTGRES_URL_VAR, "").strip()
        if not server_url:
            _postgres_unavailable(f"{POSTGRES_URL_VAR} is unset: start a server with .ci/postgres.sh")
        with _postgres_database(server_url) as url:
            yield url
    else:
        raise NotImplementedError(f"unknown saver kind {kind!r}")


@pytest.fixture(
    params=[
        pytest.param("memory"),
        pytest.param("sqlite"),
        pytest.param("postgres", marks=pytest.mark.postgres),
    ]
)
def saver_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """The URL of an empty checkpoint store of each kind."""
    with _saver_url(request.param, tmp_path) as url:
        yield url


@pytest.fixture
def saver(saver_url: str) -> Iterator[BaseCheckpointSaver[Any]]:
    """An open, empty saver of each kind (the same store ``saver_url`` names)."""
    with open_saver(saver_url) as opened:
        yield opened


__all__ = ["saver", "saver_url"]
