"""Scrubbed environment, limit values and text cleaning."""

from __future__ import annotations

import json

import pytest

from nodes.sandbox import SandboxLimits, sandbox_env
from nodes.sandbox.text import clean_text, head_tail

HOST_ENV = {
    "PATH": "/usr/bin:/bin",
    "LANG": "en_US.UTF-8",
    "OPENAI_API_KEY": "sk-1",
    "OPENAI_BASE_URL": "http://x",
    "ANTHROPIC_API_KEY": "a",
    "AWS_ACCESS_KEY_ID": "a",
    "AWS_SECRET_ACCESS_KEY": "a",
    "GOOGLE_APPLICATION_CREDENTIALS": "/k.json",
    "AZURE_OPENAI_KEY": "a",
    "HF_TOKEN": "hf",
    "GITHUB_TOKEN": "gh",
    "MY_SERVICE_TOKEN": "t",
    "my_lowercase_api_key": "t",
    "DB_PASSWORD": "p",
    "SESSION_SECRET": "s",
    "SOPGRAPH_TEST_POSTGRES_URL": "postgresql://u:p@h/db",
    "SOME_URL": "https://user:hunter2@example.com/x",
    "PYTHONPATH": "/evil",
    "PYTHONSTARTUP": "/evil.py",
    "LD_PRELOAD": "/evil.so",
    "PYTEST_ADDOPTS": "--pdb",
    "EDITOR": "vim",
}


def test_secrets_and_knobs_are_dropped_and_sandbox_paths_set() -> None:
    env = sandbox_env(HOST_ENV, home="/tmp/home", tmpdir="/tmp", python_dir="/py/bin", marker="run1")
    leaked = {"sk-1", "hf", "gh", "hunter2", "/evil", "/evil.py", "/evil.so", "--pdb", "p", "s"}
    assert not leaked & set(env.values())
    assert not any(name.startswith(("OPENAI", "AWS", "AZURE", "GOOGLE", "HF_")) for name in env)
    assert "my_lowercase_api_key" not in env and "SOME_URL" not in env
    assert env["EDITOR"] == "vim"
    assert env["HOME"] == "/tmp/home" and env["TMPDIR"] == "/tmp"
    assert env["PYTHONDONTWRITEBYTECODE"] == "1" and env["PYTHONHASHSEED"] == "0"
    assert env["PATH"] == "/py/bin:/usr/bin:/bin"
    assert env["SOPGRAPH_SANDBOX_RUN"] == "run1"
    assert "PYTHONPATH" not in env


def test_graphics_and_sound_run_headless_whatever_the_host_says() -> None:
    env = sandbox_env({**HOST_ENV, "SDL_VIDEODRIVER": "x11"}, home="/h", tmpdir="/t", python_dir="/py")
    assert (env["SDL_VIDEODRIVER"], env["SDL_AUDIODRIVER"], env["MPLBACKEND"]) == ("dummy", "dummy", "Agg")


def test_package_folders_become_the_only_pythonpath() -> None:
    env = sandbox_env(HOST_ENV, home="/h", tmpdir="/t", python_dir="/py", python_paths=["/c/a", "/c/b"])
    assert env["PYTHONPATH"] == "/c/a:/c/b"


def test_limits_reject_non_positive_values() -> None:
    with pytest.raises(ValueError, match="wall_seconds"):
        SandboxLimits(wall_seconds=0)
    with pytest.raises(ValueError, match="max_processes"):
        SandboxLimits(max_processes=-1)


def test_limits_map_to_rlimits() -> None:
    limits = SandboxLimits(cpu_seconds=5, file_size_bytes=1000, open_files=64, max_processes=9)
    rlimits = limits.rlimits()
    assert rlimits["RLIMIT_CPU"] == (5, 6)
    assert rlimits["RLIMIT_FSIZE"] == (1000, 1000)
    assert rlimits["RLIMIT_NOFILE"] == (64, 64)
    assert rlimits["RLIMIT_NPROC"] == (9, 9)
    assert rlimits["RLIMIT_CORE"] == (0, 0)


def test_output_kill_threshold_defaults_generously() -> None:
    assert SandboxLimits(output_bytes=1000).kill_output_bytes == 8 * 1024**2
    assert SandboxLimits(output_bytes=1000, output_kill_bytes=5000).kill_output_bytes == 5000


def test_clean_text_neutralises_control_and_bidi_characters() -> None:
    text = clean_text(b"ok\x00\x1b[2J\r\nline\tend\xff\xfe" + "\u202e".encode())
    assert text == "ok\\x00\\x1b[2J\nline\tend\ufffd\ufffd\\u202e"
    json.dumps(text)


def test_head_tail_keeps_both_ends_within_budget() -> None:
    text = "START" + "x" * 10_000 + "END"
    cut = head_tail(text, 500)
    assert len(cut) <= 500
    assert cut.startswith("START") and cut.endswith("END") and "cut by the sandbox" in cut
    assert head_tail("short", 500) == "short"
