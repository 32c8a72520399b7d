"""Closing a round of the Engineer's once every file exists (``nodes.cross_file_names``): a
file lacking what the others import from it is asked for exactly that, once."""

from __future__ import annotations

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import GOOD_CALC, MAIN, script
from checkpoints.serde import make_serializer
from nodes.cross_file_names import ATTEMPTS, Rewrite, files_lacking_names, rewrite_lacking
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
    lacking = files_lacking_names(code, ["calc.py", "main.py"])
    assert list(lacking) == ["calc.py"] and "`main.py` import `add` from `calc.py`" in lacking["calc.py"]
    assert files_lacking_names(files(calc=GOOD_CALC, main=MAIN), ["calc.py", "main.py"]) == {}


def answering(asked: list[tuple[str, int]], *answers: str) -> Rewrite:
    """A rewrite that gives ``answers`` in turn, recording each (comment, attempt) asked."""
    replies = list(answers)

    def rewrite(path: str, content: str, comment: str, attempt: int) -> str:
        asked.append((comment, attempt))
        return replies.pop(0)

    return rewrite


def test_a_rewrite_is_kept_only_when_it_lacks_less_and_compiles() -> None:
    code = files(calc=PLUS_ONLY, main=MAIN)
    asked: list[tuple[str, int]] = []
    kept = rewrite_lacking(code, ["calc.py", "main.py"], answering(asked, GOOD_CALC))
    assert kept["code"]["calc.py"].content == GOOD_CALC and kept["code"]["calc.py"].attempt == 1
    assert "calc.py: now defines add" in kept["messages"][0].summary
    for useless, why in ((PLUS_ONLY, "still lacks add"), ("def add(a, b:\n", "SyntaxError")):
        refused = rewrite_lacking(code, ["calc.py", "main.py"], answering(asked, *[useless] * ATTEMPTS))
        assert "code" not in refused
        assert f"none of {ATTEMPTS} rewrites kept (the last: " in refused["messages"][0].summary
        assert why in refused["messages"][0].summary
    assert rewrite_lacking(files(calc=GOOD_CALC, main=MAIN), ["calc.py", "main.py"], answering(asked)) == {}
    assert [attempt for _, attempt in asked] == [0, *range(ATTEMPTS), *range(ATTEMPTS)]


def test_a_rewrite_not_kept_is_asked_again_sampled_until_one_is() -> None:
    # 2048: the one greedy rewrite of server.py left out the Server main.py imports, every time
    asked: list[tuple[str, int]] = []
    code = files(calc=PLUS_ONLY, main=MAIN)
    kept = rewrite_lacking(code, ["calc.py", "main.py"], answering(asked, PLUS_ONLY, GOOD_CALC, PLUS_ONLY))
    assert kept["code"]["calc.py"].content == GOOD_CALC
    assert f"calc.py: now defines add (rewrite 2 of {ATTEMPTS})" in kept["messages"][0].summary
    assert [attempt for _, attempt in asked] == [0, 1]  # the first kept ends the asking
    assert all("`main.py` import `add` from `calc.py`" in comment for comment, _ in asked)


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
