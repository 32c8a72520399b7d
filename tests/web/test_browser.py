"""The run page in a real browser: mermaid draws the SOP graph and the PRD's quadrant chart
(then the class and sequence diagrams) as SVG, the timeline shows the run's messages, and a
model's ``<script>`` is shown as text, never run. Screenshots go to the test's folder
(``SOPGRAPH_SCREENSHOTS=DIR`` keeps copies to look at)."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from benchmarks.scenarios import prd, script
from tests.web.browser import browser_page, chromium, serving, settle, shot
from tests.web.helpers import site

pytestmark = pytest.mark.browser

HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"


def _svgs(dom: str) -> list[str]:
    return re.findall(r'aria-roledescription="([^"]+)"', dom)


def test_a_run_page_draws_its_diagrams_and_shows_its_log(tmp_path: Path) -> None:
    binary = chromium()
    answers = script()
    chart = f"quadrantChart\n    title {HOSTILE}\n    bc: [0.3, 0.6]"
    answers["PRD"] = [
        prd().model_copy(update={"product_goals": [HOSTILE], "competitive_quadrant_chart": chart})
    ]
    with site(tmp_path, answers) as s, serving(s.app) as base, browser_page(binary, tmp_path) as page:
        requested: list[str] = []
        page.on("request", lambda request: requested.append(request.url))
        thread = s.start()
        page.goto(f"{base}/runs/{thread}")
        settle(page)
        dom = page.content()
        assert 'data-diagrams="drawn"' in dom
        assert "flowchart-v2" in _svgs(dom) and "quadrantChart" in _svgs(dom)
        assert re.search(r'class="node[^"]*running[^"]*"[^>]*flowchart-human_review-', dom)
        timeline = dom[dom.index('id="timeline"') :]
        assert "WritePRD" in timeline[: timeline.index("</ol>")]
        assert page.title().startswith("sopgraph: ")  # the hostile goal did not run
        assert "&lt;script&gt;document.title" in dom
        assert not re.search(r"<img[^>]*onerror", dom) and "<script>document.title" not in dom
        assert not any(url.endswith("/x") for url in requested), requested  # no hostile <img> loaded
        shot(page, tmp_path / "run-at-prd-gate.png", smallest=30_000)

        assert s.review(thread, action="approve").status_code == 303
        page.goto(f"{base}/runs/{thread}")
        settle(page)
        done = page.content()
        kinds = _svgs(done)
        assert "class" in " ".join(kinds) and "sequence" in kinds, kinds
        assert "succeeded" in done and "WriteTest" in done
        shot(page, tmp_path / "run-succeeded.png", smallest=30_000)
        page.goto(f"{base}/")
        shot(page, tmp_path / "runs.png")


def test_the_timeline_follows_a_run_live(tmp_path: Path) -> None:
    """The page is opened while the Architect is still writing; what the run publishes after
    that arrives over the event stream (entries marked ``data-live``), and the design's
    class diagram is drawn when its artifacts are swapped in."""
    binary = chromium()
    answers = script()
    release = threading.Event()
    designs = list(answers["SystemDesign"])

    def slow_architect(_name: str, _messages: Any) -> Any:
        release.wait(30)
        return designs.pop(0)

    answers["SystemDesign"] = slow_architect
    with site(tmp_path, answers) as s, serving(s.app) as base, browser_page(binary, tmp_path) as page:
        thread = s.start_nowait(gates="")
        deadline = time.monotonic() + 30
        while "WritePRD" not in s.client.get(f"/runs/{thread}").text:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        page.goto(f"{base}/runs/{thread}")
        assert page.locator("#status").text_content() != "succeeded"  # opened while running
        release.set()
        expect(page.locator("#status")).to_have_text("succeeded", timeout=60_000)
        s.wait()
        settle(page)
        dom = page.content()
        live = re.findall(r'<li data-live="true">(.*?)</li>', dom)
        assert any("WriteDesign" in entry for entry in live), live
        assert not any("WritePRD" in entry for entry in live)  # that one came with the page
        assert 'id="status" class="status succeeded"' in dom
        assert any("class" in kind for kind in _svgs(dom)), _svgs(dom)
