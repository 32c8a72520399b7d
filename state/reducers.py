"""Reducers: how writes to a shared channel merge."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

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


def replace_settings(current: RunSettings | None, update: RunSettings | Mapping[str, Any]) -> RunSettings:
    """The newest settings win, validated: a caller of the bare compiled graph (``langgraph
    dev``, JSON over HTTP) sends them as a dict, and every node reads attributes. As a
    reducer channel, ``settings`` also starts at ``RunSettings()``, so omitting them means
    the defaults rather than a ``KeyError`` in the first router."""
    return RunSettings.model_validate(update)
