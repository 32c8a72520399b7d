"""The sandbox that runs model-generated code and tests (see docs/sandbox.md).

Public API: :func:`run_tests_sandboxed` runs pytest on generated files and returns a
``TestReport``; :class:`SandboxLimits` holds the bounds; :func:`check_generated_path` and
:func:`write_files` vet and write generated file names; :func:`sandbox_env` builds the
scrubbed environment; :func:`plan_packages` sorts requested packages against the allow-list;
:func:`probe_isolation` says which backend runs code here, and :class:`SandboxUnavailable`
is raised when none isolates and the user did not opt in to running code unisolated.
"""

from __future__ import annotations

from state.generated_paths import UnsafePathError, check_generated_path

from .env import sandbox_env
from .isolation import Isolation, SandboxUnavailable, probe_isolation
from .limits import SandboxLimits
from .packages import ALLOWED_PACKAGES, PackagePlan, plan_packages, prepare_packages
from .paths import write_files
from .runner import run_tests_sandboxed

__all__ = [
    "ALLOWED_PACKAGES",
    "Isolation",
    "PackagePlan",
    "SandboxLimits",
    "SandboxUnavailable",
    "UnsafePathError",
    "check_generated_path",
    "plan_packages",
    "prepare_packages",
    "probe_isolation",
    "run_tests_sandboxed",
    "sandbox_env",
    "write_files",
]
