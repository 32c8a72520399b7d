"""A scripted chat model: for unit tests of the graph's logic and the benchmarks' harness
self-checks (oracles), never for a measurement of a model.

langchain-core's fake chat models lack ``bind_tools``, so they cannot do structured
output. ``ScriptedChatModel`` implements ``bind_tools`` and answers each structured
request with the next scripted response for the requested schema, as a real tool call,
so the whole LangChain structured-output path (tool call -> pydantic parse -> error) runs.

Every call can be appended to a log file, which lets a test count the model calls made by
another process (e.g. one killed with SIGKILL and one that resumed it).

It lives in ``benchmarks`` because the benchmarks' oracles use it and a benchmark does not
import from ``tests/``; ``tests.fakes`` re-exports it for the tests.
"""

from __future__ import annotations

import json
import os
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from langchain_core.callbacks import CallbackManagerForLLMRun
from langchain_core.language_models import BaseChatModel, LanguageModelInput
from langchain_core.messages import AIMessage, BaseMessage
from langchain_core.messages.ai import UsageMetadata
from langchain_core.outputs import ChatGeneration, ChatResult
from langchain_core.runnables import Runnable
from langchain_core.utils.function_calling import convert_to_openai_tool
from pydantic import BaseModel, ConfigDict, Field

Response = BaseModel | dict[str, Any] | str
Responder = Callable[[str, Sequence[BaseMessage]], Response]


_RECORD_LOCK = threading.Lock()


class ScriptExhausted(AssertionError):
    """The graph asked for more answers of a kind than the test scripted."""


class ScriptedChatModel(BaseChatModel):
    """Answers from ``script``: schema name -> list of responses (consumed) or a callable.

    A ``BaseModel``/``dict`` response becomes a tool call with those arguments (a dict may be
    invalid on purpose); a ``str`` response is plain text with no tool call (malformed).
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    script: dict[str, Any] = Field(default_factory=dict)
    call_log: Path | None = None
    hang_at_call: int | None = None
    """Block forever on this (1-based) call, after touching ``<call_log>.hang``: for kill tests."""
    fail_at_call: int | None = None
    """Raise ``RuntimeError`` on this (1-based) call: an in-process stand-in for a crash."""
    tokens_per_call: tuple[int, int] = (100, 50)
    calls: list[str] = Field(default_factory=list)
    prompts: list[str] = Field(default_factory=list)
    context_window: int | None = None
    """When set, nodes budget prompts for it (as they do for the local model)."""
    max_tokens: int | None = None
    caps: list[int | None] = Field(default_factory=list)
    """``max_tokens`` in force at each call (copies share this list)."""
    temperature: float | None = None
    seed: int | None = None
    sampling: list[tuple[str, float | None, int | None]] = Field(default_factory=list)
    """(schema, temperature, seed) of each call: which calls a node sampled (copies share it)."""

    @property
    def _llm_type(self) -> str:
        return "scripted"

    def bind_tools(
        self, tools: Sequence[Any], *, tool_choice: Any = None, **kwargs: Any
    ) -> Runnable[LanguageModelInput, AIMessage]:
        return self.bind(tools=[convert_to_openai_tool(t) for t in tools], **kwargs)

    def _next_response(self, name: str, messages: Sequence[BaseMessage]) -> Response:
        entry = self.script.get(name)
        if callable(entry):
            return entry(name, messages)
        if not entry:
            raise ScriptExhausted(f"no scripted answer left for {name!r} (calls so far: {self.calls})")
        return entry.pop(0)

    def _record(self, name: str) -> None:
        with _RECORD_LOCK:  # Send tasks call from several threads: number the calls exactly
            self.calls.append(name)
            number = len(self.calls)
        if self.call_log is not None:
            with self.call_log.open("a") as log:
                log.write(f"{os.getpid()} {name}\n")
        if self.fail_at_call is not None and number == self.fail_at_call:
            raise RuntimeError(f"scripted failure at call {self.fail_at_call} ({name})")
        if self.hang_at_call is not None and number == self.hang_at_call:
            assert self.call_log is not None
            Path(f"{self.call_log}.hang").write_text(name)
            time.sleep(3600)

    def _generate(
        self,
        messages: list[BaseMessage],
        stop: list[str] | None = None,
        run_manager: CallbackManagerForLLMRun | None = None,
        **kwargs: Any,
    ) -> ChatResult:
        tools = kwargs.get("tools") or []
        tagged = (run_manager.metadata if run_manager is not None else {}) or {}
        name = tools[0]["function"]["name"] if tools else str(tagged.get("sopgraph_schema", "text"))
        self._record(name)
        self.prompts.append(str(messages[-1].content))
        self.caps.append(self.max_tokens)
        self.sampling.append((name, self.temperature, self.seed))
        response = self._next_response(name, messages)
        prompt_tokens, completion_tokens = self.tokens_per_call
        usage: UsageMetadata = {
            "input_tokens": prompt_tokens,
            "output_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        }
        if not tools and isinstance(response, BaseModel) and hasattr(response, "as_reply"):
            # a plain-text request (files, tests, fixes): answer in the form the prompt asks
            message = AIMessage(content=response.as_reply(), usage_metadata=usage)
        elif isinstance(response, str):
            message = AIMessage(content=response, usage_metadata=usage)
        else:
            args = response.model_dump(mode="json") if isinstance(response, BaseModel) else response
            message = AIMessage(
                content="",
                tool_calls=[
                    {
                        "name": name,
                        "args": json.loads(json.dumps(args)),
                        "id": f"call_{len(self.calls)}",
                    }
                ],
                usage_metadata=usage,
            )
        return ChatResult(generations=[ChatGeneration(message=message)])
