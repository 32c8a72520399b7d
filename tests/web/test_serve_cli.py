"""``sopgraph serve`` from a shell: it listens on loopback and answers; another address is
refused in one line unless ``--allow-remote`` comes with a token."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from typer.testing import CliRunner

from graph.cli import app


def test_a_non_loopback_address_is_refused_without_the_flag_and_a_token(tmp_path: Path) -> None:
    runner = CliRunner()
    refused = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--workspace", str(tmp_path)])
    assert refused.exit_code == 2 and "--allow-remote" in refused.output
    no_token = runner.invoke(
        app, ["serve", "--host", "0.0.0.0", "--allow-remote", "--workspace", str(tmp_path)]
    )
    assert no_token.exit_code == 2 and "--token" in no_token.output
    assert not (tmp_path / ".sopgraph").exists()  # refused before the store was opened


def test_serve_answers_on_loopback(tmp_path: Path) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    sopgraph = Path(sys.executable).parent / "sopgraph"  # the installed console script
    command = [str(sopgraph), "serve", "--port", str(port), "--workspace", str(tmp_path)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.communicate()[0]
            assert time.monotonic() < deadline, "sopgraph serve did not answer"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as answer:
                    page = answer.read().decode()
                    policy = answer.headers["Content-Security-Policy"]
                break
            except OSError:
                time.sleep(0.3)
        assert "Start a run" in page and "script-src 'self'" in policy
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/static/mermaid.min.js", timeout=5) as answer:
            assert answer.status == 200 and len(answer.read()) > 1_000_000  # served from this machine
    finally:
        process.terminate()
        process.wait(20)
