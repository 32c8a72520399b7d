"""Execution chooses: the rule that picks one candidate from their test results. No model.

The rule, in order (each step only breaks the ties the one before left):
1. A candidate that crashed (cannot be imported, a syntax error, a crash on start) loses to
   one that did not. When every one crashed, one that crashed only inside some tests, in
   its own lines (``OWN_CODE_CRASH``: it imports, starts and has the requirement's names),
   beats one that cannot even be imported or lacks those names: a user's import works on it.
2. More trusted tests passed (the requirement's own examples) wins; a trusted failure is
   never outvoted by agreement on derived tests.
3. Dual agreement on the derived tests (QA's), as in CodeT (arXiv 2207.10397): candidates
   are grouped by the exact set of derived tests they pass, and a group scores
   (its size) x (tests it passes); the best group wins. Agreement, not the raw pass count,
   is what survives wrong expected values: a wrong test that one candidate happens to
   satisfy earns that candidate nothing unless others agree with it.
4. Agreement on outputs, as in MBR-exec (arXiv 2204.11454): every candidate ran the same
   probe calls (``state.probes``: the requirement's literal calls and their neighbours,
   with no expected value); a candidate scores one point per probe and per other candidate
   that observed the same result, and the highest score wins. Wrong answers rarely agree
   with each other; right ones must.
5. Otherwise the first candidate in ``preference`` order (by measurement; see
   docs/benchmarks.md).

Derived tests that every candidate that ran failed are reported as suspect: they are more
likely wrong than every candidate is.
"""

from __future__ import annotations

from collections.abc import Sequence

from state.candidates import OWN_CODE_CRASH, CandidateRun


def _not_crashed(runs: Sequence[CandidateRun]) -> list[CandidateRun]:
    ok = [run for run in runs if not run.crashed]
    inside_tests = [run for run in runs if run.crashed.startswith(OWN_CODE_CRASH)]
    return ok or inside_tests or list(runs)


def _most_trusted(runs: Sequence[CandidateRun]) -> list[CandidateRun]:
    best = max(len(run.trusted_passed) for run in runs)
    return [run for run in runs if len(run.trusted_passed) == best]


def _dual_agreement(runs: Sequence[CandidateRun]) -> list[CandidateRun]:
    groups: dict[frozenset[str], list[CandidateRun]] = {}
    for run in runs:
        groups.setdefault(frozenset(run.derived_passed), []).append(run)
    scored = {tests: len(members) * len(tests) for tests, members in groups.items()}
    best = max(scored.values())
    if best == 0:
        return list(runs)
    return [run for tests, members in groups.items() if scored[tests] == best for run in members]


def _output_agreement(runs: Sequence[CandidateRun], everyone: Sequence[CandidateRun]) -> list[CandidateRun]:
    def score(run: CandidateRun) -> int:
        return sum(
            other.observed.get(probe) == result
            for other in everyone
            if other.index != run.index and not other.crashed
            for probe, result in run.observed.items()
        )

    scores = {run.index: score(run) for run in runs}
    best = max(scores.values())
    return [run for run in runs if scores[run.index] == best]


def suspect_tests(runs: Sequence[CandidateRun]) -> list[str]:
    """Derived tests that every candidate able to run failed."""
    ran = [run for run in runs if not run.crashed]
    if not ran:
        return []
    failed_by_all = set(ran[0].derived_failed)
    for run in ran[1:]:
        failed_by_all &= set(run.derived_failed)
    return sorted(failed_by_all)


def choose(runs: Sequence[CandidateRun], preference: Sequence[int]) -> tuple[int, str]:
    """The index of the winning candidate and which step of the rule decided."""
    if not runs:
        raise ValueError("no candidates to choose from")
    steps = (
        ("crashes", _not_crashed),
        ("trusted tests", _most_trusted),
        ("dual agreement on derived tests", _dual_agreement),
        ("agreement on probe outputs", lambda left: _output_agreement(left, runs)),
    )
    left = list(runs)
    decided_by = "preference order"
    for name, step in steps:
        kept = step(left)
        if len(kept) < len(left):
            decided_by = name
        left = kept
        if len(left) == 1:
            return left[0].index, decided_by
    rank = {index: position for position, index in enumerate(preference)}
    winner = min(left, key=lambda run: (rank.get(run.index, len(rank) + run.index), run.index))
    tie = (
        f"{decided_by}, then preference order among {len(left)}"
        if decided_by != "preference order"
        else decided_by
    )
    return winner.index, tie
