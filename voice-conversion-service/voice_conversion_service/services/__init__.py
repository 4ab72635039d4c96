"""Engines of voice-conversion-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.voice_conversion import VoiceConversionRequest, VoiceConversionResponse
from voicemesh.engine import Engine, fixture_factory, lazy_engine, select_engine

from voice_conversion_service.settings import VoiceConversionSettings


class VoiceConversionEngine(Engine, Protocol):
    def process(self, request: VoiceConversionRequest) -> VoiceConversionResponse: ...


ENGINES = {
    "praat": lazy_engine("voice_conversion_service.services.praat_engine:PraatEngine"),
    "rvc": lazy_engine("voice_conversion_service.services.rvc_engine:RvcEngine"),
}


def make_engine(settings: VoiceConversionSettings, store: ArtifactStore) -> VoiceConversionEngine:
    """MOCK_MODE → fixture engine; otherwise ``VC_ENGINE`` (default praat)."""
    engine: VoiceConversionEngine = select_engine(
        settings,
        store,
        engines=ENGINES,
        engine_name=settings.engine,
        mock=fixture_factory(VoiceConversionResponse, "mock_voice_conversion.json"),
    )
    return engine
