"""The environment a sandboxed run sees: the host's, minus secrets, plus fixed sandbox paths.

Generated code can print ``os.environ``; whatever reaches it may end up in a report, a log
or a prompt. So anything that looks like a credential is dropped by *name*, interpreter
and loader knobs (``PYTHON*``, ``LD_*``, ``PYTEST_*``) are replaced by ours so the host
cannot steer the run, and HOME/TMPDIR point inside the sandbox so nothing lands in ``~``.
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Mapping, Sequence

SECRET_PATTERNS: tuple[str, ...] = (
    "*_API_KEY",
    "*API_KEY*",
    "*_TOKEN",
    "*TOKEN*",
    "*SECRET*",
    "*PASSWORD*",
    "*PASSWD*",
    "*CREDENTIAL*",
    "*PRIVATE_KEY*",
    "*_DSN",
    "*DATABASE_URL*",
    "*SESSION*",
    "*COOKIE*",
    "OPENAI_*",
    "ANTHROPIC_*",
    "AWS_*",
    "GOOGLE_*",
    "GCLOUD_*",
    "AZURE_*",
    "HF_*",
    "HUGGING*",
    "LANGCHAIN_*",
    "LANGSMITH_*",
    "GITHUB_*",
    "GH_*",
    "GITLAB_*",
    "NPM_*",
    "PIP_*",
    "TWINE_*",
    "DOCKER_*",
    "SSH_*",
    "GPG_*",
    "SOPGRAPH_TEST_POSTGRES_URL",
)
"""Names dropped from the host environment (matched case-insensitively)."""

CONTROL_PATTERNS: tuple[str, ...] = ("PYTHON*", "PYTEST_*", "LD_*", "VIRTUAL_ENV", "_")
"""Interpreter and loader knobs the host must not pass through; the sandbox sets its own."""

HEADLESS: dict[str, str] = {"SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy", "MPLBACKEND": "Agg"}
"""Drivers that need no screen or sound card, so a pygame game or a matplotlib chart starts
in the sandbox as it would on a desktop (the SoftwareDev grader runs with the same)."""

_URL_WITH_CREDENTIALS = re.compile(r"^[a-z][a-z0-9+.-]*://[^/@\s]+:[^/@\s]+@", re.IGNORECASE)


def _dropped(name: str, value: str) -> bool:
    upper = name.upper()
    patterns = SECRET_PATTERNS + CONTROL_PATTERNS
    if any(fnmatch.fnmatchcase(upper, pattern) for pattern in patterns):
        return True
    return bool(_URL_WITH_CREDENTIALS.match(value))


def sandbox_env(
    base: Mapping[str, str],
    *,
    home: str,
    tmpdir: str,
    python_dir: str,
    python_paths: Sequence[str] = (),
    marker: str = "",
) -> dict[str, str]:
    """Return the environment for a sandboxed child built from ``base`` (usually os.environ).

    ``python_dir`` goes first on PATH so ``python`` in generated code is the sandbox's
    interpreter. ``marker`` is a run id stored as ``SOPGRAPH_SANDBOX_RUN`` so stray processes
    can be found in ``/proc/*/environ`` and killed after the run.
    """
    env = {name: value for name, value in base.items() if not _dropped(name, value)}
    path = env.get("PATH", "/usr/local/bin:/usr/bin:/bin")
    env.update(
        {
            "PATH": f"{python_dir}:{path}",
            "HOME": home,
            "TMPDIR": tmpdir,
            "TMP": tmpdir,
            "TEMP": tmpdir,
            "PYTHONDONTWRITEBYTECODE": "1",
            "PYTHONHASHSEED": "0",
            "PYTHONNOUSERSITE": "1",
            "PYTHONUNBUFFERED": "1",
            "PYTHONIOENCODING": "utf-8:backslashreplace",
            "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1",
            "NO_COLOR": "1",
            **HEADLESS,
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
        }
    )
    if python_paths:
        env["PYTHONPATH"] = ":".join(python_paths)
    if marker:
        env["SOPGRAPH_SANDBOX_RUN"] = marker
    return env
