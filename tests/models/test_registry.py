"""Spec parsing and model selection; nothing here loads a model or touches the network."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from nodes.models import ModelSpecError, load_chat_model, resolve_spec

needs_llama = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None,
    reason='llama_cpp not installed (pip install "sopgraph[local-small]")',
)


def test_spec_comes_from_argument_then_env_then_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SOPGRAPH_MODEL", raising=False)
    assert resolve_spec() == "local"
    monkeypatch.setenv("SOPGRAPH_MODEL", "openai:gpt-4o-mini")
    assert resolve_spec() == "openai:gpt-4o-mini"
    assert resolve_spec("local:0.5b") == "local:0.5b"
    monkeypatch.setenv("SOPGRAPH_MODEL", "  ")
    assert resolve_spec() == "local"


@pytest.mark.parametrize(
    ("spec", "fragment"),
    [
        ("nonsense-model", "invalid model spec 'nonsense-model'"),
        ("foo:bar", "invalid model spec 'foo:bar'"),
    ],
)
def test_unknown_spec_is_a_one_line_value_error(spec: str, fragment: str) -> None:
    with pytest.raises(ValueError) as caught:
        load_chat_model(spec)
    assert isinstance(caught.value, ModelSpecError)
    assert fragment in str(caught.value)
    assert "\n" not in str(caught.value)


@needs_llama
@pytest.mark.parametrize("spec", ["local:7b", "local:/no/such/model.gguf", "local:notes.txt"])
def test_unknown_local_model_lists_the_choices(spec: str) -> None:
    with pytest.raises(ModelSpecError, match=r"use local:1\.5b, local:0\.5b or local:/path"):
        load_chat_model(spec)


@needs_llama
def test_gguf_path_spec_builds_a_lazy_local_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from nodes.models.local import LocalChatModel

    gguf = tmp_path / "any.gguf"
    gguf.write_bytes(b"GGUF")  # never read: the engine loads on the first call only
    monkeypatch.setenv("SOPGRAPH_LOCAL_N_CTX", "4096")
    model = load_chat_model(f"local:{gguf}", temperature=0.3, seed=7)
    assert isinstance(model, LocalChatModel)
    assert (model.model_path, model.context_window) == (str(gguf), 4096)
    assert (model.temperature, model.seed) == (0.3, 7)


def test_openai_spec_uses_openai_base_url(monkeypatch: pytest.MonkeyPatch) -> None:
    """An OpenAI-compatible server: ChatOpenAI's client reads OPENAI_BASE_URL itself."""
    from langchain_openai import ChatOpenAI

    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    model = load_chat_model("openai:qwen2.5-coder", temperature=0.2, seed=3)
    assert isinstance(model, ChatOpenAI)
    assert str(model.root_client.base_url) == "http://127.0.0.1:9/v1/"
    assert (model.model_name, model.temperature, model.seed) == ("qwen2.5-coder", 0.2, 3)


def test_openai_without_key_or_server_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    with pytest.raises(ModelSpecError, match="OPENAI_API_KEY"):
        load_chat_model("openai:gpt-4o-mini")


def test_missing_provider_package_names_it(monkeypatch: pytest.MonkeyPatch) -> None:
    if importlib.util.find_spec("langchain_ollama") is not None:
        pytest.skip("langchain-ollama is installed here")
    with pytest.raises(ModelSpecError, match=r'langchain-ollama package: pip install "sopgraph\[ollama\]"'):
        load_chat_model("ollama:qwen2.5-coder")


def test_structured_method_for_compatible_servers(monkeypatch: pytest.MonkeyPatch) -> None:
    """llama-cpp-python's server rejects json_schema: the env var picks another method."""
    from nodes.models.compat import OpenAICompatibleChat

    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("SOPGRAPH_STRUCTURED_METHOD", "function_calling")
    model = load_chat_model("openai:qwen-0.5b")
    assert isinstance(model, OpenAICompatibleChat)
    assert model.structured_method == "function_calling"
    monkeypatch.setenv("SOPGRAPH_STRUCTURED_METHOD", "grammar")
    with pytest.raises(ModelSpecError, match="use one of default, json_schema, json_object_schema"):
        load_chat_model("openai:qwen-0.5b")
