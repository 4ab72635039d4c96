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
from voicemesh.mesh import PHONEME_MAP
from voicemesh.settings import ServiceSettings


class PhonemeMapEngine(Engine, Protocol):
    def process(self, request: PhonemeMapRequest) -> PhonemeMapResponse: ...

    def search(self, request: PatternSearchRequest) -> PatternSearchResponse: ...


def pronounce(engine: PhonemeMapEngine, request: PhonemeMapRequest) -> PhonemeMapResponse:
    """``POST /process``: the route's call into the engine."""
    return engine.process(request)


def search(engine: PhonemeMapEngine, request: PatternSearchRequest) -> PatternSearchResponse:
    """``POST /search``: the route's call into the engine."""
    return engine.search(request)


ENGINES = {
    "cmudict": lazy_engine("phoneme_map_service.services.cmudict_engine:CmudictEngine"),
}
SEARCH_FIXTURE = "mock_phoneme_map_search.json"  # beside the registry's /process fixture


def _fixture_engine(settings: ServiceSettings, store: ArtifactStore) -> FixtureSearchEngine:
    assert PHONEME_MAP.fixture is not None
    return FixtureSearchEngine(
        settings.fixtures_dir / PHONEME_MAP.fixture, settings.fixtures_dir / SEARCH_FIXTURE, store
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
