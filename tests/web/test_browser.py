"""The run page in a real browser: mermaid draws the SOP graph and the PRD's quadrant chart
(then the class and sequence diagrams) as SVG, the timeline shows the run's messages, and a
model's ``<script>`` is shown as text, never run. Screenshots go to the test's folder
(``SOPGRAPH_SCREENSHOTS=DIR`` keeps copies to look at)."""

from __future__ import annotations

import os
import re
import shutil
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from tests.scenarios import prd, script
from tests.web.browser import chromium, dump_dom, screenshot, serving
from tests.web.helpers import site

pytestmark = pytest.mark.browser

HOSTILE = "<script>document.title='pwned'</script><img src=x onerror=\"document.title='pwned'\">"


def _keep(png: Path) -> None:
    folder = os.environ.get("SOPGRAPH_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        shutil.copy(png, Path(folder) / png.name)


def _svgs(dom: str) -> list[str]:
    return re.findall(r'aria-roledescription="([^"]+)"', dom)


def test_a_run_page_draws_its_diagrams_and_shows_its_log(tmp_path: Path) -> None:
    binary = chromium()
    answers = script()
    chart = f"quadrantChart\n    title {HOSTILE}\n    bc: [0.3, 0.6]"
    answers["PRD"] = [
        prd().model_copy(update={"product_goals": [HOSTILE], "competitive_quadrant_chart": chart})
    ]
    with site(tmp_path, answers) as s, serving(s.app) as base:
        thread = s.start()
        dom = dump_dom(binary, f"{base}/runs/{thread}", tmp_path)
        assert 'data-diagrams="drawn"' in dom
        assert "flowchart-v2" in _svgs(dom) and "quadrantChart" in _svgs(dom)
        assert re.search(r'class="node[^"]*running[^"]*"[^>]*flowchart-human_review-', dom)
        timeline = dom[dom.index('id="timeline"') :]
        assert "WritePRD" in timeline[: timeline.index("</ol>")]
        assert "<title>sopgraph: " in dom  # the hostile goal did not run
        assert "&lt;script&gt;document.title" in dom
        assert not re.search(r"<img[^>]*onerror", dom) and "<script>document.title" not in dom
        png = screenshot(binary, f"{base}/runs/{thread}", tmp_path / "run-at-prd-gate.png", tmp_path)
        assert png.stat().st_size > 30_000  # a blank page is a few KB
        _keep(png)

        assert s.review(thread, action="approve").status_code == 303
        done = dump_dom(binary, f"{base}/runs/{thread}", tmp_path)
        kinds = _svgs(done)
        assert "class" in " ".join(kinds) and "sequence" in kinds, kinds
        assert "succeeded" in done and "WriteTest" in done
        _keep(screenshot(binary, f"{base}/runs/{thread}", tmp_path / "run-succeeded.png", tmp_path))
        _keep(screenshot(binary, f"{base}/", tmp_path / "runs.png", tmp_path))


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
    with site(tmp_path, answers) as s, serving(s.app) as base:
        thread = s.start_nowait(gates="")
        deadline = time.monotonic() + 30
        while "WritePRD" not in s.client.get(f"/runs/{thread}").text:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        threading.Timer(2.0, release.set).start()
        dom = dump_dom(binary, f"{base}/runs/{thread}", tmp_path)
        s.wait()
        live = re.findall(r'<li data-live="true">(.*?)</li>', dom)
        assert any("WriteDesign" in entry for entry in live), live
        assert not any("WritePRD" in entry for entry in live)  # that one came with the page
        assert 'id="status" class="status succeeded"' in dom
        assert any("class" in kind for kind in _svgs(dom)), _svgs(dom)
