"""Engines of phoneme-map-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from phoneme_map_service.services.fixture_engine import FixtureSearchEngine
from phoneme_map_service.settings import PhonemeMapSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.phoneme_map import (
    PatternSearchRequest,
    PatternSearchResponse,
    PhonemeMapRequest,
    PhonemeMapResponse,
)
from voicemesh.engine import Engine, lazy_engine, select_engine
from voicemesh.settings import ServiceSettings


class PhonemeMapEngine(Engine, Protocol):
    def process(self, request: PhonemeMapRequest) -> PhonemeMapResponse: ...

    def search(self, request: PatternSearchRequest) -> PatternSearchResponse: ...


ENGINES = {
    "cmudict": lazy_engine("phoneme_map_service.services.cmudict_engine:CmudictEngine"),
}
FIXTURE = "mock_phoneme_map.json"
SEARCH_FIXTURE = "mock_phoneme_map_search.json"


def _fixture_engine(settings: ServiceSettings, store: ArtifactStore) -> FixtureSearchEngine:
    return FixtureSearchEngine(
        settings.fixtures_dir / FIXTURE, settings.fixtures_dir / SEARCH_FIXTURE, store
    )


def make_engine(settings: PhonemeMapSettings, store: ArtifactStore) -> PhonemeMapEngine:
    """MOCK_MODE → fixture engine (both fixtures); otherwise ``PHONEME_MAP_ENGINE``
    (default cmudict)."""
    engine: PhonemeMapEngine = select_engine(
        settings,
        store,
        engines=ENGINES,
        engine_name=settings.engine,
        mock=_fixture_engine,
    )
    return engine
