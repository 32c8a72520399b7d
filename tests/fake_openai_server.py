"""A real OpenAI-compatible HTTP server on loopback, scripted per structured-output method.

Why a server and not a mocked client: what is tested is how sopgraph reacts to what goes
over the wire (an HTTP 500 for ``json_schema``, a dropped connection, a 429 with a retry
header), through the provider's real client with its real retries and error types.

The server tells the method from the request (``response_format.type`` ``json_schema``,
``json_object`` with a ``schema``, ``tools``, or none of these: ``prompt``) and the artifact
from the schema's title, then answers from ``answers`` (title -> JSON object), refuses the
method, ignores its schema, or fails the way a broken server would.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PROBE_TITLE = "SchemaProbe"
PROBE_ANSWER = {"colour": "red", "count": 1}


@dataclass
class FakeEndpoint:
    """What the fake server does; the test may change it between calls."""

    answers: dict[str, dict[str, Any]] = field(default_factory=dict)
    refuse: set[str] = field(default_factory=set)
    """Methods answered with ``refuse_status`` (llama-cpp-python answers 500 for json_schema)."""
    refuse_status: int = 500
    ignore: set[str] = field(default_factory=set)
    """Methods accepted, whose schema is ignored: the reply is prose."""
    fail_status: int | None = None
    """Every request fails with this HTTP status; 0 drops the connection without an answer."""
    fail_probe: bool = True
    """With ``fail_status``: the probe fails too (False: only the artifacts fail)."""
    fail_only: set[str] = field(default_factory=set)
    """With ``fail_status``: only these schema titles fail (empty: every one)."""
    requests: list[tuple[str, str]] = field(default_factory=list)
    """(method, schema title) of every request, in order."""


def method_and_title(body: dict[str, Any]) -> tuple[str, str]:
    """Which structured-output method a request uses, and which schema it asks for."""
    response_format = body.get("response_format") or {}
    kind = response_format.get("type")
    if kind == "json_schema":
        spec = response_format.get("json_schema") or {}
        return "json_schema", str(spec.get("schema", {}).get("title") or spec.get("name"))
    if kind == "json_object" and response_format.get("schema"):
        return "json_object_schema", str(response_format["schema"].get("title"))
    if body.get("tools"):
        return "function_calling", str(body["tools"][0]["function"]["name"])
    method = "json_mode" if kind == "json_object" else "prompt"
    last = str(body["messages"][-1].get("content") or "")
    try:  # the prompt (and json_mode) put the schema on the last line
        return method, str(json.loads(last.rsplit("\n", 1)[-1]).get("title"))
    except ValueError:
        return method, "?"


def _completion(body: dict[str, Any], method: str, payload: dict[str, Any] | None) -> dict[str, Any]:
    message: dict[str, Any] = {"role": "assistant", "content": "Hello! How can I help you today?"}
    finish = "stop"
    if payload is not None and method == "function_calling":
        name = body["tools"][0]["function"]["name"]
        call = {
            "id": "call_1",
            "type": "function",
            "function": {"name": name, "arguments": json.dumps(payload)},
        }
        message = {"role": "assistant", "content": None, "tool_calls": [call]}
        finish = "tool_calls"
    elif payload is not None:
        message["content"] = json.dumps(payload)
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": body.get("model", "fake"),
        "choices": [{"index": 0, "message": message, "finish_reason": finish}],
        "usage": {"prompt_tokens": 11, "completion_tokens": 7, "total_tokens": 18},
    }


def _handler(endpoint: FakeEndpoint) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: Any) -> None:  # quiet
            pass

        def _send(self, status: int, payload: dict[str, Any]) -> None:
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(data)))
            self.send_header("retry-after-ms", "1")  # the client's retries, without the wait
            self.end_headers()
            self.wfile.write(data)

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("content-length", 0))))
            method, title = method_and_title(body)
            endpoint.requests.append((method, title))
            failing = (
                endpoint.fail_status is not None
                and (endpoint.fail_probe or title != PROBE_TITLE)
                and (not endpoint.fail_only or title in endpoint.fail_only)
            )
            if failing and endpoint.fail_status == 0:
                self.close_connection = True  # no answer at all: a server that died mid-request
                return
            if failing:
                status = endpoint.fail_status or 500
                self._send(status, {"error": {"message": f"scripted failure {status}", "type": "x"}})
                return
            if method in endpoint.refuse:
                error = {"message": f"Input should be 'text' or 'json_object' ({method})", "type": "x"}
                self._send(endpoint.refuse_status, {"error": error})
                return
            answers = {PROBE_TITLE: PROBE_ANSWER, **endpoint.answers}
            payload = None if method in endpoint.ignore else answers.get(title)
            self._send(200, _completion(body, method, payload))

    return Handler


@contextmanager
def serve(endpoint: FakeEndpoint) -> Iterator[str]:
    """Serve ``endpoint`` on a free loopback port; yields the base URL (``.../v1``)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(endpoint))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1"
    finally:
        server.shutdown()
        server.server_close()
