"""JUnit XML parsing and the package allow-list (no subprocess unless marked slow)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from nodes.sandbox import plan_packages, prepare_packages, run_tests_sandboxed
from nodes.sandbox.junit import JunitError, join_bounded, nodeid_for, parse_junit
from nodes.sandbox.packages import imported_packages

FILES = ["tests/test_x.py", "tests/__init__.py", "pkg/mod.py"]

XML = b"""<?xml version="1.0" encoding="utf-8"?>
<testsuites><testsuite name="pytest" errors="2" failures="1" skipped="1" tests="5">
<testcase classname="" name="tests.test_broken"><error message="collection failure">
E   ModuleNotFoundError: No module named 'nope'</error></testcase>
<testcase classname="tests.test_x" name="test_ok"/>
<testcase classname="tests.test_x.TestK" name="test_p[2]">
<failure message="assert 2 == 1">tests/test_x.py:6: in test_p
E   assert 2 == 1</failure></testcase>
<testcase classname="tests.test_x" name="test_err"><error message="failed on setup">
E   RuntimeError: fixture broke\xe2\x80\xae</error></testcase>
<testcase classname="tests.test_x" name="test_skip"><skipped message="later"/></testcase>
</testsuite></testsuites>"""


def test_outcomes_and_counts_come_from_the_xml() -> None:
    result = parse_junit(XML, FILES)
    assert [(o.nodeid, o.outcome) for o in result.outcomes] == [
        ("tests.test_broken", "error"),
        ("tests/test_x.py::test_ok", "passed"),
        ("tests/test_x.py::TestK::test_p[2]", "failed"),
        ("tests/test_x.py::test_err", "error"),
        ("tests/test_x.py::test_skip", "skipped"),
    ]
    assert (result.count("passed"), result.count("failed"), result.count("error")) == (1, 1, 2)
    assert "E   assert 2 == 1" in result.failing_output
    assert "No module named 'nope'" in result.failing_output
    assert "\u202e" not in result.failing_output and "\\u202e" in result.failing_output


def test_nodeid_uses_the_longest_written_module() -> None:
    assert nodeid_for("pkg.mod.Outer.Inner", "test_a", FILES) == "pkg/mod.py::Outer::Inner::test_a"
    assert nodeid_for("", "tests.test_x", FILES) == "tests/test_x.py"
    assert nodeid_for("unknown.mod", "test_b", FILES) == "unknown.mod::test_b"


@pytest.mark.parametrize(
    "xml",
    [
        b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><testsuites/>',
        b"<testsuites><testcase",
        b"<html></html>",
    ],
)
def test_unsafe_or_foreign_xml_is_refused(xml: bytes) -> None:
    with pytest.raises(JunitError):
        parse_junit(xml, FILES)


def test_failing_output_is_bounded_and_says_what_it_left_out() -> None:
    blocks = [f"block {i}\n" + "x" * 1000 for i in range(10)]
    joined = join_bounded(blocks, 4000)
    assert len(joined) <= 4000
    assert "block 0" in joined and "more failing test(s) not shown" in joined


REFUSED = [
    "evil-typosquat",
    "requests[socks]",
    "--index-url http://evil/simple",
    "pkg @ https://evil/pkg.whl",
    "./local_dir",
    "not a requirement!!",
]


def test_allow_list_stdlib_and_refusals() -> None:
    requested = ["pytest>=7", "random", "python>=3.8", "tabulate==0.9.0"]
    plan = plan_packages([*requested, *REFUSED, "numpy; sys_platform == 'win32'"])
    assert plan.available == ["pytest"]
    assert plan.refused == REFUSED
    notes = "\n".join(plan.notes)
    assert "'random': part of Python itself" in notes
    assert "not on the sandbox allow-list" in notes
    assert "marker excludes this platform" in notes
    if plan.to_install:  # tabulate is not in the project's environment
        assert plan.to_install == ["tabulate==0.9.0"]


def test_nothing_to_install_costs_nothing(tmp_path: Path) -> None:
    paths, notes = prepare_packages(["pytest", "os"], cache_root=tmp_path)
    assert paths == []
    assert list(tmp_path.iterdir()) == []
    assert any("already available: pytest" in note for note in notes)


def _project_has(package: str) -> bool:
    probe = [sys.executable, "-c", f"import {package}"]
    return subprocess.run(probe, capture_output=True, check=False).returncode == 0


@pytest.mark.slow
def test_allow_listed_package_is_installed_for_the_run_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Really installs ``tabulate`` (one small wheel from PyPI) into a cache, not our venv."""
    if _project_has("tabulate"):
        pytest.skip("tabulate is already in the project environment")
    monkeypatch.setenv("SOPGRAPH_SANDBOX_CACHE", str(tmp_path))
    files = {
        "test_table.py": "from tabulate import tabulate\n\n"
        "def test_table():\n    assert 'a' in tabulate([['a', 1]])\n"
    }
    report = run_tests_sandboxed(files, required_packages=["tabulate"])
    if any("pip install failed" in note for note in report.notes):
        pytest.skip("no access to PyPI here")
    assert report.ok, (report.notes, report.failing_output)
    assert any("installed into a per-set cache" in note for note in report.notes)
    assert not _project_has("tabulate")
    again = run_tests_sandboxed(files, required_packages=["tabulate"])
    assert again.ok
    assert len(list((tmp_path / "sandbox-packages").glob("*/.complete"))) == 1


def test_imports_the_plan_forgot_are_found_on_the_allow_list() -> None:
    files = {
        "main.py": "import os\nimport pygame\nfrom numpy.linalg import norm\nimport flask\nimport leftpad\n",
        "flask.py": "",  # a project module of that name shadows the package
        "broken.py": "def (:\n",  # unparsable: ignored, the tests will say why
        "tests/test_main.py": "import pytest\nfrom main import *\n",  # pytest: the runner's own
    }
    assert imported_packages(files) == {"numpy": "main.py", "pygame": "main.py"}
    assert imported_packages(files, ["pygame>=2.5", "NumPy"]) == {}


def test_a_package_a_used_name_imports_when_it_runs_is_found_too() -> None:
    # SoftwareDev's Excel project: every own test failed on openpyxl inside DataFrame.to_excel
    files = {
        "main.py": "import pandas as pd\n\ndef load(path):\n    return pd.read_excel(path)\n",
        "tests/test_main.py": "import pandas as pd\n\ndef test_load():\n    pd.DataFrame().to_excel('x')\n",
    }
    assert imported_packages(files) == {"pandas": "main.py", "openpyxl": "main.py"}
    assert imported_packages({"main.py": "from pandas import read_excel\n"}) == {
        "openpyxl": "main.py",
        "pandas": "main.py",
    }
    assert imported_packages({"main.py": "import pandas\nprint(pandas.read_csv)\n"}) == {"pandas": "main.py"}
    assert imported_packages(files, ["pandas", "openpyxl>=3"]) == {}


@pytest.mark.slow
def test_a_package_the_plan_forgot_is_installed_for_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The SoftwareDev snake case: the plan listed nothing, ``main.py`` imports pygame."""
    monkeypatch.setenv("SOPGRAPH_SANDBOX_CACHE", str(tmp_path))
    files = {
        "main.py": "import os\nos.environ['SDL_VIDEODRIVER'] = 'dummy'\nimport pygame\n\n"
        "def size():\n    pygame.init()\n    return pygame.display.set_mode((64, 48)).get_size()\n",
        "tests/test_main.py": "from main import size\n\ndef test_size():\n    assert size() == (64, 48)\n",
    }
    report = run_tests_sandboxed(files, required_packages=())
    if any("pip install failed" in note for note in report.notes):
        pytest.skip("no access to PyPI here")
    assert report.ok, (report.notes, report.failing_output)
    assert any("did not list, added: pygame (main.py)" in note for note in report.notes)


def test_the_runner_and_its_per_test_bound_come_with_sopgraph_itself() -> None:
    """`make run` installs no dev extras, so the sandbox's pytest must be a runtime dependency
    (without it every QA run was red with "No module named pytest")."""
    import importlib.metadata
    import re

    runtime = [r for r in importlib.metadata.requires("sopgraph") or [] if "extra ==" not in r]
    names = {re.split(r"[=<>!~\[ ;]", r, maxsplit=1)[0].lower() for r in runtime}
    assert {"pytest", "pytest-timeout"} <= names
