"""Engines of tts-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from tts_service.settings import TtsSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.tts import TtsRequest, TtsResponse
from voicemesh.engine import Engine, fixture_factory, lazy_engine, select_engine


class TtsEngine(Engine, Protocol):
    def process(self, request: TtsRequest) -> TtsResponse: ...


ENGINES = {
    "piper": lazy_engine("tts_service.services.piper_engine:PiperEngine"),
    "xtts": lazy_engine("tts_service.services.xtts_engine:XttsEngine"),
}


def make_engine(settings: TtsSettings, store: ArtifactStore) -> TtsEngine:
    """MOCK_MODE → fixture engine; otherwise ``TTS_ENGINE`` (default piper)."""
    engine: TtsEngine = select_engine(
        settings,
        store,
        engines=ENGINES,
        engine_name=settings.engine,
        mock=fixture_factory(TtsResponse, "mock_tts.json"),
    )
    return engine
