"""Reducers: how writes to a shared channel merge."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

from state.artifacts import CodeFile
from state.candidates import Candidate
from state.settings import RunSettings
from state.usage import Usage


def merge_files(
    current: dict[str, CodeFile] | None, update: dict[str, CodeFile] | None
) -> dict[str, CodeFile]:
    """Merge file dicts key by key: a writer replaces only the paths it names."""
    merged = dict(current or {})
    merged.update(update or {})
    return merged


def keep_first_files(
    current: dict[str, CodeFile] | None, update: dict[str, CodeFile] | None
) -> dict[str, CodeFile]:
    """Merge file dicts, but a path already there keeps its first version: an original is
    recorded once, however many later rounds rewrite that file again."""
    return {**(update or {}), **(current or {})}


def merge_candidates(
    current: dict[str, Candidate] | None, update: dict[str, Candidate] | None
) -> dict[str, Candidate]:
    """Candidates by index: each concurrent writer adds its own."""
    return {**(current or {}), **(update or {})}


def merge_usage(current: dict[str, Usage] | None, update: dict[str, Usage] | None) -> dict[str, Usage]:
    """Add each role's spend to what it had spent before."""
    merged = dict(current or {})
    for role, usage in (update or {}).items():
        merged[role] = merged[role] + usage if role in merged else usage
    return merged


T = TypeVar("T")


def latest(current: T | None, update: T) -> T:
    """The newest write wins, as on a plain channel, except that writes of one step do not
    clash: concurrent tasks (the files of a wave, the candidates) may each stop the run, and
    the last of them in the order they were sent is kept."""
    return update


def update_queue(current: list[str] | None, update: list[str] | str | None) -> list[str] | None:
    """The Engineer's queue: a list (or ``None``, not planned) replaces it; a path removes
    that path. The files of one wave are written by concurrent tasks, and each reports its
    own file done: the queue is right after any subset of them finished, so a resume after
    a kill or a stop mid-wave asks only for the files still in it."""
    if isinstance(update, str):
        return [path for path in current or [] if path != update]
    return update


def replace_settings(current: RunSettings | None, update: RunSettings | Mapping[str, Any]) -> RunSettings:
    """The newest settings win, validated: a caller of the bare compiled graph (``langgraph
    dev``, JSON over HTTP) sends them as a dict, and every node reads attributes. As a
    reducer channel, ``settings`` also starts at ``RunSettings()``, so omitting them means
    the defaults rather than a ``KeyError`` in the first router."""
    return RunSettings.model_validate(update)
