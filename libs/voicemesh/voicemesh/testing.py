"""Test helpers shared by the services' test suites (imported by tests only)."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from voicemesh import mesh
from voicemesh.paths import repo_root


def wait_ready(client: TestClient, timeout_s: float = 120.0) -> dict[str, Any]:
    """Block until ``/ready`` answers 200 and return its body; AssertionError with the body
    after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        response = client.get("/ready")
        if response.status_code == 200:
            return response.json()  # type: ignore[no-any-return]
        time.sleep(0.02)
    raise AssertionError(f"not ready after {timeout_s} s: {client.get('/ready').json()}")


@contextmanager
def ready_client(app: FastAPI, timeout_s: float = 120.0, **kwargs: object) -> Iterator[TestClient]:
    """A TestClient whose app has loaded its engine."""
    with TestClient(app, **kwargs) as client:  # type: ignore[arg-type]
        wait_ready(client, timeout_s)
        yield client


# The fixture answer of each service the orchestrator calls (tests/data), for fake meshes.
def mock_fixtures() -> dict[str, str]:
    """Stage service name → its MOCK_MODE fixture file, from the registry."""
    return {s.name: str(s.fixture) for s in mesh.stage_services()}


def mock_url(name: str) -> str:
    """Where service ``name``'s main endpoint is on a native mesh (what respx fakes)."""
    return f"{mesh.service_url(name)}{mesh.spec(name).path}"


def mock_fixture(name: str, artifact_id: str = "A" * 24 + ".wav") -> dict[str, Any]:
    """Service ``name``'s fixture answer; produced audio renamed to ``artifact_id``."""
    body: dict[str, Any] = json.loads(
        (repo_root() / "tests" / "data" / mock_fixtures()[name]).read_text()
    )
    if name in ("tts", "voice-conversion"):
        body["audio"]["id"] = artifact_id
    return body
