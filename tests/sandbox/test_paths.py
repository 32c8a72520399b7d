"""Generated file names: each refusal names its check; writes never follow symlinks out."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from nodes.sandbox import UnsafePathError, check_generated_path, write_files


@pytest.mark.parametrize(
    ("name", "normalised"),
    [
        ("main.py", "main.py"),
        ("./pkg//mod.py", "pkg/mod.py"),
        ("pkg/sub/__init__.py", "pkg/sub/__init__.py"),
        ("tests/test_game.py", "tests/test_game.py"),
    ],
)
def test_safe_names_are_normalised(name: str, normalised: str) -> None:
    assert check_generated_path(name) == normalised


@pytest.mark.parametrize(
    ("name", "check"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("./", "empty"),
        ("/etc/passwd.py", "absolute"),
        ("../evil.py", "parent_component"),
        ("pkg/../../evil.py", "parent_component"),
        ("C:evil.py", "drive_or_unc"),
        ("C:\\x\\evil.py", "drive_or_unc"),
        ("\\\\server\\share\\evil.py", "drive_or_unc"),
        ("//server/share/evil.py", "drive_or_unc"),
        ("pkg\\evil.py", "drive_or_unc"),
        ("evil\x00.py", "control_chars"),
        ("evil\n.py", "control_chars"),
        ("evil\u202egnp.py", "control_chars"),
        ("CON.py", "device"),
        ("pkg/nul.py", "device"),
        ("com1/x.py", "device"),
        ("/dev/null", "device"),
        ("/dev/sda.py", "device"),
        (".git/hooks/pre_commit.py", "hidden_or_vcs"),
        (".env.py", "hidden_or_vcs"),
        ("pkg/__pycache__/x.py", "hidden_or_vcs"),
        ("README.md", "not_python"),
        ("setup.cfg", "not_python"),
        ("pkg/module", "not_python"),
        ("my-module.py", "module_name"),
        ("2fast.py", "module_name"),
        ("class.py", "module_name"),
        ("modülé.py", "module_name"),
        ("my-pkg/mod.py", "package_name"),
        ("a" * 101 + ".py", "too_long"),
        ("/".join(["p"] * 9) + "/m.py", "too_long"),
        ("x" * 250, "too_long"),
    ],
)
def test_unsafe_names_name_their_check(name: str, check: str) -> None:
    with pytest.raises(UnsafePathError) as caught:
        check_generated_path(name)
    assert caught.value.check == check
    assert check in str(caught.value)


def test_write_files_writes_normalised_tree(tmp_path: Path) -> None:
    written = write_files(tmp_path, {"./pkg/mod.py": "X = 1\n", "main.py": "print('hi')\n"})
    assert written == ["main.py", "pkg/mod.py"]
    assert (tmp_path / "pkg" / "mod.py").read_text() == "X = 1\n"


def test_write_files_checks_everything_before_writing(tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError):
        write_files(tmp_path, {"ok.py": "", "../bad.py": ""})
    assert list(tmp_path.iterdir()) == []


def test_write_files_refuses_case_duplicates(tmp_path: Path) -> None:
    with pytest.raises(UnsafePathError) as caught:
        write_files(tmp_path, {"a.py": "", "./A.py": ""})
    assert caught.value.check == "duplicate"


def test_write_files_refuses_a_planted_folder_symlink(tmp_path: Path) -> None:
    root, outside = tmp_path / "root", tmp_path / "outside"
    root.mkdir()
    outside.mkdir()
    os.symlink(outside, root / "pkg")
    with pytest.raises(UnsafePathError) as caught:
        write_files(root, {"pkg/mod.py": "pwned"})
    assert caught.value.check == "symlink"
    assert list(outside.iterdir()) == []


def test_write_files_refuses_a_planted_file_symlink(tmp_path: Path) -> None:
    root, victim = tmp_path / "root", tmp_path / "victim.txt"
    root.mkdir()
    victim.write_text("original")
    os.symlink(victim, root / "mod.py")
    with pytest.raises(UnsafePathError) as caught:
        write_files(root, {"mod.py": "pwned"})
    assert caught.value.check == "symlink"
    assert victim.read_text() == "original"
