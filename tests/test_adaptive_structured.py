"""Structured output adapts to the endpoint (nodes/models/adaptive.py), against a real HTTP
server on loopback that refuses, or ignores, each method in turn."""

from __future__ import annotations

from typing import Any

import pytest
from langchain_openai import ChatOpenAI

from benchmarks.scenarios import prd
from nodes.models.adaptive import (
    OPENAI_ORDER,
    StructuredMethodError,
    endpoint_of,
    explicit_method,
    method_for,
    settle,
    settle_run,
    structured,
)
from nodes.models.failures import ModelUnavailable
from state.settings import RunSettings
from tests.fake_openai_server import FakeEndpoint, serve

PRD_JSON = prd().model_dump(mode="json")


def chat(url: str, **options: Any) -> ChatOpenAI:
    return ChatOpenAI(model="fake", base_url=url, api_key="dummy", max_retries=0, **options)


@pytest.mark.parametrize("refused", range(len(OPENAI_ORDER)))
def test_each_refused_method_falls_back_to_the_next(refused: int) -> None:
    """The first ``refused`` methods answer HTTP 500 (as llama-cpp-python does for
    json_schema); the next one is settled on, after exactly one request per method."""
    endpoint = FakeEndpoint(refuse=set(OPENAI_ORDER[:refused]))
    with serve(endpoint) as url:
        found = settle(chat(url))
    assert found.method == OPENAI_ORDER[refused]
    assert [method for method, _ in endpoint.requests] == list(OPENAI_ORDER[: refused + 1])
    assert [m for m, _ in found.passed_over] == list(OPENAI_ORDER[:refused])
    assert all("refused (HTTP 500" in why for _, why in found.passed_over)
    assert found.line().startswith(f"structured output for openai:fake@{url}: {OPENAI_ORDER[refused]} (")


def test_a_400_refusal_falls_back_too() -> None:
    """LM Studio-style servers refuse with 400 rather than 500."""
    endpoint = FakeEndpoint(refuse={"json_schema"}, refuse_status=400)
    with serve(endpoint) as url:
        assert settle(chat(url)).method == "json_object_schema"


def test_a_method_whose_schema_is_ignored_is_passed_over() -> None:
    """Accepted but answered with prose: the schema was not enforced, so the next method."""
    endpoint = FakeEndpoint(ignore={"json_schema", "json_object_schema"})
    with serve(endpoint) as url:
        found = settle(chat(url))
    assert found.method == "function_calling"
    assert found.passed_over == (
        ("json_schema", "answered but ignored the schema"),
        ("json_object_schema", "answered but ignored the schema"),
    )


def test_prompt_is_kept_even_when_the_model_ignores_it() -> None:
    """The last method needs no server feature; a weak model is the repair loop's job."""
    endpoint = FakeEndpoint(ignore=set(OPENAI_ORDER))
    with serve(endpoint) as url:
        assert settle(chat(url)).method == "prompt"


def test_a_server_that_refuses_everything_is_one_clear_error() -> None:
    endpoint = FakeEndpoint(refuse=set(OPENAI_ORDER))
    with serve(endpoint) as url, pytest.raises(ModelUnavailable) as caught:
        settle(chat(url))
    message = caught.value.message
    assert "\n" not in message
    assert message.startswith(f"model openai:fake@{url}: the server refused the request")
    assert "every structured-output method failed" in message


@pytest.mark.parametrize(
    "method", ["json_schema", "json_object_schema", "function_calling", "json_mode", "prompt"]
)
def test_every_method_returns_the_artifact_and_its_raw_reply(method: str) -> None:
    endpoint = FakeEndpoint(answers={"PRD": PRD_JSON})
    with serve(endpoint) as url:
        result = structured(chat(url), type(prd()), method).invoke("Write the PRD.")  # type: ignore[arg-type]
    assert result["parsed"] == prd()
    assert result["raw"].usage_metadata["output_tokens"] == 7
    assert endpoint.requests == [(method, "PRD")]


def test_settle_run_records_one_method_per_endpoint_and_keeps_records() -> None:
    """Roles sharing an endpoint probe it once; a recorded endpoint is not probed again
    (a resume), and an explicit method replaces every record without a probe."""
    endpoint = FakeEndpoint(refuse={"json_schema"})
    with serve(endpoint) as url:
        model = chat(url)
        key = endpoint_of(model)
        settings, found = settle_run(RunSettings(model="openai:fake"), {"a": model, "b": model})
        assert settings.structured_methods == {key: "json_object_schema"}
        assert len(found) == 1 and found[0].how == "probed"
        probes = len(endpoint.requests)
        again, found = settle_run(settings, {"a": model})
        assert again == settings and found[0].how == "recorded"
        assert found[0].line().endswith("json_object_schema (recorded in the run's settings)")
        forced, found = settle_run(settings, {"a": model}, explicit="prompt")
        assert forced.structured_methods == {key: "prompt"} and found[0].how == "explicit"
        assert len(endpoint.requests) == probes
        assert method_for(model, again) == "json_object_schema"
    # the settings survive the round trip a checkpoint makes
    assert RunSettings.model_validate(settings.model_dump()).structured_methods == {key: "json_object_schema"}


def test_models_that_need_no_method_are_not_probed() -> None:
    from tests.fakes import ScriptedChatModel

    fake = ScriptedChatModel(script={})
    assert endpoint_of(fake) is None
    settings, found = settle_run(RunSettings(), {"engineer": fake})
    assert found == [] and settings.structured_methods == {}
    assert method_for(fake, settings) is None


def test_the_environment_variable_and_option_are_checked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOPGRAPH_STRUCTURED_METHOD", "function_calling")
    assert explicit_method() == "function_calling"
    assert explicit_method("prompt") == "prompt"
    with pytest.raises(StructuredMethodError, match="use one of default, json_schema"):
        explicit_method("grammar")


def test_a_graph_driven_without_the_runner_probes_once_per_process() -> None:
    """``langgraph dev`` or a bare ``graph.invoke`` has no runner to settle the settings: the
    first call probes, the method is kept in memory, later calls ask that way at once."""
    endpoint = FakeEndpoint(refuse={"json_schema", "json_object_schema"})
    with serve(endpoint) as url:
        model = chat(url)
        assert method_for(model, RunSettings()) == "function_calling"
        probes = len(endpoint.requests)
        assert method_for(model, RunSettings()) == "function_calling"
    assert probes == 3 and len(endpoint.requests) == probes


def test_ask_uses_the_recorded_method_and_charges_the_reply() -> None:
    """A role's ``ask`` through the recorded method: the artifact, and the reply's usage."""
    from nodes.llm import Ledger, ask
    from state.artifacts import PRD

    endpoint = FakeEndpoint(answers={"PRD": PRD_JSON})
    with serve(endpoint) as url:
        model = chat(url)
        settings = RunSettings(structured_methods={endpoint_of(model): "json_object_schema"})  # type: ignore[dict-item]
        ledger = Ledger(role="product_manager", model=model, settings=settings)
        answer = ask(ledger, system="You are the PM.", prompt="Write the PRD.", schema=PRD, artifact="PRD")
    assert answer == prd()
    assert endpoint.requests == [("json_object_schema", "PRD")]
    assert ledger.usage.calls == 1 and ledger.usage.completion_tokens == 7
