"""Execution chooses (``nodes.selection``, ``nodes.select_code``): the rule, and the graph
that writes candidates side by side and runs them for real in the sandbox."""

from __future__ import annotations

from pathlib import Path

import pytest
from langgraph.checkpoint.memory import InMemorySaver

from benchmarks.scenarios import lgtm
from nodes.finalize import only_derived_note
from nodes.select_code import candidate_run
from nodes.selection import choose, suspect_tests
from state.artifacts import CodeDraft, CodeFile, SystemDesign, TestOutcome, TestReport, TestSuite
from state.candidates import OWN_CODE_CRASH, CandidateRun
from state.settings import RunSettings
from tests.fakes import ScriptedChatModel
from tests.graph_helpers import make_runner


def run_of(index: int, trusted: int = 0, derived: tuple[str, ...] = (), crashed: str = "") -> CandidateRun:
    return CandidateRun(
        index=index,
        crashed=crashed,
        trusted_passed=[f"t{i}" for i in range(trusted)],
        derived_passed=list(derived),
        derived_failed=[t for t in ("d1", "d2", "d3") if t not in derived],
    )


def test_a_wrong_derived_test_is_outvoted_by_agreement() -> None:
    # d3 is wrong: only the buggy candidate 0 satisfies it; 1, 2 and 3 agree on d1 and d2.
    runs = [run_of(0, derived=("d1", "d3")), run_of(1, derived=("d1", "d2")),
            run_of(2, derived=("d1", "d2")), run_of(3, derived=("d1", "d2"))]  # fmt: skip
    chosen, rule = choose(runs, preference=[0, 1, 2, 3])
    assert chosen == 1 and rule.startswith("dual agreement")


def test_a_trusted_failure_loses_whatever_the_agreement() -> None:
    runs = [run_of(0, trusted=1, derived=("d1", "d2")), run_of(1, trusted=1, derived=("d1", "d2")),
            run_of(2, trusted=2)]  # fmt: skip
    assert choose(runs, preference=[0, 1, 2]) == (2, "trusted tests")


def test_a_crash_loses_to_anything_that_runs() -> None:
    runs = [run_of(0, trusted=0, crashed="SyntaxError at line 1"), run_of(1, trusted=0)]
    assert choose(runs, preference=[0, 1]) == (1, "crashes")


def test_when_all_crash_one_that_crashed_inside_a_test_beats_one_a_user_cannot_import() -> None:
    # the tic-tac-toe run at e62faa0: four candidates lacked the required functions, two ran
    # them and raised a TypeError in some tests; the preference order shipped one that lacked them
    lacking = "lacks the requirement's names: `winner(board)`"
    runs = [run_of(0, crashed=lacking), run_of(1, crashed=lacking),
            run_of(2, crashed=f"{OWN_CODE_CRASH}TypeError (raised in tictactoe.py)")]  # fmt: skip
    assert choose(runs, preference=[1, 0, 2]) == (2, "crashes")


def test_ties_fall_to_the_preference_order() -> None:
    runs = [run_of(0, trusted=2), run_of(1, trusted=2), run_of(2, trusted=1)]
    chosen, rule = choose(runs, preference=[1, 0, 2])
    assert chosen == 1 and "preference" in rule


def test_tests_every_candidate_fails_are_suspect() -> None:
    runs = [run_of(0, derived=("d1",)), run_of(1, derived=("d1", "d2")), run_of(2, crashed="x")]
    assert suspect_tests(runs) == ["d3"]


REQUIREMENT = '''Write the Python function `add` in the single file `solution.py`.
```python
def add(a: int, b: int) -> int:
    """Add two numbers.
    >>> add(2, 3)
    5
    """
```'''
WRONG = "def add(a: int, b: int) -> int:\n    return a - b\n"
RIGHT = "def add(a: int, b: int) -> int:\n    return a + b\n"
DESIGN = SystemDesign(
    implementation_approach="Return the sum.",
    file_list=["solution.py"],
    data_structures_and_interfaces="classDiagram\n    class solution {\n        <<module>>\n"
    "        +add(a: int, b: int) int\n    }",
    program_call_flow="sequenceDiagram\n    Caller->>solution: add(a, b)",
)
WRONG_DERIVED = "from solution import add\n\n\ndef test_wrong_expectation():\n    assert add(1, 1) == 0\n"


def settings(**extra: object) -> RunSettings:
    return RunSettings(model="scripted", scope="function", candidates=4, max_retries=1, **extra)  # type: ignore[arg-type]


def candidate_script(*drafts: str, qa_tests: str | None = None) -> dict[str, list[object]]:
    script: dict[str, list[object]] = {
        "SystemDesign": [DESIGN],
        "CodeDraft": [CodeDraft(content=d) for d in drafts],
        "CodeReview": [lgtm()],
    }
    if qa_tests is not None:
        script["TestSuite"] = [TestSuite(files=[CodeFile(path="tests/test_project.py", content=qa_tests)])]
    return script


IMPORT_CRASH = "raise RuntimeError('boom at import')\n\n\n" + RIGHT


def test_the_graph_ships_the_candidate_that_passes_the_requirements_example() -> None:
    # candidate 0 (the SOP's) is wrong but satisfies QA's wrong test; the three others (written
    # concurrently, so in any order) are one that crashes on import, one right, one wrong.
    script = candidate_script(WRONG, IMPORT_CRASH, RIGHT, WRONG, qa_tests=WRONG_DERIVED)
    model = ScriptedChatModel(script=script)
    roles = ("architect", "engineer", "qa_engineer")
    outcome = make_runner(InMemorySaver(), model).start(REQUIREMENT, settings(roles=roles))
    values = outcome.values
    selection = values["selection"]
    contents = {int(k): c.content for k, c in values["candidates"].items()}
    assert contents[selection.chosen] == RIGHT and selection.rule == "trusted tests"
    assert values["code"]["solution.py"].content == RIGHT
    assert "tests/test_acceptance.py" in values["tests"]
    trusted = {run.index: len(run.trusted_passed) for run in selection.runs}
    assert trusted == {i: int(contents[i] == RIGHT) for i in contents}
    assert all(bool(run.crashed) == (contents[run.index] == IMPORT_CRASH) for run in selection.runs)
    # the wrong derived test fails on the shipped code, but it never drives a fix
    assert values["test_reports"][-1].failed == 1 and values.get("retries", 0) == 0
    assert "FixPlan" not in model.calls


def test_candidates_are_written_from_the_requirement_alone_with_their_own_seeds() -> None:
    model = ScriptedChatModel(script=candidate_script(RIGHT, RIGHT, RIGHT, RIGHT))
    outcome = make_runner(InMemorySaver(), model).start(
        REQUIREMENT, settings(roles=("architect", "engineer"))
    )
    candidates = outcome.values["candidates"]
    assert sorted(candidates) == ["0", "1", "2", "3"]  # "0": the SOP's own file, kept by select_code
    assert [candidates[k].origin for k in ("0", "1", "2", "3")] == ["sop", "direct", "sample", "sample"]
    assert [candidates[k].seed for k in ("1", "2", "3")] == [1, 2, 3]
    candidate_prompts = model.prompts[-3:]
    assert all("System design" not in p and ">>> add(2, 3)" in p for p in candidate_prompts)
    assert outcome.status == "succeeded"


def test_a_kill_while_candidates_are_written_resumes_without_paying_twice(tmp_path: Path) -> None:
    from checkpoints.savers import open_saver

    store = f"sqlite:///{tmp_path / 'runs.db'}"
    calls = tmp_path / "calls.log"
    script = candidate_script(RIGHT, RIGHT, RIGHT, RIGHT)
    failing = ScriptedChatModel(script=script, call_log=calls, fail_at_call=5)
    with open_saver(store) as saver:
        try:
            make_runner(saver, failing).start(
                REQUIREMENT, settings(roles=("architect", "engineer")), thread_id="t"
            )
        except RuntimeError as error:
            assert "scripted failure" in str(error)
    with open_saver(store) as saver:  # the candidates whose writes were saved before the failure
        interrupted = saver.get_tuple({"configurable": {"thread_id": "t", "checkpoint_ns": ""}})
        assert interrupted is not None
        candidates_before = sum(channel == "candidates" for _, channel, _ in interrupted.pending_writes or [])
    # a call still running in another thread when the failure came may or may not have been saved
    assert candidates_before <= failing.calls.count("CodeDraft") - 2
    resumed = ScriptedChatModel(script=candidate_script(RIGHT, RIGHT, RIGHT, RIGHT), call_log=calls)
    with open_saver(store) as saver:
        outcome = make_runner(saver, resumed).resume("t")
    assert outcome.status == "succeeded"
    # the design, the SOP's file and its review, and the candidate written before the
    # failure are not asked again: only the candidates that were being written.
    assert "SystemDesign" not in resumed.calls and "CodeReview" not in resumed.calls
    assert resumed.calls.count("CodeDraft") == 3 - candidates_before


TWO_EXAMPLES = REQUIREMENT.replace(
    "    >>> add(2, 3)\n    5\n", "    >>> add(2, 3)\n    5\n    >>> add(0, 0)\n    0\n"
)
QA_SUITE = "from solution import add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n"


def fix_run(*fixes: str) -> tuple[dict[str, object], ScriptedChatModel]:
    from state.artifacts import FixPlan

    script = candidate_script(WRONG, qa_tests=QA_SUITE)
    script["FixPlan"] = [
        FixPlan(diagnosis="the sign", files=[CodeFile(path="solution.py", content=fixed)]) for fixed in fixes
    ]
    model = ScriptedChatModel(script=script, temperature=0.0, seed=0)
    roles = ("architect", "engineer", "qa_engineer")
    outcome = make_runner(InMemorySaver(), model).start(
        TWO_EXAMPLES,
        RunSettings(model="scripted", scope="function", candidates=1, roles=roles, max_retries=3, seed=0),
    )
    return outcome.values, model


BREAKS_ONE = "def add(a: int, b: int) -> int:\n    return 7\n"


def test_a_fix_that_breaks_a_passing_trusted_test_is_undone_and_asked_again_sampled() -> None:
    values, model = fix_run(BREAKS_ONE, BREAKS_ONE + "# again\n", BREAKS_ONE + "# and again\n")
    assert values["code"]["solution.py"].content == WRONG
    reports = values["test_reports"]
    assert all(report.reverted_fix and "undone" in report.notes[-1] for report in reports[1:])
    # greedy, the same prompt would get the same fix: after each undone one it is sampled,
    # each with a seed of its own, until the cap
    fixes = [(temperature, seed) for name, temperature, seed in model.sampling if name == "FixPlan"]
    assert fixes == [(0.0, 0), (0.8, 1), (0.8, 2)] and values["retries"] == 3


def test_a_sampled_fix_that_earns_its_place_after_an_undone_one_stays() -> None:
    values, _ = fix_run(BREAKS_ONE, RIGHT)
    assert values["code"]["solution.py"].content == RIGHT and values["status"] == "succeeded"
    fix_messages = [m.summary for m in values["messages"] if m.action == "FixBug"]  # type: ignore[attr-defined]
    assert fix_messages[-1].endswith("; sampled, after 1 undone fix(es)")


def test_a_fix_that_passes_more_trusted_tests_stays() -> None:
    values, _ = fix_run(RIGHT)
    assert values["code"]["solution.py"].content == RIGHT
    assert values["test_reports"][-1].ok and values["status"] == "succeeded"


def test_a_candidate_that_copies_the_stub_is_asked_once_more() -> None:
    stub = 'def add(a: int, b: int) -> int:\n    """Add two numbers."""\n'
    model = ScriptedChatModel(script=candidate_script(RIGHT, stub, RIGHT, RIGHT, RIGHT))
    outcome = make_runner(InMemorySaver(), model).start(
        REQUIREMENT, settings(roles=("architect", "engineer"))
    )
    assert model.calls.count("CodeDraft") == 5
    assert all(c.content == RIGHT for c in outcome.values["candidates"].values())


def test_a_tie_ships_the_direct_candidate_not_the_sops_file() -> None:
    # every version passes the example and agrees on every probe: execution cannot tell them
    # apart, so what ships is what the model answered alone (select_code.PREFERENCE)
    alone = "def add(a: int, b: int) -> int:\n    total = a + b\n    return total\n"
    model = ScriptedChatModel(script=candidate_script(RIGHT, alone, alone, alone))
    outcome = make_runner(InMemorySaver(), model).start(
        REQUIREMENT, settings(roles=("architect", "engineer"))
    )
    selection = outcome.values["selection"]
    assert selection.chosen == 1 and "preference" in selection.rule
    assert outcome.values["code"]["solution.py"].content == alone


CLASS_VERSION = (
    "class Calculator:\n    def add(self, a: int, b: int) -> int:\n        return a - b\n\n\n"
    "def add(a: int, b: int) -> int:\n    return Calculator().add(a, b)\n"
)
SUITE_FOR_THE_CLASS = (
    "from solution import Calculator, add\n\n\ndef test_add():\n    assert add(1, 2) == 3\n\n\n"
    "def test_calculator():\n    assert Calculator().add(2, 2) == 4\n"
)


def test_a_suite_importing_names_the_shipped_candidate_lacks_is_adapted_not_fixed_towards() -> None:
    # QA wrote its suite against the SOP's file (a class); execution ships the direct
    # candidate (no class): QA adapts the suite to the shipped code before any test run,
    # instead of the loop treating the import error as a crash of correct code.
    script = candidate_script(CLASS_VERSION, RIGHT, RIGHT, RIGHT, qa_tests=SUITE_FOR_THE_CLASS)
    script["TestSuite"].append(TestSuite(files=[CodeFile(path="tests/test_project.py", content=QA_SUITE)]))
    model = ScriptedChatModel(script=script)
    roles = ("architect", "engineer", "qa_engineer")
    outcome = make_runner(InMemorySaver(), model).start(REQUIREMENT, settings(roles=roles))
    values = outcome.values
    assert values["code"]["solution.py"].content == RIGHT
    assert values["tests"]["tests/test_project.py"].content.startswith("from solution import add\n")
    assert values["status"] == "succeeded" and values.get("test_revisions", 0) == 0
    assert not values.get("fix_plans")
    actions = [m.action for m in values["messages"] if m.role == "qa_engineer"]
    assert actions[-4:-2] == ["SelectCode", "AdaptTest"]
    adapt_prompt = model.prompts[-1]
    assert "`solution.Calculator`" in adapt_prompt and "(from solution import add)" in adapt_prompt
    assert "## System design" not in adapt_prompt and "def test_calculator" not in adapt_prompt


def test_a_suite_that_stays_behind_the_shipped_code_gets_one_revision_and_no_fix() -> None:
    # the model rewrites the same class import when adapting and when revising: the red runs
    # are the suite's, so the Engineer is never asked to "fix" correct code towards them.
    script = candidate_script(CLASS_VERSION, RIGHT, RIGHT, RIGHT, qa_tests=SUITE_FOR_THE_CLASS)
    script["TestSuite"] += [
        TestSuite(files=[CodeFile(path="tests/test_project.py", content=SUITE_FOR_THE_CLASS)])
    ] * 2
    model = ScriptedChatModel(script=script)
    roles = ("architect", "engineer", "qa_engineer")
    values = make_runner(InMemorySaver(), model).start(REQUIREMENT, settings(roles=roles)).values
    assert values["code"]["solution.py"].content == RIGHT and values["status"] == "failed_tests"
    assert not values.get("fix_plans") and values["test_revisions"] == 1
    assert [m.action for m in values["messages"]].count("AdaptTest") == 2
    assert "all 1 of the requirement's own examples pass" in values["qa_report"].summary


def test_a_red_verdict_says_when_only_derived_tests_are_red() -> None:
    def report(*outcomes: tuple[str, str], start_error: str = "") -> TestReport:
        found = [TestOutcome(nodeid=n, outcome=o) for n, o in outcomes]  # type: ignore[arg-type]
        return TestReport(outcomes=found, start_error=start_error)

    trusted, derived = "tests/test_acceptance.py::test_example_1", "tests/test_project.py::test_add"
    assert "only QA's derived tests" in only_derived_note(report((trusted, "passed"), (derived, "failed")))
    assert only_derived_note(report((trusted, "failed"), (derived, "failed"))) == ""
    assert only_derived_note(report((derived, "failed"))) == ""  # no example to go on
    assert only_derived_note(report((trusted, "passed"), (derived, "failed"), start_error="boom")) == ""


def test_a_suite_the_shipped_candidate_can_import_goes_straight_to_the_tests() -> None:
    script = candidate_script(WRONG, RIGHT, RIGHT, RIGHT, qa_tests=QA_SUITE)
    model = ScriptedChatModel(script=script)
    roles = ("architect", "engineer", "qa_engineer")
    values = make_runner(InMemorySaver(), model).start(REQUIREMENT, settings(roles=roles)).values
    assert values["status"] == "succeeded"
    assert "AdaptTest" not in [m.action for m in values["messages"]]


def test_a_version_lacking_the_requirements_names_loses_like_a_crash() -> None:
    error = TestOutcome(nodeid="tests/test_project.py", outcome="error")
    derived_error = TestReport(errors=1, outcomes=[error])
    lacking = candidate_run(0, CLASS_VERSION, "solution.py", derived_error, lacks=["`add` is a method"])
    assert lacking.crashed == "lacks the requirement's names: `add` is a method"
    # no test could run: a crash, unless QA's suite imports names this version does not define
    assert candidate_run(1, RIGHT, "solution.py", derived_error).crashed.startswith("no test could run")
    assert candidate_run(1, RIGHT, "solution.py", derived_error, suite_behind=True).crashed == ""
    runs = [lacking, candidate_run(1, RIGHT, "solution.py", derived_error, suite_behind=True)]
    assert choose(runs, preference=[0, 1]) == (1, "crashes")


def test_a_suite_that_never_comes_does_not_stop_selection() -> None:
    # QA's every answer (the first and each repair) holds no test function: the run goes on
    # without derived tests, execution still ships the version that passes the example, and
    # the verdict says why no suite of QA's ran (the ``ini`` project stopped failed_error).
    script = candidate_script(WRONG, IMPORT_CRASH, RIGHT, WRONG)
    script["TestSuite"] = ["I would test add with a few numbers."] * 3
    model = ScriptedChatModel(script=script)
    roles = ("architect", "engineer", "qa_engineer")
    values = make_runner(InMemorySaver(), model).start(REQUIREMENT, settings(roles=roles)).values
    assert values["code"]["solution.py"].content == RIGHT and values["selection"].rule == "trusted tests"
    assert values["status"] == "succeeded" and values["test_reports"][-1].passed == 1
    assert len(values["suite_failures"]) == 1 and model.calls.count("TestSuite") == 3
    assert set(values["tests"]) == {"tests/test_acceptance.py"}
    assert "GiveUpTests" in [m.action for m in values["messages"]]


def test_a_suite_whose_end_never_compiles_keeps_the_tests_before_it() -> None:
    # QA's every answer ends in a test function with no body (the contacts project, step 1):
    # once the repairs are spent, the part that compiles is the suite, and it runs.
    broken = (
        "```python\nfrom solution import add\n\n\n"
        "def test_small():\n    assert add(1, 2) == 3\n\n\ndef test_big():\n```"
    )
    script = candidate_script(WRONG, IMPORT_CRASH, RIGHT, WRONG)
    script["TestSuite"] = [broken] * 3
    model = ScriptedChatModel(script=script)
    roles = ("architect", "engineer", "qa_engineer")
    values = make_runner(InMemorySaver(), model).start(REQUIREMENT, settings(roles=roles)).values
    assert model.calls.count("TestSuite") == 3 and not values.get("suite_failures")
    suite = values["tests"]["tests/test_project.py"].content
    assert "def test_small" in suite and "def test_big" not in suite
    assert values["status"] == "succeeded" and values["test_reports"][-1].passed == 2
    written = next(m for m in values["messages"] if m.action == "WriteTest")
    assert "the part of its last answer that compiles" in written.summary


def test_a_revision_that_never_comes_keeps_the_suite_and_counts() -> None:
    # the suite stays behind the shipped code and QA's adaptations are all invalid: the old
    # suite stays, each failed attempt counts as a revision, and the loop ends at its limit.
    script = candidate_script(CLASS_VERSION, RIGHT, RIGHT, RIGHT, qa_tests=SUITE_FOR_THE_CLASS)
    script["TestSuite"] += ["no tests today"] * 3
    model = ScriptedChatModel(script=script)
    roles = ("architect", "engineer", "qa_engineer")
    values = make_runner(InMemorySaver(), model).start(REQUIREMENT, settings(roles=roles)).values
    assert values["code"]["solution.py"].content == RIGHT and values["status"] == "failed_tests"
    assert values["tests"]["tests/test_project.py"].content == SUITE_FOR_THE_CLASS
    assert values["test_revisions"] == 1 and not values.get("fix_plans")
    assert "QA's tests were not renewed (1x)" in values["qa_report"].summary


UNDEFINED_HELPER = (
    "def add(a: int, b: int) -> int:\n    if a < 0:\n        return helper(a, b)\n    return a + b\n"
)
NEGATIVE_SUITE = "from solution import add\n\n\ndef test_negative():\n    assert add(-1, 1) == 0\n"


UNSET_COUNT = (
    "class Adder:\n"
    "    def bump(self) -> None:\n        self.count += 1\n\n\n"
    "def add(a: int, b: int) -> int:\n    if a < 0:\n        Adder().bump()\n    return a + b\n"
)


@pytest.mark.parametrize(
    ("broken", "crash"),
    [
        (UNDEFINED_HELPER, "NameError: name 'helper' is not defined"),
        (UNSET_COUNT, "AttributeError: 'Adder' object has no attribute 'count'"),
    ],
    ids=["nameerror", "attributeerror"],
)
def test_a_crash_of_the_codes_own_lines_in_a_derived_test_drives_a_fix_that_stays(
    broken: str, crash: str
) -> None:
    """The inventory run (`reorder_level` used and never defined) and an attribute read
    before any method set it: reached only by QA's tests, each a crash of the code raised
    in its own lines, not a wrong expected value, so the loop repairs it. (The bank run's
    read-only property assigned in ``__init__`` is now repaired without a model call,
    ``nodes.property_backing``.)"""
    from state.artifacts import FixPlan

    script = candidate_script(broken, qa_tests=NEGATIVE_SUITE)
    script["FixPlan"] = [FixPlan(diagnosis="crash", files=[CodeFile(path="solution.py", content=RIGHT)])]
    model = ScriptedChatModel(script=script)
    roles = ("architect", "engineer", "qa_engineer")
    outcome = make_runner(InMemorySaver(), model).start(
        REQUIREMENT,
        RunSettings(
            model="scripted", scope="function", candidates=1, roles=roles, max_retries=3, max_code_rewrites=0
        ),
    )
    first = outcome.values["test_reports"][0].outcomes[-1]
    assert first.message.startswith(crash) and first.raised_in == "solution.py"
    assert model.calls.count("FixPlan") == 1
    assert outcome.values["code"]["solution.py"].content == RIGHT  # kept: it cured the crash
    assert outcome.values["status"] == "succeeded"


def test_a_nameerror_of_the_tests_own_making_drives_no_fix() -> None:
    suite = "from solution import add\n\n\ndef test_typo():\n    assert add(1, 1) == two\n"
    model = ScriptedChatModel(script=candidate_script(RIGHT, qa_tests=suite))
    roles = ("architect", "engineer", "qa_engineer")
    outcome = make_runner(InMemorySaver(), model).start(
        REQUIREMENT, RunSettings(model="scripted", scope="function", candidates=1, roles=roles, max_retries=3)
    )
    assert "FixPlan" not in model.calls and outcome.values["status"] == "failed_tests"


def test_a_version_that_fails_on_its_own_nameerror_loses_like_a_crash() -> None:
    failed = TestOutcome(
        nodeid="tests/test_project.py::test_negative",
        outcome="failed",
        message="NameError: name 'helper' is not defined",
    )
    report = TestReport(failed=1, outcomes=[failed])
    crashes = ["NameError: name 'helper' is not defined"]
    crashed = candidate_run(0, UNDEFINED_HELPER, "solution.py", report, crashes=crashes)
    assert crashed.crashed == "crashed in its own code: NameError: name 'helper' is not defined"
    runs = [crashed, candidate_run(1, RIGHT, "solution.py", TestReport(passed=1))]
    assert choose(runs, preference=[0, 1]) == (1, "crashes")
