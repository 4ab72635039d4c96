"""Engines of phoneme-map-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.phoneme_map import PhonemeMapRequest, PhonemeMapResponse
from voicemesh.engine import Engine, fixture_factory, lazy_engine, select_engine

from phoneme_map_service.settings import PhonemeMapSettings


class PhonemeMapEngine(Engine, Protocol):
    def process(self, request: PhonemeMapRequest) -> PhonemeMapResponse: ...


ENGINES = {
    "cmudict": lazy_engine("phoneme_map_service.services.cmudict_engine:CmudictEngine"),
}


def make_engine(settings: PhonemeMapSettings, store: ArtifactStore) -> PhonemeMapEngine:
    """MOCK_MODE → fixture engine; otherwise ``PHONEME_MAP_ENGINE`` (default cmudict)."""
    engine: PhonemeMapEngine = select_engine(
        settings,
        store,
        engines=ENGINES,
        engine_name=settings.engine,
        mock=fixture_factory(PhonemeMapResponse, "mock_phoneme_map.json"),
    )
    return engine
