"""A review done in chromium as a person does it, through Playwright: start a run with a PRD
gate from the form, see it pause with its quadrant chart drawn, save an invalid edit (refused
beside the field, the store unchanged), send the PRD back with feedback (it is redone),
approve and watch the run finish with its class and sequence diagrams drawn.
A screenshot of each page is kept in the test's folder and checked not to be blank."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from benchmarks.scenarios import prd, script
from tests.web.browser import browser_page, chromium, serving, settle, shot
from tests.web.helpers import site

pytestmark = pytest.mark.browser


def _submit(page: Page, button: str) -> None:
    """Click a form's submit button and wait for the page the server answers with."""
    with page.expect_navigation():
        page.click(button)


def test_review_a_run_in_the_browser(tmp_path: Path) -> None:
    binary = chromium()
    answers = script()
    answers["PRD"] = [prd(), prd("calculator_v2")]
    with site(tmp_path, answers) as s, serving(s.app) as base, browser_page(binary, tmp_path) as page:
        page.goto(f"{base}/")
        page.fill("textarea[name=requirement]", "Make a command-line calculator that adds two numbers")
        page.fill("input[name=model]", "scripted")
        page.fill("input[name=candidates]", "1")
        page.check("input[name=gates][value=prd]")
        _submit(page, "form.start button[type=submit]")
        expect(page.locator("#review")).to_be_attached()  # paused, the form drawn
        settle(page)
        expect(page.locator("#artifact-prd svg[aria-roledescription=quadrantChart]")).to_have_count(1)
        shot(page, tmp_path / "review-1-prd-gate.png")

        before = s.store_bytes()
        page.fill("#artifact", '{"project_name": ')
        _submit(page, "#save-edit")
        expect(page.locator("#field-errors")).to_contain_text("not JSON")
        assert s.store_bytes() == before
        settle(page)
        shot(page, tmp_path / "review-2-refused-edit.png")

        page.fill("#feedback", "Call it calculator_v2")
        _submit(page, "#send-feedback")
        redone = page.locator("body:has(#review) #artifact-prd h1")  # and paused at the gate again
        expect(redone).to_contain_text("calculator_v2", timeout=60_000)

        _submit(page, "#approve")
        expect(page.locator("#status")).to_have_text("succeeded", timeout=90_000)
        expect(page.locator("#artifact-design svg")).to_have_count(2)
        settle(page)
        timeline = page.locator("#timeline").text_content() or ""
        assert "Review:feedback" in timeline and "Review:approve" in timeline and "Finalize" in timeline
        shot(page, tmp_path / "review-3-succeeded.png")
        thread = page.locator("#run").get_attribute("data-thread")
        assert thread is not None
        assert s.snapshot(thread).values["prd"].project_name == "calculator_v2"
