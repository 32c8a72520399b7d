"""Chat models for the SOP roles: the embedded llama.cpp default and any LangChain model.

Import ``load_chat_model`` from here; importing this package does not import
llama-cpp-python (a hosted-model run does not need it installed).
"""

from nodes.models.pricing import cost_usd, price_of
from nodes.models.registry import ModelSpecError, load_chat_model, resolve_spec
from nodes.models.weights import WEIGHTS, ModelWeights, ModelWeightsError, ensure_weights

__all__ = [
    "WEIGHTS",
    "ModelSpecError",
    "ModelWeights",
    "ModelWeightsError",
    "cost_usd",
    "ensure_weights",
    "load_chat_model",
    "price_of",
    "resolve_spec",
]
