"""Run settings: chosen when a run starts, stored in state so a resume elsewhere sees them.

The chat model object itself lives in the runtime context (it cannot be checkpointed);
only its *spec string* is kept here, so ``sopgraph resume`` can rebuild the same model.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

Role = Literal["product_manager", "architect", "project_manager", "engineer", "qa_engineer"]
ReviewGate = Literal["prd", "design", "tasks", "code"]
Scope = Literal["project", "function"]
FixSignal = Literal["trusted", "any"]
"""What a run builds: a whole program, or one function (HumanEval/MBPP-style tasks)."""
StructuredMethod = Literal[
    "default", "json_schema", "json_object_schema", "function_calling", "json_mode", "prompt"
]
"""How a hosted or served model is asked for structured output (nodes/models/adaptive.py)."""

ALL_ROLES: tuple[Role, ...] = (
    "product_manager",
    "architect",
    "project_manager",
    "engineer",
    "qa_engineer",
)
ALL_GATES: tuple[ReviewGate, ...] = ("prd", "design", "tasks", "code")

GATE_OF_ROLE: dict[str, ReviewGate] = {
    "product_manager": "prd",
    "architect": "design",
    "project_manager": "tasks",
    "engineer": "code",
}
"""Which review gate follows which role."""


class RunSettings(BaseModel):
    """Everything about a run that is not an artifact and must survive a resume."""

    model_config = ConfigDict(frozen=True)

    model: str = Field(default="local", description="Model spec string, e.g. 'local:0.5b'.")
    role_models: dict[str, str] = Field(
        default_factory=dict, description="Per-role model specs, e.g. {'architect': 'openai:gpt-4o'}."
    )
    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    seed: int | None = Field(default=0, description="Sampling seed; fixed = reproducible local runs.")
    roles: tuple[Role, ...] = ALL_ROLES
    scope: Scope = Field(
        default="project",
        description="'function': the roles get function-level prompts (one module-level function "
        "in the file the requirement names), as the MetaGPT paper did for HumanEval and MBPP.",
    )
    review_gates: tuple[ReviewGate, ...] = ()
    max_retries: int = Field(default=3, ge=0, le=20)
    max_code_rewrites: int = Field(default=1, ge=0, le=5, description="LBTM rewrites per file.")
    max_repairs: int = Field(default=2, ge=0, le=5, description="Re-asks on invalid output.")
    max_test_revisions: int = Field(default=1, ge=0, le=5)
    candidates: int = Field(
        default=6,
        ge=1,
        le=8,
        description="Versions of the code execution chooses from (one-file runs): the SOP's own, "
        "one greedy from the requirement alone, the rest sampled (nodes/candidates.py). "
        "6 by measurement on the 1.5B: replayed on the same candidates, 6 shipped one task more "
        "than 4 on both he40 (0.800 vs 0.775) and mbpp40 (0.750 vs 0.725); docs/benchmarks.md 5.2.",
    )
    candidate_temperature: float = Field(default=0.8, gt=0.0, le=2.0)
    parallel_files: bool = Field(
        default=True,
        description="Project runs: files whose project imports are already written are written "
        "together, one LangGraph task each (nodes/file_waves.py); False: one file per step.",
    )
    engine_replicas: int = Field(
        default=1,
        ge=1,
        le=4,
        description="Embedded model: how many engine replicas the files of one wave are spread "
        "over (file i of a wave uses replica i mod n of the model's own block, nodes/parallel_files.py); "
        "1: they take turns on one engine.",
    )
    fix_on: FixSignal = Field(
        default="trusted",
        description="'trusted': the fix loop runs only on a failing trusted test (the requirement's "
        "own examples) or a crash; 'any': on any red test, QA's derived tests included (the loop "
        "before issue 22, which bent correct code towards wrong expected values).",
    )
    structured_methods: dict[str, StructuredMethod] = Field(
        default_factory=dict,
        description="The structured-output method settled on per model endpoint ('openai:NAME@URL' -> "
        "'json_object_schema'), so a resume in another process asks the same way without probing again "
        "(nodes/models/adaptive.py). Empty: not settled yet; the embedded model always uses its grammar.",
    )
    budget_tokens: int | None = Field(default=None, ge=1)
    budget_usd: float | None = Field(default=None, gt=0)

    @field_validator("roles")
    @classmethod
    def _engineer_is_required(cls, roles: tuple[Role, ...]) -> tuple[Role, ...]:
        """Without the Engineer no code exists; every other role may be ablated."""
        if "engineer" not in roles:
            raise ValueError("the engineer role cannot be switched off")
        return tuple(r for r in ALL_ROLES if r in roles)

    @field_validator("role_models")
    @classmethod
    def _known_roles(cls, role_models: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(role_models) - set(ALL_ROLES))
        if unknown:
            raise ValueError(f"unknown role(s) in role_models: {', '.join(unknown)}")
        return role_models

    @field_validator("review_gates")
    @classmethod
    def _gates_in_order(cls, gates: tuple[ReviewGate, ...]) -> tuple[ReviewGate, ...]:
        return tuple(g for g in ALL_GATES if g in gates)

    def has(self, role: str) -> bool:
        """Is this role switched on for the run?"""
        return role in self.roles
