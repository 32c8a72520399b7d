"""Closing a round of the Engineer's once every file exists (``nodes.cross_file_names``): a
file lacking what the others import from it is asked for exactly that, once."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import GOOD_CALC, MAIN, script
from checkpoints.serde import make_serializer
from nodes.cross_file_names import files_lacking_imported_names, rewrite_lacking
from state.artifacts import CodeDraft, CodeFile
from tests.graph_helpers import call_counts, run

PLUS_ONLY = "def plus(a: float, b: float) -> float:\n    return a + b\n"


@pytest.fixture
def memory() -> InMemorySaver:
    return InMemorySaver(serde=make_serializer())


def files(**contents: str) -> dict[str, CodeFile]:
    return {f"{name}.py": CodeFile(path=f"{name}.py", content=text) for name, text in contents.items()}


def test_the_file_lacking_an_imported_name_is_found_without_a_model() -> None:
    code = files(calc=PLUS_ONLY, main=MAIN)
    lacking = files_lacking_imported_names(code, ["calc.py", "main.py"])
    assert list(lacking) == ["calc.py"] and "`main.py` import `add` from `calc.py`" in lacking["calc.py"]
    assert files_lacking_imported_names(files(calc=GOOD_CALC, main=MAIN), ["calc.py", "main.py"]) == {}


def test_a_rewrite_is_kept_only_when_it_lacks_less_and_compiles() -> None:
    code = files(calc=PLUS_ONLY, main=MAIN)
    asked: list[str] = []

    def answering(*answers: str):  # type: ignore[no-untyped-def]
        replies = list(answers)

        def rewrite(path: str, content: str, comment: str) -> str:
            asked.append(comment)
            return replies.pop(0)

        return rewrite

    kept = rewrite_lacking(code, ["calc.py", "main.py"], answering(GOOD_CALC))
    assert kept["code"]["calc.py"].content == GOOD_CALC and kept["code"]["calc.py"].attempt == 1
    assert "calc.py: now defines add" in kept["messages"][0].summary
    for useless in (PLUS_ONLY, "def add(a, b:\n"):
        refused = rewrite_lacking(code, ["calc.py", "main.py"], answering(useless))
        assert "code" not in refused and "rewrite not kept" in refused["messages"][0].summary
    assert rewrite_lacking(files(calc=GOOD_CALC, main=MAIN), ["calc.py", "main.py"], answering()) == {}
    assert len(asked) == 3


@pytest.mark.parametrize("parallel", [False, True], ids=["serial", "parallel"])
def test_a_module_written_before_its_importers_is_rewritten_once_they_exist(
    memory: InMemorySaver, parallel: bool
) -> None:
    # SoftwareDev's snake: game.py written first without the `Game` that main.py imports
    answers = script() | {
        "CodeDraft": [CodeDraft(content=PLUS_ONLY), CodeDraft(content=MAIN), CodeDraft(content=GOOD_CALC)]
    }
    outcome, model = run(memory, answers, max_code_rewrites=0, parallel_files=parallel)
    assert outcome.status == "succeeded", outcome.values.get("failure")
    assert outcome.values["code"]["calc.py"].content == GOOD_CALC
    assert call_counts(model)["CodeDraft"] == 3
    added = [m.summary for m in outcome.values["messages"] if m.action == "AddImportedNames"]
    assert added == [
        "names other files import, asked of the file they import them from: calc.py: now defines add"
    ]
