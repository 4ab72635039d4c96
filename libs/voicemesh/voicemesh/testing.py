"""Test helpers shared by the services' test suites (imported by tests only)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.testclient import TestClient

from voicemesh import mesh
from voicemesh.paths import repo_root


def assert_load_holds_blas_to_one_thread(
    engine: str, settings: str, env_prefix: str, artifact_dir: Path, timeout_s: float = 300.0
) -> None:
    """Load the engine class ``engine`` ("module:Class", built as ``Class(settings,
    ArtifactStore(settings.artifact_dir))``) with the settings class ``settings`` and
    ``<env_prefix>THREADS=1``, in a fresh interpreter whose numpy BLAS starts with two threads
    (``OPENBLAS_NUM_THREADS``; OpenBLAS caps it at the core count); AssertionError unless
    every BLAS pool threadpoolctl sees there afterwards runs one thread.

    A fresh process, because the limit is process-wide and, once the main thread of a process
    has set one, a limit set from another thread has no effect (measured with numpy 2.4's
    OpenBLAS 0.3.31, pthreads): engines loaded earlier in a test process would decide the
    answer. Raises subprocess.CalledProcessError when the load fails,
    subprocess.TimeoutExpired after ``timeout_s``."""
    env = {
        "OPENBLAS_NUM_THREADS": "2",
        "MOCK_MODE": "false",
        f"{env_prefix}THREADS": "1",
        "VOICEMESH_ARTIFACT_DIR": str(artifact_dir),
    }
    (engine_module, engine_class), (settings_module, settings_class) = (
        name.split(":") for name in (engine, settings)
    )
    code = "\n".join(
        (
            "import json, threadpoolctl",
            "from voicemesh.artifacts import ArtifactStore",
            f"from {engine_module} import {engine_class} as Engine",
            f"from {settings_module} import {settings_class} as Settings",
            "s = Settings()",
            "Engine(s, ArtifactStore(s.artifact_dir)).load()",
            "info = threadpoolctl.threadpool_info()",
            "print(json.dumps([p['num_threads'] for p in info if p['user_api'] == 'blas']))",
        )
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env=os.environ | env,
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout_s,
    )
    threads = json.loads(done.stdout.strip().splitlines()[-1])
    assert threads and set(threads) == {1}, threads


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
