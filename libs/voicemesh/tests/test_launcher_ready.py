"""The launcher's readiness wait names the service that failed and why, not the slow ones."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from pydantic import BaseModel

from voicemesh.launcher import wait_ready
from voicemesh.mesh import ServiceSpec


class Empty(BaseModel):
    pass


def _server(status: int, body: dict[str, object]) -> ThreadingHTTPServer:
    class Ready(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            payload = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Ready)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


@pytest.fixture
def services() -> Iterator[dict[str, ServiceSpec]]:
    servers = {
        "ready": _server(200, {"status": "ready"}),
        "loading": _server(503, {"status": "loading", "error": None}),
        "broken": _server(503, {"status": "failed", "error": "FileNotFoundError: model.npz"}),
    }
    yield {
        name: ServiceSpec(
            name, f"{name}-service", f"{name}_service", s.server_address[1], "X_", 1, Empty, Empty
        )
        for name, s in servers.items()
    }
    for server in servers.values():
        server.shutdown()


def test_a_failed_engine_is_named_with_its_error(services: dict[str, ServiceSpec]) -> None:
    failed = wait_ready(services.values(), "127.0.0.1", timeout_s=30)
    assert failed == {"broken": "its engine failed to load: FileNotFoundError: model.npz"}


def test_slow_services_are_named_after_the_timeout(services: dict[str, ServiceSpec]) -> None:
    specs = [services["ready"], services["loading"]]
    assert wait_ready(specs, "127.0.0.1", timeout_s=0.5) == {"loading": "not ready within 0.5 s"}
    assert wait_ready([services["ready"]], "127.0.0.1", timeout_s=5) == {}
