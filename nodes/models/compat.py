"""ChatOpenAI for OpenAI-compatible servers whose structured-output support differs.

Why: nodes call ``with_structured_output(schema, include_raw=True)`` without a method,
and ChatOpenAI then sends ``response_format={"type": "json_schema", ...}``. OpenAI,
vLLM, Ollama and llama.cpp's C++ server accept that; llama-cpp-python's server answers
HTTP 500 ("Input should be 'text' or 'json_object'"), while ``function_calling`` and
``json_mode`` work there (verified against llama-cpp-python 0.3.36). Setting
``SOPGRAPH_STRUCTURED_METHOD`` picks the method once for every node instead of
teaching each node about servers.
"""

from __future__ import annotations

from typing import Any, Literal

from langchain_core.language_models import LanguageModelInput
from langchain_core.runnables import Runnable
from langchain_openai import ChatOpenAI

StructuredMethod = Literal["json_schema", "function_calling", "json_mode"]


class OpenAICompatibleChat(ChatOpenAI):
    """ChatOpenAI whose default structured-output method is configurable."""

    structured_method: StructuredMethod = "json_schema"

    def with_structured_output(
        self,
        schema: Any = None,
        *,
        method: StructuredMethod | None = None,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, Any]:
        return super().with_structured_output(schema, method=method or self.structured_method, **kwargs)
