"""Model errors a user causes (server down, wrong model name, refused request, rate limit after
the client's retries, a bad key) end the run with one clear line and a resume hint: never a
traceback, and nothing already paid for is asked again. Against a real HTTP server on
loopback (tests/fake_openai_server.py), through the provider's real client."""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_openai import ChatOpenAI
from typer.testing import CliRunner

from benchmarks.scenarios import REQUIREMENT, design, prd, script
from checkpoints.savers import open_saver
from graph.api import SopRunner
from graph.cli import app
from nodes.context import Context, model_from_spec
from nodes.models.adaptive import settle
from nodes.models.failures import ModelUnavailable, classify
from state.settings import RunSettings
from tests.fake_openai_server import FakeEndpoint, serve
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import FAST_SANDBOX

ERRORS = [
    (0, "unreachable", "cannot reach the model server"),
    (404, "not_found", "the server does not know this model"),
    (400, "refused", "the server refused the request (HTTP 400)"),
    (429, "rate_limit", "rate limited, still after the client's retries"),
    (401, "auth", "the provider refused the credentials"),
]


def chat(url: str, retries: int = 0) -> ChatOpenAI:
    return ChatOpenAI(model="fake", base_url=url, api_key="dummy", max_retries=retries)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(autouse=True)
def _fresh_models(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Specs are cached per process; each test's server has its own port."""
    monkeypatch.setenv("OPENAI_API_KEY", "dummy")  # tests need no real key
    monkeypatch.delenv("SOPGRAPH_STRUCTURED_METHOD", raising=False)
    model_from_spec.cache_clear()
    yield
    model_from_spec.cache_clear()


def test_nothing_listening_is_unreachable() -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    with pytest.raises(ModelUnavailable) as caught:
        settle(chat(url))
    assert caught.value.failure.cause == "unreachable"
    assert caught.value.message.startswith(f"model openai:fake@{url}: cannot reach the model server")


@pytest.mark.parametrize(("status", "cause", "words"), ERRORS)
def test_each_error_at_the_probe_is_one_line(status: int, cause: str, words: str) -> None:
    endpoint = FakeEndpoint(fail_status=status)
    with serve(endpoint) as url, pytest.raises(ModelUnavailable) as caught:
        settle(chat(url, retries=2))
    assert caught.value.failure.cause == cause
    assert "\n" not in caught.value.message
    if status == 400:  # a refusal may be the method's: each is tried, then one line for all
        assert "the server refused the request: every structured-output method failed" in (
            caught.value.message
        )
        assert len(endpoint.requests) == 4
        return
    assert words in caught.value.message
    if status in (0, 429):  # retried by the client before it gave up
        assert len(endpoint.requests) == 3
    else:  # not the method's fault: no other method is tried
        assert len(endpoint.requests) == 1


def test_bugs_are_not_taken_for_model_errors() -> None:
    assert classify(KeyError("x")) is None
    assert classify(ValueError("bad")) is None


@pytest.mark.parametrize(("status", "cause", "words"), ERRORS)
def test_an_error_mid_run_stops_resumably_and_keeps_what_was_paid(
    status: int, cause: str, words: str, tmp_path: Path
) -> None:
    """The Architect's endpoint fails after the PM's PRD: the run stops at the Architect with
    the error as its failure; once the server is fixed, a resume finishes the run without
    asking for the PRD again."""
    endpoint = FakeEndpoint(
        answers={"SystemDesign": design().model_dump(mode="json")}, fail_status=status, fail_probe=False
    )
    scripted = ScriptedChatModel(script=script())
    with serve(endpoint) as url, open_saver(f"sqlite:///{tmp_path / 'runs.db'}") as saver:
        context = Context(
            model=scripted, role_models={"architect": chat(url, retries=2)}, sandbox=FAST_SANDBOX
        )
        runner = SopRunner(saver, context)
        settings = RunSettings(model="scripted", candidates=1)
        stopped = runner.start(REQUIREMENT, settings, thread_id="t")
        failure = stopped.values["failure"]
        assert stopped.status == "failed_error"
        assert failure.node == "architect" and words in failure.message
        assert failure.message.startswith(f"model openai:fake@{url}: ")
        assert stopped.values["prd"] == prd()
        assert stopped.values["settings"].structured_methods == {f"openai:fake@{url}": "json_schema"}
        endpoint.fail_status = None
        done = runner.resume("t")
    assert done.status == "succeeded", done.values.get("failure")
    assert scripted.calls.count("PRD") == 1
    assert done.values["design"] == design()


def _cli(*args: str, tmp_path: Path) -> Any:
    store = f"sqlite:///{tmp_path / 'cli.db'}"
    return CliRunner().invoke(app, [*args, "--checkpoints", store, "--workspace", str(tmp_path)])


def test_cli_server_down_at_start_is_one_line_exit_2(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    monkeypatch.setenv("OPENAI_BASE_URL", url)
    result = _cli("run", REQUIREMENT, "--model", "openai:fake", tmp_path=tmp_path)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"error: model openai:fake@{url}: cannot reach the model server")


def test_cli_error_mid_run_names_the_resume(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """A server that refuses the design: one ``stopped:`` line, the resume command, exit 1;
    the resume asks the way the run settled (the recorded method, no new probe) and does not
    ask for the PRD again."""
    endpoint = FakeEndpoint(
        answers={"PRD": prd().model_dump(mode="json")},
        refuse={"json_schema"},
        fail_status=400,
        fail_only={"SystemDesign"},
    )
    with serve(endpoint) as url:
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        first = _cli("run", REQUIREMENT, "--model", "openai:fake", "--thread", "t1", tmp_path=tmp_path)
        assert first.exit_code == 1, first.output
        settled = f"structured output for openai:fake@{url}: json_object_schema (json_schema: refused"
        assert settled in first.stdout
        assert "continue with: sopgraph resume t1" in first.stdout
        stopped = [line for line in first.stderr.splitlines() if line.strip()]
        assert stopped == [
            f"stopped: model openai:fake@{url}: the server refused the request (HTTP 400): "
            "scripted failure 400"
        ]
        assert "Traceback" not in first.output
        probes = [r for r in endpoint.requests if r[1] == "SchemaProbe"]
        model_from_spec.cache_clear()  # a resume is another process
        second = _cli("resume", "t1", tmp_path=tmp_path)
    assert second.exit_code == 1, second.output
    recorded = f"structured output for openai:fake@{url}: json_object_schema (recorded in the run's settings)"
    assert recorded in second.stdout
    assert [r for r in endpoint.requests if r[1] == "SchemaProbe"] == probes
    assert [r for r in endpoint.requests if r[1] == "PRD"] == [("json_object_schema", "PRD")]
    assert endpoint.requests[-1] == ("json_object_schema", "SystemDesign")


class _Response:
    def __init__(self, status_code: int) -> None:
        self.status_code = status_code


class _ProviderError(Exception):
    """Shaped like anthropic's/ollama's errors: a ``status_code`` on the error itself."""

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.status_code = status_code


class _HTTPStatusError(Exception):
    """Shaped like httpx's: the status on ``.response``."""

    def __init__(self, message: str, status_code: int) -> None:
        super().__init__(message)
        self.response = _Response(status_code)


class APIConnectionError(Exception):
    """A provider's connection error, known by its class name only."""


@pytest.mark.parametrize(
    ("error", "cause"),
    [
        (_ProviderError("model 'qwen9' not found", 404), "not_found"),
        (_ProviderError("overloaded", 529), "refused"),
        (_ProviderError("rate limited", 429), "rate_limit"),
        (_HTTPStatusError("Unauthorized", 401), "auth"),
        (ConnectionError("Failed to connect to Ollama"), "unreachable"),
        (APIConnectionError("Connection error."), "unreachable"),
        (TimeoutError("timed out"), "unreachable"),
    ],
)
def test_other_providers_errors_are_classified_by_what_they_carry(error: Exception, cause: str) -> None:
    failure = classify(error)
    assert failure is not None and failure.cause == cause


def test_cli_missing_provider_package_names_the_extra(tmp_path: Path) -> None:
    import importlib.util

    if importlib.util.find_spec("langchain_ollama") is not None:
        pytest.skip("langchain-ollama is installed here")
    result = _cli("run", REQUIREMENT, "--model", "ollama:qwen2.5-coder", tmp_path=tmp_path)
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        "error: model 'ollama:qwen2.5-coder' needs the langchain-ollama package: "
        'pip install "sopgraph[ollama]"'
    ]


def test_cli_structured_method_overrides_the_probe(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``--structured-method``: no probe, every request by that method, and the choice
    recorded for a resume; an unknown name is refused in one line."""
    endpoint = FakeEndpoint(
        answers={"PRD": prd().model_dump(mode="json")}, fail_status=400, fail_only={"SystemDesign"}
    )
    with serve(endpoint) as url:
        monkeypatch.setenv("OPENAI_BASE_URL", url)
        refused = _cli(
            "run", REQUIREMENT, "--model", "openai:fake", "--structured-method", "grammar", tmp_path=tmp_path
        )
        assert refused.exit_code == 2 and "use one of default, json_schema" in refused.stderr
        result = _cli(
            "run", REQUIREMENT, "--model", "openai:fake", "--structured-method", "function_calling",
            "--thread", "t2", tmp_path=tmp_path,
        )  # fmt: skip
    assert result.exit_code == 1, result.output
    chosen = "function_calling (chosen with --structured-method / $SOPGRAPH_STRUCTURED_METHOD)"
    assert f"structured output for openai:fake@{url}: {chosen}" in result.stdout
    assert endpoint.requests == [("function_calling", "PRD"), ("function_calling", "SystemDesign")]
    assert {method for method, _ in endpoint.requests} == {"function_calling"}
    with open_saver(f"sqlite:///{tmp_path / 'cli.db'}") as saver:
        settings = SopRunner(saver).snapshot("t2").values["settings"]
    assert settings.structured_methods == {f"openai:fake@{url}": "function_calling"}
