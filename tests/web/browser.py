"""Debian's chromium, headless, against the web app served on a real loopback port.

``--dump-dom`` returns the DOM after the page's scripts ran (``--virtual-time-budget`` lets
mermaid finish), ``--screenshot`` a PNG to look at. No browser is downloaded: the tests skip
when ``chromium`` is absent, and fail instead under ``SOPGRAPH_REQUIRE_BROWSER=1`` (CI).
Chromium as root in a container needs ``--no-sandbox --disable-dev-shm-usage``.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from starlette.applications import Starlette

FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-dev-shm-usage",
    "--disable-gpu",
    "--no-first-run",
    "--virtual-time-budget=15000",
    "--window-size=1400,2400",
]


def chromium() -> str:
    """The chromium binary, or a skip (a failure under ``SOPGRAPH_REQUIRE_BROWSER=1``)."""
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "Debian's chromium is not installed (apt-get install chromium)"
        if os.environ.get("SOPGRAPH_REQUIRE_BROWSER") == "1":
            pytest.fail(f"SOPGRAPH_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(reason)
    return found


@contextmanager
def serving(app: Starlette) -> Iterator[str]:
    """``app`` on a free loopback port in a background thread; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    worker = threading.Thread(target=server.run, daemon=True)
    worker.start()
    deadline = time.monotonic() + 20
    while not server.started:
        assert time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        worker.join(10)


def _chromium(binary: str, url: str, *extra: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "HOME": str(home)}  # its profile and crash dumps stay in the test's folder
    return subprocess.run(
        [binary, *FLAGS, f"--user-data-dir={home / 'profile'}", *extra, url],
        capture_output=True, text=True, timeout=120, env=env, check=False,
    )  # fmt: skip


def dump_dom(binary: str, url: str, home: Path) -> str:
    done = _chromium(binary, url, "--dump-dom", home=home)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def screenshot(binary: str, url: str, png: Path, home: Path) -> Path:
    done = _chromium(binary, url, f"--screenshot={png}", home=home)
    assert done.returncode == 0 and png.exists(), done.stderr[-2000:]
    return png
