"""Structured-output plumbing that does not need the model: schema rewrite and parsing."""

from __future__ import annotations

from typing import Any

from langchain_core.messages import AIMessage
from langchain_core.runnables import RunnableLambda
from pydantic import BaseModel, Field, ValidationError

from nodes.models.structured import grammar_response_format, require_every_property, structured_runnable


class Inner(BaseModel):
    properties: str = ""  # a field *named* like the JSON-schema keyword
    note: str | None = None


class Outer(BaseModel):
    name: str = Field(min_length=1)
    items: list[Inner] = Field(default_factory=list)
    extra: Inner | None = None


def test_every_object_requires_all_its_properties_in_schema_order() -> None:
    schema = require_every_property(Outer.model_json_schema())
    assert schema["required"] == ["name", "items", "extra"]
    assert schema["$defs"]["Inner"]["required"] == ["properties", "note"]
    assert set(schema["$defs"]["Inner"]["properties"]) == {"properties", "note"}
    assert "required" not in Outer.model_json_schema()["$defs"]["Inner"], "input was mutated"


def test_require_all_can_be_switched_off() -> None:
    loose = grammar_response_format(Outer, require_all=False)["schema"]
    assert loose["required"] == ["name"]
    assert grammar_response_format(Outer)["type"] == "json_object"


def _answer(text: str) -> Any:
    return RunnableLambda(lambda _: AIMessage(content=text))


def test_include_raw_returns_parsed_object() -> None:
    out = structured_runnable(_answer('{"name": "x"}'), Outer, include_raw=True).invoke("q")
    assert out["parsed"] == Outer(name="x") and out["parsing_error"] is None
    assert out["raw"].content == '{"name": "x"}'


def test_raw_newline_inside_a_string_is_accepted() -> None:
    """llama.cpp's JSON grammar lets a literal newline into strings; strict JSON would not."""
    out = structured_runnable(_answer('{"name": "a\nb"}'), Outer, include_raw=True).invoke("q")
    assert out["parsed"] is not None and out["parsed"].name == "a\nb"


def test_errors_are_returned_with_include_raw_and_raised_without() -> None:
    invalid = structured_runnable(_answer('{"name": ""}'), Outer, include_raw=True).invoke("q")
    assert invalid["parsed"] is None and isinstance(invalid["parsing_error"], ValidationError)
    broken = structured_runnable(_answer('{"name": '), Outer, include_raw=True).invoke("q")
    assert isinstance(broken["parsing_error"], ValueError)
    try:
        structured_runnable(_answer('{"name": ""}'), Outer, include_raw=False).invoke("q")
    except ValidationError:
        pass
    else:
        raise AssertionError("expected ValidationError")


def test_dict_schema_gives_plain_dict() -> None:
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}}
    assert structured_runnable(_answer('{"a": 1}'), schema, include_raw=False).invoke("q") == {"a": 1}
