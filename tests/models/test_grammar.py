"""JSON schema -> llama.cpp grammar: every artifact must compile, failures must be loud."""

from __future__ import annotations

import importlib.util
import inspect

import pytest
from pydantic import BaseModel

import state.artifacts as artifacts

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("llama_cpp") is None,
    reason='llama_cpp not installed: pip install "sopgraph[local-small]"',
)

ARTIFACTS = [
    obj
    for obj in vars(artifacts).values()
    if inspect.isclass(obj) and issubclass(obj, BaseModel) and obj.__module__ == artifacts.__name__
]


@pytest.mark.parametrize("schema", ARTIFACTS, ids=lambda s: s.__name__)
def test_every_artifact_schema_compiles_to_a_grammar(schema: type[BaseModel]) -> None:
    """A schema change that the grammar compiler cannot follow would otherwise only show
    up as a local-model run that produces JSON of the wrong shape."""
    from nodes.models.engine import grammar_for
    from nodes.models.structured import grammar_response_format

    grammar = grammar_for(grammar_response_format(schema))
    assert grammar is not None and "root ::=" in grammar._grammar


def test_uncompilable_schema_raises_instead_of_falling_back() -> None:
    from nodes.models.engine import grammar_for

    with pytest.raises(ValueError, match=r"cannot be compiled to a llama\.cpp grammar"):
        grammar_for({"type": "json_object", "schema": {"type": "strange"}})


def test_no_schema_means_any_json_and_no_format_means_free_text() -> None:
    from nodes.models.engine import grammar_for

    any_json = grammar_for({"type": "json_object"})
    assert any_json is not None and "object" in any_json._grammar
    assert grammar_for(None) is None
    assert grammar_for({"type": "text"}) is None
