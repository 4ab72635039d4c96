"""One real cmudict engine for the engine and search tests (loads CMUdict, g2p-en, the index)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from phoneme_map_service.services.cmudict_engine import CmudictEngine
from phoneme_map_service.settings import PhonemeMapSettings
from voicemesh.artifacts import ArtifactStore


@pytest.fixture(scope="session")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[CmudictEngine]:
    artifacts: Path = tmp_path_factory.mktemp("artifacts")
    settings = PhonemeMapSettings(VOICEMESH_ARTIFACT_DIR=artifacts, MOCK_MODE=False)  # type: ignore[call-arg]
    real = CmudictEngine(settings, ArtifactStore(artifacts))
    real.load()
    yield real
