"""Shared fixtures of the voice-conversion-service tests: the app with the real praat engine
and the app in MOCK_MODE, each started once."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from voice_conversion_service.main import create_app
from voice_conversion_service.settings import VoiceConversionSettings
from voicemesh.paths import repo_root
from voicemesh.testing import wait_ready

AUDIO_DIR = repo_root() / "tests" / "audio"
DATA_DIR = repo_root() / "tests" / "data"
READY_TIMEOUT_S = 60.0


def _started(settings: VoiceConversionSettings) -> Iterator[TestClient]:
    with TestClient(create_app(settings)) as client:
        wait_ready(client, READY_TIMEOUT_S)
        yield client


@pytest.fixture(scope="session")
def audio_dir() -> Path:
    return AUDIO_DIR


@pytest.fixture(scope="session")
def tts_clip() -> Path:
    """Real Piper output (en_US-joe-medium, 22.05 kHz): "Be more productive." """
    return DATA_DIR / "mock_tts_model_pronunciation.wav"


@pytest.fixture(scope="session")
def rvc_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("rvc-models")
    (folder / "learner").mkdir()
    (folder / "learner" / "voice.pth").write_bytes(b"not a real model")
    return folder


@pytest.fixture(scope="session")
def client(tmp_path_factory: pytest.TempPathFactory, rvc_dir: Path) -> Iterator[TestClient]:
    settings = VoiceConversionSettings(
        artifact_dir=tmp_path_factory.mktemp("vc-artifacts"),
        rvc_model_dir=rvc_dir,
        mock_mode=False,
    )
    yield from _started(settings)


@pytest.fixture(scope="session")
def mock_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    settings = VoiceConversionSettings(
        artifact_dir=tmp_path_factory.mktemp("vc-mock"), mock_mode=True
    )
    yield from _started(settings)
