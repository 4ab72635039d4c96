"""Test helpers shared by the services' test suites (imported by tests only)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from fastapi import FastAPI
from fastapi.testclient import TestClient


def wait_ready(client: TestClient, timeout_s: float = 120.0) -> None:
    """Block until ``/ready`` answers 200; AssertionError with its body after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if client.get("/ready").status_code == 200:
            return
        time.sleep(0.02)
    raise AssertionError(f"not ready after {timeout_s} s: {client.get('/ready').json()}")


@contextmanager
def ready_client(app: FastAPI, timeout_s: float = 120.0, **kwargs: object) -> Iterator[TestClient]:
    """A TestClient whose app has loaded its engine."""
    with TestClient(app, **kwargs) as client:  # type: ignore[arg-type]
        wait_ready(client, timeout_s)
        yield client
