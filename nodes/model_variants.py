"""The model a single call runs with: a copy with one setting changed, never the run's own.

Why a module: three roles tune one call (a retry after a loop, a candidate's temperature
and seed, an answer cap sized to the artifact), and each must leave the model the rest of
the run uses untouched; a model without the setting (a hosted one has no engine replica or
repetition penalty) is used as it is.
"""

from __future__ import annotations

from typing import Any

from langchain_core.language_models import BaseChatModel

REPAIR_REPEAT_PENALTY = 1.15


def unlooped(model: BaseChatModel) -> BaseChatModel:
    """The model with a repetition penalty for a retry after a reply that looped.

    Only for the retry: docs/local_model.md measured a permanent 1.1 penalty making code
    worse. Models without a float ``repeat_penalty`` (hosted ones) are left alone.
    """
    current = getattr(model, "repeat_penalty", None)
    if not isinstance(current, float) or current >= REPAIR_REPEAT_PENALTY:
        return model
    return model.model_copy(update={"repeat_penalty": REPAIR_REPEAT_PENALTY})


def with_fields(model: BaseChatModel, **values: Any) -> BaseChatModel:
    """The model with those of ``values`` it has fields for (``temperature``, ``seed``,
    ``replica`` of the embedded engine); a model without them (a hosted one has no replica)
    is used as it is. A copy: the run's other calls keep the model they were given."""
    update = {name: value for name, value in values.items() if name in type(model).model_fields}
    return model.model_copy(update=update) if update else model


def sample_seed(run_seed: int | None, offset: int) -> int | None:
    """The seed of a run's ``offset``-th sampled call: the run's seed plus the offset, so
    each sample is reproducible and differs from the others; none where the run has none.
    Candidates and the sampled rewrites of ``nodes.cross_file_names`` number theirs this way."""
    return None if run_seed is None else run_seed + offset


def sampled(model: BaseChatModel, temperature: float, seed: int | None) -> BaseChatModel:
    """The model with a sample's temperature and seed, where the model has them."""
    return with_fields(model, temperature=temperature, seed=seed)


def capped(model: BaseChatModel, max_answer_tokens: int | None) -> BaseChatModel:
    """The model with its answer cap lowered to ``max_answer_tokens`` where it has one.

    Small local models sometimes loop (the same test written 40 times); a cap sized to the
    artifact turns such a loop into a short, repairable truncation instead of minutes of
    generation. Models without an integer ``max_tokens`` (hosted ones) are left alone.
    """
    current = getattr(model, "max_tokens", None)
    if max_answer_tokens is None or not isinstance(current, int) or current <= max_answer_tokens:
        return model
    return model.model_copy(update={"max_tokens": max_answer_tokens})
