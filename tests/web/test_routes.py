"""``sopgraph serve``'s routes through Starlette's TestClient: a real SQLite file, the scripted
model, a PRD gate answered from the page (approve, edit, feedback), refusals that write
nothing, CSRF, escaping of hostile model text, the event stream and forks."""

from __future__ import annotations

import json
import threading
from pathlib import Path
from typing import Any

import pytest

from benchmarks.scenarios import prd, script
from checkpoints.locks import thread_lock
from graph.web.security import check_bind, is_loopback
from tests.web.helpers import site

HOSTILE = "<script>alert(1)</script>"


def test_start_pauses_at_the_prd_gate_and_the_page_shows_it(tmp_path: Path) -> None:
    with site(tmp_path) as s:
        thread = s.start()
        page = s.client.get(f"/runs/{thread}")
        assert page.status_code == 200
        assert "awaiting_review" in page.text and 'id="review"' in page.text
        assert '<pre class="mermaid">quadrantChart' in page.text  # drawn by the browser
        assert "WritePRD" in page.text  # the timeline
        listing = s.client.get("/")
        assert thread in listing.text and "scripted" in listing.text


def test_approve_runs_to_the_end(tmp_path: Path) -> None:
    with site(tmp_path) as s:
        thread = s.start()
        answer = s.review(thread, action="approve")
        assert answer.status_code == 303
        assert s.snapshot(thread).values["status"] == "succeeded"
        page = s.client.get(f"/runs/{thread}").text
        assert "classDiagram" in page and "sequenceDiagram" in page
        assert "LGTM" in page and "Test report" in page and "Usage per role" in page


def test_a_valid_edit_replaces_the_prd(tmp_path: Path) -> None:
    with site(tmp_path) as s:
        thread = s.start()
        edited = prd().model_dump(mode="json") | {"product_goals": ["Edited goal"]}
        assert s.review(thread, action="edit", artifact=json.dumps(edited)).status_code == 303
        values = s.snapshot(thread).values
        assert values["prd"].product_goals == ["Edited goal"] and values["status"] == "succeeded"


@pytest.mark.parametrize(
    ("artifact", "shown"),
    [
        ('{"project_name": ', "not JSON"),
        (json.dumps(prd().model_dump(mode="json") | {"product_goals": "one"}), "<code>product_goals</code>"),
        ("[1, 2]", "must be a JSON object"),
    ],
)
def test_a_refused_edit_leaves_the_store_byte_identical(tmp_path: Path, artifact: str, shown: str) -> None:
    with site(tmp_path) as s:
        thread = s.start()
        before = s.store_bytes()
        answer = s.review(thread, action="edit", artifact=artifact)
        assert answer.status_code == 422
        assert shown in answer.text and "field-errors" in answer.text
        assert artifact.replace('"', "&#34;")[:20] in answer.text  # the reviewer's text is kept
        assert s.store_bytes() == before
        assert s.snapshot(thread).values["status"] == "awaiting_review"


def test_feedback_redoes_the_prd(tmp_path: Path) -> None:
    answers = script()
    answers["PRD"] = [prd(), prd("calculator_v2")]
    with site(tmp_path, answers) as s:
        thread = s.start()
        assert s.review(thread, action="feedback", text="Call it calculator_v2").status_code == 303
        values = s.snapshot(thread).values
        assert values["status"] == "awaiting_review" and values["prd"].project_name == "calculator_v2"
        assert s.review(thread, action="feedback", text="  ").status_code == 422  # empty: refused


def test_posts_without_the_csrf_token_are_refused(tmp_path: Path) -> None:
    with site(tmp_path) as s:
        thread = s.start()
        before = s.store_bytes()
        for data in ({"action": "approve"}, {"action": "approve", "csrf": "forged"}):
            assert s.client.post(f"/runs/{thread}/review", data=data).status_code == 403
        assert s.client.post("/runs", data={"requirement": "x"}).status_code == 403
        assert s.store_bytes() == before


def test_hostile_model_text_is_shown_as_text(tmp_path: Path) -> None:
    answers = script()
    hostile = prd().model_copy(
        update={
            "product_goals": [HOSTILE],
            "competitive_quadrant_chart": f"quadrantChart\n    title {HOSTILE}",
        }
    )
    answers["PRD"] = [hostile]
    with site(tmp_path, answers) as s:
        thread = s.start()
        page = s.client.get(f"/runs/{thread}")
        assert HOSTILE not in page.text
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "script-src 'self'" in page.headers["content-security-policy"]
        fragment = s.client.get(f"/runs/{thread}/artifacts").text
        assert HOSTILE not in fragment and "&lt;script&gt;" in fragment


def test_the_event_stream_sends_the_log_and_ends_at_the_gate(tmp_path: Path) -> None:
    with site(tmp_path) as s:
        thread = s.start()
        with s.client.stream("GET", f"/runs/{thread}/events?after=1") as stream:
            body = "".join(stream.iter_text())
        events = [block.split("\n") for block in body.strip().split("\n\n")]
        names = [lines[0].removeprefix("event: ") for lines in events]
        assert names == ["messages", "state", "end"]
        entries = json.loads(events[0][1].removeprefix("data: "))["entries"]
        assert [e["action"] for e in entries] == ["WritePRD"]  # after=1 skipped ReadRequirement
        assert json.loads(events[1][1].removeprefix("data: "))["running"] == ["human_review"]


def test_a_run_a_terminal_drives_is_refused_to_the_page(tmp_path: Path) -> None:
    with site(tmp_path) as s:
        thread = s.start()
        held, release = threading.Event(), threading.Event()

        def terminal() -> None:
            with thread_lock(s.saver, thread):
                held.set()
                release.wait(10)

        other = threading.Thread(target=terminal)
        other.start()
        held.wait(10)
        try:
            before = s.store_bytes()
            answer = s.review(thread, action="approve")
            assert answer.status_code == 409 and "pid" in answer.text
            assert s.store_bytes() == before
        finally:
            release.set()
            other.join()


def test_fork_from_a_checkpoint_starts_a_new_run(tmp_path: Path) -> None:
    with site(tmp_path) as s:
        thread = s.start(gates="")
        history = s.client.get(f"/runs/{thread}/history").text
        assert "Fork from here" in history
        items = s.app.state.web.graph.get_state_history({"configurable": {"thread_id": thread}})
        at_prd = next(
            i for i in items if i.metadata.get("source") == "loop" and tuple(i.next) == ("architect",)
        )
        s.model.script.update(script())  # the fork pays for the steps after the PRD again
        answer = s.client.post(
            f"/runs/{thread}/fork",
            data={"csrf": s.csrf, "checkpoint_id": at_prd.config["configurable"]["checkpoint_id"]},
            follow_redirects=False,
        )
        assert answer.status_code == 303, answer.text
        s.wait()
        new = answer.headers["location"].rsplit("/", 1)[-1]
        assert new != thread
        values = s.snapshot(new).values
        assert values["status"] == "succeeded" and values["prd"] == s.snapshot(thread).values["prd"]


def test_binding_beyond_loopback_needs_a_flag_and_a_token() -> None:
    assert is_loopback("127.0.0.1") and is_loopback("::1") and is_loopback("localhost")
    check_bind("127.0.0.1", False, None)
    with pytest.raises(ValueError, match="--allow-remote"):
        check_bind("0.0.0.0", False, None)
    with pytest.raises(ValueError, match="--token"):
        check_bind("0.0.0.0", True, "short")
    check_bind("0.0.0.0", True, "x" * 16)


def test_the_access_token_is_asked_for_then_kept_in_a_cookie(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from checkpoints.savers import open_saver
    from graph.web import create_app
    from nodes.context import Context

    token: Any = "t" * 24
    with open_saver(f"sqlite:///{tmp_path / 'c.db'}") as saver:
        client = TestClient(create_app(saver, Context(), token=token))
        assert client.get("/").status_code == 401
        assert client.get("/?token=wrong").status_code == 401
        first = client.get(f"/?token={token}", follow_redirects=False)
        assert first.status_code == 303 and "token" not in first.headers["location"]
        assert client.get("/").status_code == 200  # the cookie


def test_a_run_that_cannot_start_shows_why(tmp_path: Path) -> None:
    from starlette.testclient import TestClient

    from checkpoints.savers import open_saver
    from graph.web import create_app
    from nodes.context import Context

    with open_saver(f"sqlite:///{tmp_path / 'c.db'}") as saver:
        app = create_app(saver, Context(workspace=tmp_path))
        client = TestClient(app)
        fields = {"csrf": app.state.web.csrf, "requirement": "Make a CLI calculator", "model": "nosuch:xyz"}
        answer = client.post("/runs", data=fields, follow_redirects=False)
        assert answer.status_code == 303
        app.state.web.jobs.wait()
        page = client.get(answer.headers["location"])
        assert page.status_code == 200 and "invalid model spec" in page.text and 'id="job-error"' in page.text
        with client.stream("GET", answer.headers["location"] + "/events") as stream:
            body = "".join(stream.iter_text())
        assert "event: end" in body and "invalid model spec" in body


def test_fork_with_an_edited_artifact_and_a_refused_one(tmp_path: Path) -> None:
    with site(tmp_path) as s:
        thread = s.start(gates="")
        items = s.app.state.web.graph.get_state_history({"configurable": {"thread_id": thread}})
        at_prd = next(
            i for i in items if i.metadata.get("source") == "loop" and tuple(i.next) == ("architect",)
        )
        checkpoint = at_prd.config["configurable"]["checkpoint_id"]
        page = s.client.get(f"/runs/{thread}/checkpoints/{checkpoint}")
        assert page.status_code == 200 and 'name="artifact_key" value="prd"' in page.text
        fields = {"csrf": s.csrf, "checkpoint_id": checkpoint, "artifact_key": "prd"}

        before = s.store_bytes()
        bad = json.dumps(prd().model_dump(mode="json") | {"requirement_pool": "none"})
        refused = s.client.post(f"/runs/{thread}/fork", data=fields | {"artifact": bad})
        assert refused.status_code == 422 and "<code>requirement_pool</code>" in refused.text
        assert s.store_bytes() == before

        s.model.script.update(script())
        edited = json.dumps(prd().model_dump(mode="json") | {"product_goals": ["Forked goal"]})
        answer = s.client.post(
            f"/runs/{thread}/fork", data=fields | {"artifact": edited}, follow_redirects=False
        )
        assert answer.status_code == 303
        s.wait()
        new = answer.headers["location"].rsplit("/", 1)[-1]
        values = s.snapshot(new).values
        assert values["status"] == "succeeded" and values["prd"].product_goals == ["Forked goal"]
        assert s.snapshot(thread).values["prd"].product_goals != ["Forked goal"]  # the source is only read


def test_the_code_gate_refuses_a_file_outside_the_project(tmp_path: Path) -> None:
    with site(tmp_path) as s:
        thread = s.start(gates="code")
        assert s.snapshot(thread).values["pending_review"].gate == "code"
        before = s.store_bytes()
        answer = s.review(thread, action="edit", artifact=json.dumps({"../evil.py": "print(1)"}))
        assert answer.status_code == 422 and "evil.py" in answer.text and "nothing was saved" in answer.text
        assert s.store_bytes() == before
        edited = {"calc.py": "def add(a, b):\n    return a + b\n"}
        assert s.review(thread, action="edit", artifact=json.dumps(edited)).status_code == 303
        assert s.snapshot(thread).values["code"]["calc.py"].content == edited["calc.py"]
