"""``with_structured_output`` through grammar-constrained JSON, with LangChain's result shape.

Why not LangChain's built-in methods: ``method="json_schema"`` sends a
``response_format`` of type ``json_schema`` that llama.cpp rejects, and tool calling
needs the model to *choose* to call the tool, which small models often don't. A
llama.cpp grammar built from the JSON schema makes any other output impossible, so
the only failures left are semantic (a validator, a regex the grammar could not
express) and they surface as ``parsing_error`` exactly as they would for a hosted
model, letting the graph's repair loop treat every model alike.
"""

from __future__ import annotations

import json
from typing import Any

from langchain_core.language_models import LanguageModelInput
from langchain_core.messages import BaseMessage
from langchain_core.runnables import Runnable, RunnableLambda
from pydantic import BaseModel, ValidationError


def json_schema_of(schema: type[BaseModel] | dict[str, Any]) -> dict[str, Any]:
    """The JSON schema handed to the grammar compiler."""
    if isinstance(schema, dict):
        return schema
    return schema.model_json_schema()


_SUBSCHEMA_LISTS = ("anyOf", "oneOf", "allOf", "prefixItems")
_SUBSCHEMA_MAPS = ("$defs", "definitions", "properties")
_SUBSCHEMAS = ("items", "additionalProperties", "not")


def require_every_property(schema: dict[str, Any]) -> dict[str, Any]:
    """A copy of a JSON schema in which every object lists all its properties as required.

    Why: llama.cpp's converter puts required properties first and makes the others
    skippable, so for the PRD the model wrote ``requirement_pool`` straight after
    ``user_stories`` and never wrote the analysis fields the prompt asked for. Requiring
    every key keeps the prompt's order and makes the model write each field; a field it
    has nothing for can still be ``""``, ``[]`` or ``null`` where the schema allows, so
    the parsed object is one pydantic would have accepted anyway.
    """
    copied = dict(schema)
    for key in _SUBSCHEMA_LISTS:
        if isinstance(schema.get(key), list):
            copied[key] = [require_every_property(s) for s in schema[key] if isinstance(s, dict)]
    for key in _SUBSCHEMA_MAPS:
        if isinstance(schema.get(key), dict):
            copied[key] = {
                name: require_every_property(s) if isinstance(s, dict) else s
                for name, s in schema[key].items()
            }
    for key in _SUBSCHEMAS:
        if isinstance(schema.get(key), dict):
            copied[key] = require_every_property(schema[key])
    if isinstance(schema.get("properties"), dict) and schema["properties"]:
        copied["required"] = list(schema["properties"])
    return copied


def grammar_response_format(
    schema: type[BaseModel] | dict[str, Any], *, require_all: bool = True
) -> dict[str, Any]:
    """llama.cpp's OpenAI-style ``response_format`` that compiles the schema into a grammar."""
    json_schema = json_schema_of(schema)
    if require_all:
        json_schema = require_every_property(json_schema)
    return {"type": "json_object", "schema": json_schema}


def parse_structured(schema: type[BaseModel] | dict[str, Any], message: BaseMessage) -> Any:
    """Parse a message's text into ``schema``; raises ``ValueError``/``ValidationError``.

    ``strict=False`` because llama.cpp's JSON grammar lets raw control characters (a
    literal newline) into strings; strict JSON would reject text the grammar produced.
    """
    text = message.text
    data = json.loads(text, strict=False)
    if isinstance(schema, dict):
        return data
    return schema.model_validate(data)


def structured_runnable(
    bound: Runnable[LanguageModelInput, BaseMessage],
    schema: type[BaseModel] | dict[str, Any],
    *,
    include_raw: bool,
) -> Runnable[LanguageModelInput, Any]:
    """Wrap a model already bound to the grammar so it returns parsed output.

    With ``include_raw`` the result is ``{"raw", "parsed", "parsing_error"}`` and parse
    failures are returned, not raised, matching ``BaseChatModel.with_structured_output``.
    """

    def parse_only(message: BaseMessage) -> Any:
        return parse_structured(schema, message)

    if not include_raw:
        return bound | RunnableLambda(parse_only)

    def with_raw(message: BaseMessage) -> dict[str, Any]:
        try:
            return {"raw": message, "parsed": parse_only(message), "parsing_error": None}
        except (ValueError, ValidationError) as error:  # JSONDecodeError is a ValueError
            return {"raw": message, "parsed": None, "parsing_error": error}

    return bound | RunnableLambda(with_raw)
