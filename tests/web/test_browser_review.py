"""A review done in chromium as a person does it, over the DevTools protocol: start a run
with a PRD gate from the form, see it pause with its quadrant chart drawn, save an invalid
edit (refused beside the field, the store unchanged), send the PRD back with feedback (it is
redone), approve and watch the run finish with its class and sequence diagrams drawn.
A screenshot of each page is kept in the test's folder and checked not to be blank."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.scenarios import prd, script
from tests.web.browser import chromium, serving
from tests.web.cdp import Page
from tests.web.helpers import site
from tests.web.test_browser import _keep

pytestmark = pytest.mark.browser

DRAWN = "document.body.dataset.diagrams === 'drawn'"


def _shot(page: Page, path: Path) -> None:
    page.screenshot(path)
    assert path.stat().st_size > 20_000, f"{path.name} looks blank"
    _keep(path)


def test_review_a_run_in_the_browser(tmp_path: Path) -> None:
    binary = chromium()
    answers = script()
    answers["PRD"] = [prd(), prd("calculator_v2")]
    with site(tmp_path, answers) as s, serving(s.app) as base:
        page = Page(binary, tmp_path)
        try:
            page.open(f"{base}/")
            page.fill("textarea[name=requirement]", "Make a command-line calculator that adds two numbers")
            page.fill("input[name=model]", "scripted")
            page.fill("input[name=candidates]", "1")
            page.eval("document.querySelector('input[name=gates][value=prd]').checked = true")
            page.submit("form.start button[type=submit]")
            page.wait_for("document.getElementById('review') !== null")  # paused, the form drawn
            page.wait_for(DRAWN)
            assert page.eval(
                "!!document.querySelector('#artifact-prd svg[aria-roledescription=quadrantChart]')"
            )
            _shot(page, tmp_path / "review-1-prd-gate.png")

            before = s.store_bytes()
            page.fill("#artifact", '{"project_name": ')
            page.submit("#save-edit")
            errors = page.wait_for("document.getElementById('field-errors')?.textContent")
            assert "not JSON" in errors
            assert s.store_bytes() == before
            _shot(page, tmp_path / "review-2-refused-edit.png")

            page.fill("#feedback", "Call it calculator_v2")
            page.submit("#send-feedback")
            page.wait_for("document.getElementById('review') !== null", timeout=60)
            page.wait_for("document.querySelector('#artifact-prd h1')?.textContent.includes('calculator_v2')")

            page.submit("#approve")
            page.wait_for("document.getElementById('status').textContent === 'succeeded'", timeout=90)
            page.wait_for("document.querySelectorAll('#artifact-design svg').length === 2", timeout=30)
            timeline = page.eval("document.getElementById('timeline').textContent")
            assert "Review:feedback" in timeline and "Review:approve" in timeline and "Finalize" in timeline
            _shot(page, tmp_path / "review-3-succeeded.png")
            thread = page.eval("document.getElementById('run').dataset.thread")
        finally:
            page.close()
        assert s.snapshot(thread).values["prd"].project_name == "calculator_v2"
