"""Model access for every role: structured output that does not break, and what it costs.

Two functions are the only places a role talks to a model: ``ask`` for structured
artifacts, and ``ask_text`` for code, tests and fixes, asked for as plain text and parsed
(the same steps, with a parser in place of the structured-output method). ``ask``
1. refuses to call once the run's budget is spent (``BudgetExhausted``, checked first),
2. refuses a prompt the model's context window cannot hold (``ContextOverflow``),
3. asks for the artifact with the structured-output method settled for the model's endpoint
   (``nodes/models/adaptive.py``; the embedded model's own grammar), keeping the raw reply
   (``include_raw``), and
4. keeps the loop-free part of a JSON reply that was cut off in a loop and asks only for
   the fields the loop ate (``recovered``, ``nodes/salvage.py``; for plain-text replies,
   ``ask_text``'s ``salvage``), and otherwise,
5. on a validation error re-asks with the error and the raw reply, a bounded number of
   times, before giving up with ``InvalidArtifact`` naming the role, artifact and field.
Every reply's token usage is charged to the role's ``Ledger``. A model error the user must
fix (server down, wrong model name, refused request, rate limit) stops the run resumably
(``ModelUnavailable``, ``nodes/models/failures.py``) instead of raising through the graph.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from time import perf_counter
from typing import Any, TypeVar

from langchain_core.language_models import BaseChatModel
from langchain_core.messages import AIMessage, BaseMessage, HumanMessage, SystemMessage
from langchain_core.runnables import RunnableConfig
from pydantic import BaseModel, ValidationError

from nodes.errors import BudgetExhausted, ContextOverflow, InvalidArtifact
from nodes.model_variants import capped, unlooped
from nodes.models.adaptive import endpoint_of, method_for, structured
from nodes.models.failures import ModelUnavailable, classify
from nodes.models.pricing import cost_usd
from nodes.models.repetition import REPETITION_FINISH
from nodes.prompt_budget import CHARS_PER_TOKEN, clip, context_window, output_reserve
from nodes.prompt_layout import ALONE_SYSTEM, COMPANY_SYSTEM, with_role
from nodes.salvage import fields_to_redo, remainder_schema, salvage_json
from state.settings import RunSettings
from state.usage import Usage

ArtifactT = TypeVar("ArtifactT", bound=BaseModel)

REPAIR_TEMPLATE = """\
Your previous answer could not be used: {error}
Reply again with the complete {artifact} {form}. If it was
cut off, make it shorter and never repeat an item.
Your previous answer was:
{raw}"""

JSON_FORM = "as JSON that matches the schema exactly"
TEXT_FORM = "in the plain-text form the first message asked for (not JSON)"
"""How a repair names the form of the answer: ``ask`` wants the schema's JSON, ``ask_text``
the plain-text form its prompt spelled out. Asked "as JSON", a model wraps whole files in a
JSON string: the escaping ``ask_text`` exists to avoid, and its parser then finds no file."""


@dataclass
class Ledger:
    """What one node spends: tokens, calls and dollars, checked against the run's budget."""

    role: str
    model: BaseChatModel
    settings: RunSettings
    spent_before: Usage = field(default_factory=Usage)
    usage: Usage = field(default_factory=Usage)

    def check_budget(self) -> None:
        """Stop before the next call if the run has spent its token or dollar budget."""
        spent = self.spent_before + self.usage
        if self.settings.budget_tokens is not None and spent.total_tokens >= self.settings.budget_tokens:
            raise BudgetExhausted(
                f"token budget spent: {spent.total_tokens} of {self.settings.budget_tokens} tokens "
                f"used before the {self.role}'s next model call"
            )
        if self.settings.budget_usd is not None and spent.cost_usd >= self.settings.budget_usd:
            raise BudgetExhausted(
                f"dollar budget spent: ${spent.cost_usd:.4f} of ${self.settings.budget_usd:.4f} "
                f"used before the {self.role}'s next model call"
            )

    def charge(self, reply: BaseMessage, seconds: float) -> None:
        """Add one reply's usage metadata (zero when the model reports none)."""
        meta = getattr(reply, "usage_metadata", None) or {}
        prompt_tokens = int(meta.get("input_tokens", 0))
        completion_tokens = int(meta.get("output_tokens", 0))
        self.usage = self.usage + Usage(
            prompt_tokens=prompt_tokens,
            completion_tokens=completion_tokens,
            calls=1,
            seconds=seconds,
            cost_usd=cost_usd(model_name(self.model), prompt_tokens, completion_tokens),
        )


def model_name(model: BaseChatModel) -> str:
    """The name a price table knows the model by."""
    for attr in ("model_name", "model"):
        value = getattr(model, attr, None)
        if isinstance(value, str):
            return value
    return type(model).__name__


def _count_tokens(model: BaseChatModel, messages: list[BaseMessage]) -> int:
    counter = getattr(model, "count_tokens", None)
    text = "\n".join(str(m.content) for m in messages)
    if callable(counter):
        return int(counter(text))
    return len(text) // CHARS_PER_TOKEN


def _check_context(model: BaseChatModel, messages: list[BaseMessage], role: str, artifact: str) -> None:
    window = context_window(model)
    if window is None:
        return
    reserve = output_reserve(model)
    needed = _count_tokens(model, messages) + reserve
    if needed > window:
        raise ContextOverflow(
            f"{role}: the prompt for the {artifact} needs about {needed} tokens "
            f"(including {reserve} for the answer) but the model's context "
            f"window holds {window}",
            artifact=artifact,
        )


def raw_text(reply: BaseMessage | None) -> str:
    """The model's answer as text, whether it came as content or as tool-call arguments."""
    if reply is None:
        return ""
    if isinstance(reply, AIMessage) and reply.tool_calls and not reply.content:
        return json.dumps(reply.tool_calls[0].get("args", {}), ensure_ascii=False)
    return reply.content if isinstance(reply.content, str) else json.dumps(reply.content)


def error_field(error: BaseException | None) -> str | None:
    """The first field a validation error points at, e.g. ``requirement_pool.0.priority``."""
    if isinstance(error, ValidationError) and error.errors():
        return ".".join(str(part) for part in error.errors()[0]["loc"]) or None
    cause = getattr(error, "__cause__", None)
    return error_field(cause) if isinstance(cause, BaseException) else None


def _describe(error: BaseException | None) -> str:
    if error is None:
        return "no structured answer was returned"
    return " ".join(str(error).split())[:600]


CUT_OFF = frozenset({"length", REPETITION_FINISH})
"""Finish reasons of a reply that stopped before it was complete."""
LOOP_SHOWN_CHARS = 1200


def finish_reason(reply: BaseMessage | None) -> str | None:
    """Why the model stopped (``stop``, ``length``, ``repetition``...), if it said."""
    metadata = getattr(reply, "response_metadata", None) or {}
    reason = metadata.get("finish_reason")
    return str(reason) if reason is not None else None


CONTINUE_TEMPLATE = """\
Your answer was cut off where it began repeating itself. The part before the loop is kept
(shown above). Answer with JSON holding only the remaining fields: {fields}. Keep them short
and never repeat a line."""


def recovered(
    ledger: Ledger,
    model: BaseChatModel,
    messages: list[BaseMessage],
    schema: type[ArtifactT],
    reply: BaseMessage | None,
) -> ArtifactT | None:
    """The artifact in a reply cut off in a loop: its loop-free part, plus (one more call)
    the fields the loop ate; None when that does not validate, and the repair takes over."""
    if finish_reason(reply) not in CUT_OFF:
        return None
    partial = salvage_json(raw_text(reply))
    if partial is None:
        return None
    redo = fields_to_redo(schema, partial)
    if redo:
        kept = {name: value for name, value in partial.items() if name not in redo}
        rest = remainder_schema(schema, redo)
        follow = [
            *messages,
            AIMessage(json.dumps(kept, ensure_ascii=False)),
            HumanMessage(CONTINUE_TEMPLATE.format(fields=", ".join(redo))),
        ]
        ledger.check_budget()
        _check_context(ledger.model, follow, ledger.role, schema.__name__)
        started = perf_counter()
        result: Any = structured(model, rest, method_for(model, ledger.settings)).invoke(
            follow, config=_tagged(rest)
        )
        ledger.charge(result.get("raw") or AIMessage(""), perf_counter() - started)
        if not isinstance(result.get("parsed"), rest):
            return None
        partial = kept | result["parsed"].model_dump()
    try:
        return schema.model_validate(partial)
    except ValidationError:
        return None


Attempt = tuple[BaseMessage | None, Any, BaseException | None]
"""One model call's outcome: the raw reply, the parsed artifact (or None), the error."""


def _repairing(
    ledger: Ledger,
    *,
    system: str,
    prompt: str,
    schema: type[ArtifactT],
    artifact: str,
    model: BaseChatModel,
    attempt_once: Callable[[BaseChatModel, list[BaseMessage]], Attempt],
    form: str = JSON_FORM,
    alone: bool = False,
) -> ArtifactT:
    """Call until the reply parses as ``schema``, feeding each error back; charge every call.

    ``alone``: the prompt goes out as it is under ``ALONE_SYSTEM``, not in the company's
    layout (no company system prompt, no role card).

    A reply that was cut off in a loop is not shown back whole (it would prime the same
    loop) and the retry runs with a repetition penalty: greedy decoding given the same
    prompt would otherwise walk into the same loop again.
    """
    messages: list[BaseMessage] = (
        [SystemMessage(ALONE_SYSTEM), HumanMessage(prompt)]
        if alone
        else [SystemMessage(COMPANY_SYSTEM), HumanMessage(with_role(prompt, system))]
    )
    last_error: BaseException | None = None
    last_raw = ""
    for attempt in range(ledger.settings.max_repairs + 1):
        ledger.check_budget()
        _check_context(ledger.model, messages, ledger.role, artifact)
        started = perf_counter()
        raw, parsed, last_error = _calling(model, attempt_once, messages)
        ledger.charge(raw if raw is not None else AIMessage(""), perf_counter() - started)
        if isinstance(parsed, schema):
            return parsed
        last_raw = raw_text(raw)
        looped = finish_reason(raw) in CUT_OFF
        if looped:
            model = unlooped(model)
        if attempt < ledger.settings.max_repairs:
            shown = clip(last_raw, LOOP_SHOWN_CHARS if looped else 4000)
            error = _describe(last_error)
            if looped:
                error = f"it was cut off ({finish_reason(raw)}) before it was complete; {error}"
            messages = [
                *messages[:2],
                AIMessage(shown or "(empty)"),
                HumanMessage(REPAIR_TEMPLATE.format(error=error, artifact=artifact, form=form, raw=shown)),
            ]
    field_name = error_field(last_error)
    where = f" (field '{field_name}')" if field_name else ""
    raise InvalidArtifact(
        f"{ledger.role}: the model's {artifact} was still invalid after "
        f"{ledger.settings.max_repairs} repair(s){where}: {_describe(last_error)}",
        artifact=artifact,
        field=field_name,
        raw_output=last_raw,
    )


def _calling(
    model: BaseChatModel,
    attempt_once: Callable[[BaseChatModel, list[BaseMessage]], Attempt],
    messages: list[BaseMessage],
) -> Attempt:
    """One attempt; a model error the user caused becomes ``ModelUnavailable`` (a clean,
    resumable stop with one line), anything else (a bug) keeps its traceback."""
    try:
        return attempt_once(model, messages)
    except ModelUnavailable:
        raise
    except Exception as error:
        failure = classify(error)
        if failure is None:
            raise
        raise ModelUnavailable(failure, endpoint_of(model) or model_name(model)) from error


def _tagged(schema: type[BaseModel]) -> RunnableConfig:
    """Run metadata naming the artifact asked for: shows in traces, and lets fakes answer."""
    return {"metadata": {"sopgraph_schema": schema.__name__}}


def ask(
    ledger: Ledger,
    *,
    system: str,
    prompt: str,
    schema: type[ArtifactT],
    artifact: str,
    max_answer_tokens: int | None = None,
) -> ArtifactT:
    """Ask for one artifact with the endpoint's structured-output method; repair invalid output."""

    def once(model: BaseChatModel, messages: list[BaseMessage]) -> Attempt:
        method = method_for(model, ledger.settings)
        result: Any = structured(model, schema, method).invoke(messages, config=_tagged(schema))
        if not isinstance(result, dict):
            return None, result, None
        raw, parsed, error = result.get("raw"), result.get("parsed"), result.get("parsing_error")
        if parsed is None:
            parsed = recovered(ledger, model, messages, schema, raw)
        return raw, parsed, error

    model = capped(ledger.model, max_answer_tokens)
    return _repairing(
        ledger, system=system, prompt=prompt, schema=schema, artifact=artifact, model=model, attempt_once=once
    )


def ask_text(
    ledger: Ledger,
    *,
    system: str,
    prompt: str,
    schema: type[ArtifactT],
    parse: Callable[[str], ArtifactT],
    artifact: str,
    max_answer_tokens: int | None = None,
    salvage: Callable[[str], str | None] | None = None,
    alone: bool = False,
) -> ArtifactT:
    """Ask for plain text and ``parse`` it: for whole files, which small models garble when
    they must escape them inside a JSON string; a parse error is repaired like any other.
    ``alone``: as the model answering outside the company (see ``_repairing``).

    ``salvage``, where given, turns a reply that was cut off (and does not parse) into one
    that may: the artifact's own idea of what an editor may trim. Its result is parsed with
    the same checks; if it fails them too, the repair takes over as usual.
    """

    def once(model: BaseChatModel, messages: list[BaseMessage]) -> Attempt:
        reply = model.invoke(messages, config=_tagged(schema))
        text = raw_text(reply)
        try:
            return reply, parse(text), None
        except ValueError as error:
            trimmed = salvage(text) if salvage is not None and finish_reason(reply) in CUT_OFF else None
            if trimmed is not None:
                with contextlib.suppress(ValueError):  # the trimmed text failed too: repair
                    return reply, parse(trimmed), None
            return reply, None, error

    model = capped(ledger.model, max_answer_tokens)
    return _repairing(
        ledger,
        system=system,
        prompt=prompt,
        schema=schema,
        artifact=artifact,
        model=model,
        attempt_once=once,
        form=TEXT_FORM,
        alone=alone,
    )
