"""The embedded model as a LangChain chat model, so nodes treat it like any hosted one.

Structured output is grammar-constrained (see ``structured.py``); plain calls return an
``AIMessage`` whose ``usage_metadata`` carries the token counts llama.cpp reports, so
token and dollar budgets work the same for every model.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import (
    AIMessage,
    BaseMessage,
    ChatMessage,
    HumanMessage,
    SystemMessage,
    ToolMessage,
)
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from pydantic import BaseModel, ConfigDict, Field

from nodes.models.engine import Engine, default_threads, engine_for
from nodes.models.structured import grammar_response_format, structured_runnable


def _role(message: BaseMessage) -> str:
    if isinstance(message, SystemMessage):
        return "system"
    if isinstance(message, HumanMessage):
        return "user"
    if isinstance(message, AIMessage):
        return "assistant"
    if isinstance(message, ToolMessage):
        return "tool"
    if isinstance(message, ChatMessage):
        return message.role
    raise ValueError(f"the local model cannot take a {type(message).__name__}")


def to_llama_messages(messages: Sequence[BaseMessage]) -> list[dict[str, Any]]:
    """LangChain messages as OpenAI-style dicts, text only (the models are text-only)."""
    return [{"role": _role(m), "content": m.text} for m in messages]


class LocalChatModel(BaseChatModel):
    """A GGUF model run in-process by llama.cpp.

    ``temperature`` 0 is greedy decoding; with ``temperature`` > 0 a fixed ``seed`` makes
    sampling reproducible (``seed=None`` draws a fresh one per call).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    model_path: str
    model_name: str = Field(default="local", description="The spec string, for reports.")
    context_window: int = Field(default=16384, ge=512, description="n_ctx of the engine.")
    temperature: float = Field(default=0.0, ge=0.0)
    seed: int | None = 0
    max_tokens: int = Field(
        default=2048, ge=1, description="Cap per answer: a runaway string costs at most this."
    )
    n_threads: int | None = Field(
        default=None, description="None: $SOPGRAPH_LOCAL_THREADS or half the cores, resolved at init."
    )
    replica: int = Field(
        default=0, ge=0, description="Which copy of the engine: parallel workers each use their own."
    )
    top_p: float = 0.95
    top_k: int = 40
    repeat_penalty: float = Field(
        default=1.0,
        ge=1.0,
        description="1.1 stopped one prose loop but made code worse (docs/local_model.md).",
    )
    require_all_fields: bool = Field(
        default=True,
        description="Grammar makes the model write every schema field, in schema order.",
    )

    def model_post_init(self, context: Any) -> None:
        """Resolve the thread count now, so reports show the number actually used."""
        if self.n_threads is None:
            self.n_threads = default_threads()

    @property
    def _llm_type(self) -> str:
        return "sopgraph-llama-cpp"

    @property
    def _identifying_params(self) -> dict[str, Any]:
        return {"model_name": self.model_name, "temperature": self.temperature, "seed": self.seed}

    @property
    def engine(self) -> Engine:
        """The process-wide llama.cpp engine for these settings, loaded on first use.

        Looked up on every access rather than stored: ``model_copy`` with another
        ``context_window`` or ``n_threads`` must not keep using the old engine.
        """
        return engine_for(self.model_path, self.context_window, self.n_threads, self.replica)

    def count_tokens(self, text: str) -> int:
        """Tokens of ``text`` under the model's own tokenizer, for prompt budgeting."""
        return self.engine.count_tokens(text)

    def get_num_tokens(self, text: str) -> int:
        return self.count_tokens(text)

    def get_num_tokens_from_messages(
        self, messages: list[BaseMessage], tools: Sequence[Any] | None = None
    ) -> int:
        """Prompt tokens including the chat template, exactly what a call will consume."""
        return self.engine.count_prompt_tokens(to_llama_messages(messages))

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        result = self.engine.chat(
            to_llama_messages(messages),
            temperature=kwargs.get("temperature", self.temperature),
            seed=kwargs.get("seed", self.seed),
            max_tokens=kwargs.get("max_tokens", self.max_tokens),
            top_p=self.top_p,
            top_k=self.top_k,
            repeat_penalty=self.repeat_penalty,
            stop=stop or [],
            response_format=kwargs.get("response_format"),
        )
        choice = result["choices"][0]
        usage = result["usage"]
        message = AIMessage(
            content=choice["message"].get("content") or "",
            usage_metadata=UsageMetadata(
                input_tokens=usage["prompt_tokens"],
                output_tokens=usage["completion_tokens"],
                total_tokens=usage["total_tokens"],
            ),
            response_metadata={
                "model_name": self.model_name,
                "finish_reason": choice.get("finish_reason"),
            },
        )
        return ChatResult(
            generations=[ChatGeneration(message=message)],
            llm_output={"model_name": self.model_name, "token_usage": usage},
        )

    def with_structured_output(
        self,
        schema: dict[str, Any] | type,
        *,
        include_raw: bool = False,
        **kwargs: Any,
    ) -> Runnable[LanguageModelInput, dict[str, Any] | BaseModel]:
        """Grammar-constrained JSON for ``schema``; ``method`` and ``strict`` are ignored.

        Every method LangChain knows would either be rejected by llama.cpp or leave the
        output unconstrained; the grammar is strictly stronger, so it is always used.
        """
        if not (isinstance(schema, dict) or issubclass(schema, BaseModel)):
            raise TypeError("schema must be a pydantic model class or a JSON schema dict")
        response_format = grammar_response_format(schema, require_all=self.require_all_fields)
        bound = self.bind(response_format=response_format)
        return structured_runnable(bound, schema, include_raw=include_raw)
