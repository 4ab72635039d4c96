"""Shared fixtures of the tts-service tests: one app with the real Piper engine, loaded once."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tts_service.main import create_app
from tts_service.services.piper_engine import PiperEngine
from tts_service.settings import TtsSettings
from voicemesh.state import service_state
from voicemesh.testing import wait_ready

READY_TIMEOUT_S = 60.0


@pytest.fixture(scope="session")
def client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = TtsSettings(
        artifact_dir=tmp_path_factory.mktemp("tts-artifacts"), threads=2, mock_mode=False
    )
    with TestClient(create_app(settings)) as test_client:
        wait_ready(test_client, READY_TIMEOUT_S)
        yield test_client


@pytest.fixture(scope="session")
def piper(client: TestClient) -> PiperEngine:
    engine = service_state(client.app).engine
    assert isinstance(engine, PiperEngine)
    return engine


@pytest.fixture(scope="session")
def mock_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """The app in MOCK_MODE: the fixture engine serving tests/data/mock_tts.json."""
    settings = TtsSettings(artifact_dir=tmp_path_factory.mktemp("tts-mock"), mock_mode=True)
    with TestClient(create_app(settings)) as test_client:
        wait_ready(test_client, READY_TIMEOUT_S)
        yield test_client
