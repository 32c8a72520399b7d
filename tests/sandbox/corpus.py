"""Hostile and broken generated programs, each with what the sandbox must report.

Each case is the test module a model might write (``@@TOKEN@@`` etc. are filled in by the
``host`` fixture) plus the expected ``limit_hit`` and a check on the report. The test
module is named after the case's token, so every process it starts carries the token in
its command line as well as in its environment.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from nodes.sandbox import SandboxLimits
from state.artifacts import TestReport

MIB = 1024**2

FAST = SandboxLimits(
    wall_seconds=8,
    cpu_seconds=2,
    address_space_bytes=768 * MIB,
    file_size_bytes=1 * MIB,
    max_processes=24,
    open_files=128,
    output_bytes=16_000,
    output_kill_bytes=1 * MIB,
    tmpfs_bytes=32 * MIB,
    smoke_seconds=2,
)
"""Small bounds so the whole corpus runs in seconds."""
SHORT_WALL = SandboxLimits(**{**FAST.__dict__, "wall_seconds": 2.5})
ROOMY_CPU = SandboxLimits(**{**FAST.__dict__, "cpu_seconds": 6})
"""For the memory hog: zero-filling 768 MiB page by page costs real CPU on a loaded machine
(seen: the 2 s CPU limit fired first while a model ran on the other core)."""


def _no_junit(report: TestReport) -> None:
    assert any("no JUnit XML" in note for note in report.notes)


@dataclass(frozen=True)
class Case:
    """One corpus entry."""

    id: str
    test_module: str
    limit_hit: str | None = None
    check: Callable[[TestReport], None] = lambda report: None
    extra_files: dict[str, str] = field(default_factory=dict)
    limits: SandboxLimits = FAST
    entry_point: str | None = None
    requires: frozenset[str] = frozenset()
    """Isolation the case is only safe or meaningful with: ``namespaces`` (mount + network
    namespace), ``unprivileged`` (the run drops to a fresh uid), ``process_bound`` (a pids
    cgroup or an unprivileged uid, so a bomb cannot exhaust the host)."""

    def files(self) -> dict[str, str]:
        """The generated files, with the case's module under its token name."""
        return {"test_@@TOKEN@@.py": self.test_module, **self.extra_files}


def _ran(report: TestReport) -> None:
    """The run was reported in full (JUnit XML read back): whatever the program tried, the
    sandbox's supervisor survived it. Containment itself is checked on the host side."""
    assert report.outcomes, (report.notes, report.failing_output)


def _passed(report: TestReport) -> None:
    assert report.ok, report
    assert report.passed == 1 and report.failed == 0


def _failed_with(*needles: str) -> Callable[[TestReport], None]:
    def check(report: TestReport) -> None:
        assert report.failed + report.errors >= 1, report
        assert not report.ok
        for needle in needles:
            assert needle in report.failing_output, (needle, report.failing_output)

    return check


CASES: list[Case] = [
    Case(
        "control_pass",
        "from calc import add\n\ndef test_add():\n    assert add(2, 3) == 5\n",
        check=_passed,
        extra_files={"calc.py": "def add(a, b):\n    return a + b\n"},
        entry_point="calc.py",
    ),
    Case(
        "control_fail",
        "def test_answer():\n    value = 41\n    assert value == 42, 'expected the answer 42'\n",
        check=_failed_with("expected the answer 42", "assert 41 == 42"),
    ),
    Case(
        "infinite_loop",
        "def test_spin():\n    while True:\n        pass\n",
        limit_hit="cpu",
        check=_no_junit,
    ),
    Case(
        "sleep_beyond_timeout",
        "import time\n\ndef test_sleep():\n    time.sleep(600)\n",
        limit_hit="timeout",
        limits=SHORT_WALL,
        check=lambda report: _no_junit(report) or None,
    ),
    Case(
        "sigterm_ignored",
        "import signal, time\n\n"
        "def test_stubborn():\n"
        "    for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):\n"
        "        signal.signal(sig, signal.SIG_IGN)\n"
        "    time.sleep(600)\n",
        limit_hit="timeout",
        limits=SHORT_WALL,
    ),
    Case(
        "fork_bomb",
        "import os, time\n\n"
        "def test_bomb():\n"
        "    made = 0\n"
        "    while True:\n"
        "        try:\n"
        "            pid = os.fork()\n"
        "        except OSError:\n"
        "            break\n"
        "        if pid == 0:\n"
        "            while True:\n"
        "                try:\n"
        "                    os.fork()\n"
        "                except OSError:\n"
        "                    time.sleep(0.05)\n"
        "        made += 1\n"
        "    assert False, f'fork refused after {made} children'\n",
        limit_hit="processes",
        check=_failed_with("fork refused after"),
        requires=frozenset({"process_bound"}),
    ),
    Case(
        "thread_bomb",
        "import threading, time\n\n"
        "def test_threads():\n"
        "    threads = []\n"
        "    while True:\n"
        "        t = threading.Thread(target=time.sleep, args=(600,), daemon=True)\n"
        "        t.start()\n"
        "        threads.append(t)\n",
        limit_hit="processes",
        check=_failed_with("can't start new thread"),
        requires=frozenset({"process_bound"}),
    ),
    Case(
        "memory_hog",
        "def test_hog():\n"
        "    blocks = []\n"
        "    while True:\n"
        "        blocks.append(bytearray(64 * 1024 * 1024))\n",
        limit_hit="memory",
        check=_failed_with("MemoryError"),
        limits=ROOMY_CPU,
    ),
    Case(
        "giant_output",
        "import os, stat\n\n"
        "def test_flood():\n"
        "    pipes = [fd for fd in range(3, 64) if _is_pipe(fd)]\n"
        "    while True:\n"
        "        for fd in pipes:\n"
        "            os.write(fd, b'A' * 65536)\n\n"
        "def _is_pipe(fd):\n"
        "    try:\n"
        "        return stat.S_ISFIFO(os.fstat(fd).st_mode)\n"
        "    except OSError:\n"
        "        return False\n",
        limit_hit="output",
        check=lambda report: _assert_truncated(report),
    ),
    Case(
        "binary_garbage",
        "import sys\n\n"
        "def test_garbage():\n"
        "    sys.stdout.buffer.write(bytes(range(256)) * 4 + b'\\x1b[2J\\x1b]0;owned\\x07')\n"
        "    sys.stdout.flush()\n"
        "    assert False, 'garbage printed'\n",
        check=lambda report: _assert_clean_text(report),
    ),
    Case(
        "write_outside_absolute",
        "import os\n\n"
        "def test_escape():\n"
        "    for path in ('@@TMP_SENTINEL@@/escaped.txt', '@@RUN_SENTINEL@@/escaped.txt',\n"
        "                 '@@RUN_SENTINEL@@/keep.txt', '/tmp/escaped_@@TOKEN@@',\n"
        "                 '/escaped_@@TOKEN@@', '/run/escaped_@@TOKEN@@'):\n"
        "        try:\n"
        "            with open(path, 'w') as handle:\n"
        "                handle.write('pwned')\n"
        "        except OSError as exc:\n"
        "            print(path, exc)\n",
        check=_ran,
        requires=frozenset({"namespaces", "unprivileged"}),
    ),
    Case(
        "write_outside_dotdot",
        "def test_dotdot():\n"
        "    for depth in range(1, 8):\n"
        "        try:\n"
        "            with open('../' * depth + 'escaped_@@TOKEN@@', 'w') as handle:\n"
        "                handle.write('pwned')\n"
        "        except OSError:\n"
        "            pass\n",
        check=_passed,
        requires=frozenset({"namespaces", "unprivileged"}),
    ),
    Case(
        "rmtree_sentinels",
        "import os, shutil\n\n"
        "def test_destroy():\n"
        "    for target in ('@@TMP_SENTINEL@@', '@@RUN_SENTINEL@@'):\n"
        "        shutil.rmtree(target, ignore_errors=True)\n"
        "    try:\n"
        "        os.chmod('@@RUN_SENTINEL@@/keep.txt', 0o777)\n"
        "    except OSError:\n"
        "        pass\n",
        check=_ran,
        requires=frozenset({"namespaces", "unprivileged"}),
    ),
    Case(
        "delete_workspace",
        "import os, shutil\n\ndef test_suicide():\n    shutil.rmtree(os.getcwd())\n",
        check=lambda report: None,
    ),
    Case(
        "read_api_key",
        "import os\n\n"
        "def test_leak():\n"
        "    print(dict(os.environ))\n"
        "    keys = sorted(k for k in os.environ if 'KEY' in k or 'TOKEN' in k)\n"
        "    assert False, ('@@TOKEN@@' in os.environ.values(), keys)\n",
        check=_failed_with("AssertionError: (True, [])"),
    ),
    Case(
        "read_root_only_file",
        "import os\n\n"
        "def test_steal():\n"
        "    stolen = []\n"
        "    for path in ('@@SECRET_FILE@@', '/proc/1/root@@SECRET_FILE@@', '/root/.bash_history'):\n"
        "        try:\n"
        "            stolen.append(open(path).read())\n"
        "        except OSError as exc:\n"
        "            print(path, exc)\n"
        "    assert False, stolen\n",
        check=_failed_with("AssertionError"),
        requires=frozenset({"unprivileged"}),
    ),
    Case(
        "network",
        "import socket, time\nimport pytest\n\n"
        "ADDRS = [('10.255.255.1', 80), ('8.8.8.8', 53), ('1.1.1.1', 443)]\n\n"
        "@pytest.mark.parametrize('addr', ADDRS)\n"
        "def test_connect(addr):\n"
        "    start = time.monotonic()\n"
        "    with pytest.raises(OSError):\n"
        "        socket.create_connection(addr, timeout=5)\n"
        "    assert time.monotonic() - start < 1\n\n"
        "def test_dns():\n"
        "    with pytest.raises(OSError):\n"
        "        socket.getaddrinfo('pypi.org', 443)\n",
        check=lambda report: _all_passed(report, 4),
        requires=frozenset({"namespaces"}),
    ),
    Case(
        "daemon",
        "import os, subprocess, sys, time\n\n"
        "def test_daemon():\n"
        "    if os.fork() == 0:\n"
        "        os.setsid()\n"
        "        if os.fork() == 0:\n"
        "            os.execv(sys.executable, [sys.executable, '-c',\n"
        "                     'import time; time.sleep(600)', '@@TOKEN@@'])\n"
        "        os._exit(0)\n"
        "    time.sleep(0.3)\n",
        check=_passed,
    ),
    Case("os_exit", "import os\n\ndef test_exit():\n    os._exit(0)\n", check=_no_junit),
    Case(
        "syntax_error",
        "from broken import thing\n\ndef test_thing():\n    assert thing\n",
        extra_files={"broken.py": "def thing(:\n    return 1\n"},
        check=_failed_with("SyntaxError"),
    ),
    Case(
        "missing_package",
        "import definitely_not_a_real_package_xyz\n\ndef test_x():\n    pass\n",
        check=_failed_with("ModuleNotFoundError", "definitely_not_a_real_package_xyz"),
    ),
    Case(
        "input_hang",
        "import sys\n\n"
        "def test_input():\n"
        "    name = input('name? ')\n"
        "    assert name\n\n"
        "def test_raw_stdin():\n"
        "    assert sys.stdin.read() == 'anything'\n",
        check=lambda report: _assert_failed_count(report, 2),
    ),
    Case(
        "recursion_default_limit",
        "def test_deep():\n    def down(n):\n        return down(n + 1) + 1\n    down(0)\n",
        check=_failed_with("RecursionError"),
    ),
    Case(
        "recursion_c_stack",
        "import sys\n\n"
        "def test_deep():\n"
        "    sys.setrecursionlimit(10**8)\n"
        "    def down(n):\n"
        "        return sorted([0], key=lambda _: down(n + 1))\n"
        "    down(0)\n",
        check=lambda report: _crashed(report),
    ),
    Case(
        "huge_file",
        "def test_write():\n"
        "    with open('big.bin', 'wb') as handle:\n"
        "        for _ in range(1000):\n"
        "            handle.write(b'0' * 65536)\n",
        limit_hit="file_size",
        check=_failed_with("File too large"),
    ),
    Case(
        "many_files",
        "def test_open():\n    handles = [open(f'f{i}.txt', 'w') for i in range(5000)]\n    assert handles\n",
        limit_hit="open_files",
        check=_failed_with("Too many open files"),
    ),
    Case(
        "broken_conftest",
        "def test_never():\n    pass\n",
        extra_files={"conftest.py": "raise RuntimeError('conftest exploded')\n"},
        check=lambda report: _broken_collection(report),
    ),
    Case(
        "kill_parent",
        "import os, signal\n\n"
        "def test_kill_parent():\n"
        "    for pid in (os.getppid(), 1):\n"
        "        try:\n"
        "            os.kill(pid, signal.SIGKILL)\n"
        "        except OSError as exc:\n"
        "            print(pid, exc)\n",
        check=_ran,
        requires=frozenset({"unprivileged"}),
    ),
]


def _assert_truncated(report: TestReport) -> None:
    assert "sandbox kept" in report.stdout + report.stderr
    assert len(report.stdout) + len(report.stderr) < 40_000


def _assert_clean_text(report: TestReport) -> None:
    text = report.stdout + report.failing_output
    assert "garbage printed" in report.failing_output
    assert not any(ord(ch) < 32 and ch not in "\n\t" for ch in text)
    assert "\x1b" not in text and "\\x1b" in report.stdout
    report.model_dump_json()


def _all_passed(report: TestReport, count: int) -> None:
    assert report.ok, report.failing_output
    assert report.passed == count


def _assert_failed_count(report: TestReport, count: int) -> None:
    assert report.failed == count, report
    assert report.duration_s < 5


def _crashed(report: TestReport) -> None:
    _no_junit(report)
    assert report.exit_status == -11, report.exit_status
    assert "SIGSEGV" in report.failing_output
    assert not report.ok


def _broken_collection(report: TestReport) -> None:
    assert not report.ok
    assert report.exit_status not in (0, None)
    assert "conftest exploded" in report.failing_output
