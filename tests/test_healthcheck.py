"""docker/healthcheck.py, the images' HEALTHCHECK: exit 0 only on HTTP 200 from /ready."""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _healthcheck() -> ModuleType:
    spec = importlib.util.spec_from_file_location("healthcheck", ROOT / "docker" / "healthcheck.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class _Service(BaseHTTPRequestHandler):
    ready = False

    def do_GET(self) -> None:
        status = 200 if self.path == "/health" or (self.path == "/ready" and self.ready) else 503
        self.send_response(status)
        self.end_headers()

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def service(monkeypatch: pytest.MonkeyPatch) -> Iterator[type[_Service]]:
    handler = type("Handler", (_Service,), {"ready": False})
    server = HTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    monkeypatch.setenv("VOICEMESH_SERVICE", "asr")
    monkeypatch.setenv("ASR_PORT", str(server.server_address[1]))
    yield handler
    server.shutdown()
    server.server_close()


def test_unhealthy_while_the_engine_loads_then_healthy(service: type[_Service]) -> None:
    check = _healthcheck()
    assert check.main(["healthcheck.py"]) == 1  # /ready answers 503
    assert check.main(["healthcheck.py", "/health"]) == 0  # liveness is already fine
    service.ready = True
    assert check.main(["healthcheck.py"]) == 0
    assert check.main(["healthcheck.py", "/ready"]) == 0


def test_unhealthy_when_nothing_listens(
    service: type[_Service], monkeypatch: pytest.MonkeyPatch
) -> None:
    with HTTPServer(("127.0.0.1", 0), _Service) as probe:
        free_port = probe.server_address[1]
    monkeypatch.setenv("ASR_PORT", str(free_port))
    assert _healthcheck().main(["healthcheck.py"]) == 1
