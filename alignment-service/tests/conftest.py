"""Shared fixtures of the alignment-service tests: clips, their CMUdict phones and one loaded
PocketSphinx engine (loaded once per session: ≈ 0.1 s, but every test reuses its decoders)."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from alignment_service.services.pocketsphinx_engine import PocketSphinxEngine
from alignment_service.settings import AlignmentSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.audio import Audio, decode_audio
from voicemesh.contracts.alignment import AlignmentWordIn
from voicemesh.paths import repo_root

AUDIO_DIR = repo_root() / "tests" / "audio"
CLIP_PHONES = Path(__file__).parent / "data" / "clip_phones.json"


def _make_settings(artifact_dir: Path, **fields: Any) -> AlignmentSettings:
    """Shared fields are only settable through their ``VOICEMESH_*`` aliases."""
    values: dict[str, Any] = {"VOICEMESH_ARTIFACT_DIR": artifact_dir, "MOCK_MODE": False}
    return AlignmentSettings(**(values | fields))


@pytest.fixture(scope="session")
def make_settings() -> Callable[..., AlignmentSettings]:
    return _make_settings


@pytest.fixture(scope="session")
def audio_dir() -> Path:
    return AUDIO_DIR


@pytest.fixture(scope="session")
def clip_words() -> dict[str, list[AlignmentWordIn]]:
    """Clip file name → its words with CMUdict phones (tests/data/clip_phones.json)."""
    listing = json.loads(CLIP_PHONES.read_text())["clips"]
    return {name: [AlignmentWordIn(**w) for w in words] for name, words in listing.items()}


@pytest.fixture(scope="session")
def load_clip() -> Callable[[str], Audio]:
    def load(name: str) -> Audio:
        return decode_audio((AUDIO_DIR / name).read_bytes())

    return load


@pytest.fixture(scope="session")
def store(tmp_path_factory: pytest.TempPathFactory) -> ArtifactStore:
    return ArtifactStore(tmp_path_factory.mktemp("alignment-artifacts"))


@pytest.fixture(scope="session")
def engine(store: ArtifactStore) -> PocketSphinxEngine:
    loaded = PocketSphinxEngine(_make_settings(store.root), store)
    loaded.load()
    return loaded
