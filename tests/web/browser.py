"""Debian's chromium, headless, driven by Playwright for Python against the web app served on
a real loopback port.

Playwright's wheel carries its own driver, and the browser is the system's chromium given as
``executable_path``: a launch that way never looks for a browser of Playwright's own, so
nothing is downloaded (``playwright install`` is never run). The tests skip when
``chromium`` is absent, and fail instead under ``SOPGRAPH_REQUIRE_BROWSER=1`` (CI).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Page, expect, sync_playwright
from starlette.applications import Starlette

FLAGS = [
    # Chromium as root in a container: no user namespace for its sandbox, a small /dev/shm.
    "--no-sandbox",
    "--disable-dev-shm-usage",
    # No host name resolves, so neither the page (mermaid is vendored, no CDN) nor chromium's
    # own background services reach anything but the loopback address the app is served on.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]

# A mermaid block not drawn yet: neither an SVG in it nor refused (then shown as its text).
UNDRAWN = "pre.mermaid:not([data-invalid]):not(:has(svg))"


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


@contextmanager
def browser_page(binary: str, home: Path) -> Iterator[Page]:
    """One tab of a headless ``binary`` (a tall window, so a screenshot shows a whole run).

    ``HOME`` is the test's folder: chromium's crash reports and settings stay there.
    """
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=binary, args=FLAGS, env={**os.environ, "HOME": str(home)}, timeout=60_000
        )
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 2400})
            page.set_default_timeout(30_000)
            yield page
        finally:
            browser.close()


def settle(page: Page, timeout_ms: float = 30_000) -> None:
    """Wait until the page is quiet and its diagrams drawn.

    A run page follows its run over server-sent events and, when the stream ends, fetches its
    artifacts again and redraws them; reading the page before that would catch the diagrams
    half redrawn. Once the network is idle the stream is over and nothing replaces them.
    Locators, not ``wait_for_function``: that one evaluates its text with ``eval``, which the
    page's Content-Security-Policy forbids (and bypassing it would weaken what is tested).
    """
    page.wait_for_load_state("networkidle", timeout=timeout_ms)
    expect(page.locator("body")).to_have_attribute("data-diagrams", "drawn", timeout=timeout_ms)
    expect(page.locator(UNDRAWN)).to_have_count(0, timeout=timeout_ms)


def keep(png: Path) -> None:
    """Copy a screenshot to ``SOPGRAPH_SCREENSHOTS`` when set, to be looked at after the run."""
    folder = os.environ.get("SOPGRAPH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(folder) / png.name)


def shot(page: Page, png: Path, smallest: int = 20_000) -> Path:
    """A full-page screenshot, checked not to be blank (a blank page is a few KB of PNG)."""
    page.screenshot(path=png, full_page=True)
    assert png.stat().st_size > smallest, f"{png.name} looks blank ({png.stat().st_size} bytes)"
    keep(png)
    return png
