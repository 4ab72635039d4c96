"""Shared fixtures of the asr-service tests: clip paths and one loaded faster-whisper engine."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from asr_service.services.faster_whisper_engine import FasterWhisperEngine
from asr_service.settings import AsrSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.paths import repo_root

AUDIO_DIR = repo_root() / "tests" / "audio"


def _make_settings(artifact_dir: Path, **fields: Any) -> AsrSettings:
    """Settings for tests. Shared fields (artifact dir, audio limits) are only settable through
    their ``VOICEMESH_*`` aliases (voicemesh.settings), so they are passed by alias here."""
    values: dict[str, Any] = {
        "VOICEMESH_ARTIFACT_DIR": artifact_dir,
        "MOCK_MODE": False,
        "threads": 2,
    }
    return AsrSettings(**(values | fields))


SettingsFactory = Callable[..., AsrSettings]


@pytest.fixture(scope="session")
def make_settings() -> SettingsFactory:
    """``make_settings(artifact_dir, **fields)`` → AsrSettings for a test app."""
    return _make_settings


@pytest.fixture(scope="session")
def clips() -> dict[str, str]:
    """Test clip file name → what is said (upper case, from tests/audio/clips.json)."""
    listing = json.loads((AUDIO_DIR / "clips.json").read_text())
    return {name: entry["text"] for name, entry in listing.items()}


@pytest.fixture(scope="session")
def audio_dir() -> Path:
    return AUDIO_DIR


@pytest.fixture(scope="session")
def asr_settings(tmp_path_factory: pytest.TempPathFactory) -> AsrSettings:
    return _make_settings(tmp_path_factory.mktemp("asr-artifacts"))


@pytest.fixture(scope="session")
def store(asr_settings: AsrSettings) -> ArtifactStore:
    return ArtifactStore(asr_settings.artifact_dir)


@pytest.fixture(scope="session")
def engine(asr_settings: AsrSettings, store: ArtifactStore) -> Iterator[FasterWhisperEngine]:
    """The real default engine (bundled Whisper base), loaded once for the whole session."""
    loaded = FasterWhisperEngine(asr_settings, store)
    loaded.load()
    yield loaded
