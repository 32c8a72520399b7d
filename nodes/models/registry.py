"""Model selection from one spec string, so a run's model can be stored and rebuilt on resume.

Specs: ``local`` (the embedded 1.5B), ``local:1.5b``, ``local:0.5b``,
``local:/path/to/file.gguf``, or anything ``langchain.chat_models.init_chat_model``
accepts (``openai:gpt-4o-mini``, ``ollama:qwen2.5-coder``, ``anthropic:claude-...``).
An OpenAI-compatible server is ``openai:<model>`` with ``OPENAI_BASE_URL`` set; ChatOpenAI
reads that variable itself, and a dummy key is supplied when the server needs none.
How such a server is asked for structured output is settled per endpoint at the start of a
run (``adaptive.py``); ``SOPGRAPH_STRUCTURED_METHOD`` overrides that (and, for LangChain's
own three methods, also the default of ``with_structured_output``, see ``compat.py``).
A provider whose LangChain package is missing names the extra that installs it
(``PROVIDER_EXTRAS``).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, get_args

from langchain_core.language_models import BaseChatModel

from nodes.models.weights import DEFAULT_LOCAL, WEIGHTS, ModelWeightsError, ensure_weights
from state.settings import StructuredMethod

ENV_VAR = "SOPGRAPH_MODEL"
DEFAULT_SPEC = "local"

STRUCTURED_METHODS: tuple[str, ...] = get_args(StructuredMethod)
"""Values of ``$SOPGRAPH_STRUCTURED_METHOD`` (``nodes/models/adaptive.py``)."""
LANGCHAIN_METHODS = ("json_schema", "function_calling", "json_mode")
"""The ones ``with_structured_output`` knows by name; ``compat.py`` makes them the default."""

PROVIDER_EXTRAS = {
    "ollama": ("langchain-ollama", "ollama"),
    "anthropic": ("langchain-anthropic", "anthropic"),
    "google_genai": ("langchain-google-genai", "google"),
    "groq": ("langchain-groq", "groq"),
    "mistralai": ("langchain-mistralai", "mistralai"),
    "deepseek": ("langchain-deepseek", "deepseek"),
}
"""Provider -> (its LangChain package, the sopgraph extra that installs it: pyproject.toml)."""

_SEEDED_PROVIDERS = frozenset({"openai", "azure_openai", "ollama", "groq", "deepseek", "xai"})
"""Providers whose chat model takes a ``seed``; others would reject the keyword."""


class ModelSpecError(ValueError):
    """A spec that names no usable model; the message is one line meant for the user."""


def resolve_spec(spec: str | None = None) -> str:
    """The spec in force: the argument, else ``$SOPGRAPH_MODEL``, else ``local``."""
    chosen = (spec if spec is not None else os.environ.get(ENV_VAR, "")).strip()
    return chosen or DEFAULT_SPEC


def load_chat_model(
    spec: str | None = None, *, temperature: float = 0.0, seed: int | None = 0
) -> BaseChatModel:
    """Build the chat model a spec names; raises ``ModelSpecError`` for a bad spec.

    Nothing is loaded or contacted here: the local engine loads on its first call, and
    hosted models connect on theirs. The local weights *are* assembled here (once), so a
    missing weight package fails at start-up, not in the middle of a run.
    """
    resolved = resolve_spec(spec)
    if resolved == "local" or resolved.startswith("local:"):
        return _load_local(resolved, temperature=temperature, seed=seed)
    return _load_hosted(resolved, temperature=temperature, seed=seed)


def _load_local(spec: str, *, temperature: float, seed: int | None) -> BaseChatModel:
    try:
        from nodes.models.local import LocalChatModel
    except ImportError as error:
        raise ModelSpecError(
            f'model {spec!r} needs llama-cpp-python: pip install "sopgraph[local]" ({error})'
        ) from error
    target = spec.partition(":")[2] or DEFAULT_LOCAL
    weights = WEIGHTS.get(target.lower())
    if weights is not None:
        try:
            path = ensure_weights(weights)
        except ModelWeightsError as error:
            raise ModelSpecError(str(error)) from error
        context_window = weights.context_window
    else:
        path = Path(target).expanduser()
        if path.suffix != ".gguf" or not path.is_file():
            known = ", ".join(f"local:{key}" for key in WEIGHTS)
            raise ModelSpecError(f"unknown local model {spec!r}: use {known} or local:/path/to/model.gguf")
        context_window = _context_window_for_file()
    return LocalChatModel(
        model_path=str(path),
        model_name=f"local:{weights.key}" if weights else spec,
        context_window=context_window,
        temperature=temperature,
        seed=seed,
    )


def _context_window_for_file() -> int:
    """n_ctx for an arbitrary GGUF: ``$SOPGRAPH_LOCAL_N_CTX`` or 8192 (its size is unknown)."""
    return int(os.environ.get("SOPGRAPH_LOCAL_N_CTX", "8192"))


def _load_hosted(spec: str, *, temperature: float, seed: int | None) -> BaseChatModel:
    from langchain.chat_models import init_chat_model

    provider = spec.partition(":")[0] if ":" in spec else ""
    options: dict[str, Any] = {"temperature": temperature}
    if seed is not None and provider in _SEEDED_PROVIDERS:
        options["seed"] = seed
    if provider == "openai" and os.environ.get("OPENAI_BASE_URL"):
        # A local OpenAI-compatible server usually needs no key, but ChatOpenAI insists.
        options.setdefault("api_key", os.environ.get("OPENAI_API_KEY") or "not-needed")
    method = os.environ.get("SOPGRAPH_STRUCTURED_METHOD", "").strip()
    if method and method not in STRUCTURED_METHODS:
        choices = ", ".join(STRUCTURED_METHODS)
        raise ModelSpecError(f"SOPGRAPH_STRUCTURED_METHOD={method!r}: use one of {choices}")
    try:
        if method in LANGCHAIN_METHODS and provider == "openai":
            model = _openai_compatible(spec.partition(":")[2], method, options)
        else:
            model = init_chat_model(spec, **options)
    except ImportError as error:
        raise ModelSpecError(_missing_package(spec, provider, error)) from error
    except Exception as error:  # provider validation errors come in many types
        raise ModelSpecError(f"invalid model spec {spec!r}: {_one_line(error)}") from error
    if not isinstance(model, BaseChatModel):  # init_chat_model(None) gives a configurable
        raise ModelSpecError(f"invalid model spec {spec!r}")
    return model


def _openai_compatible(name: str, method: str, options: dict[str, Any]) -> BaseChatModel:
    from nodes.models.compat import OpenAICompatibleChat

    return OpenAICompatibleChat(model=name, **{"structured_method": method, **options})


def _missing_package(spec: str, provider: str, error: ImportError) -> str:
    """One line naming what to install: the sopgraph extra where there is one."""
    if provider in PROVIDER_EXTRAS:
        package, extra = PROVIDER_EXTRAS[provider]
        return f'model {spec!r} needs the {package} package: pip install "sopgraph[{extra}]"'
    return f"model {spec!r}: {_one_line(error)}"


def _one_line(error: BaseException) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
