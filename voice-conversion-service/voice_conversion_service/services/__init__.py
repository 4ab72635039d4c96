"""Engines of voice-conversion-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voice_conversion_service.settings import VoiceConversionSettings
from voicemesh.artifacts import ArtifactStore
from voicemesh.contracts.voice_conversion import VoiceConversionRequest, VoiceConversionResponse
from voicemesh.engine import Engine, fixture_factory, lazy_engine, select_engine


class VoiceConversionEngine(Engine, Protocol):
    def process(self, request: VoiceConversionRequest) -> VoiceConversionResponse: ...


# A zero-shot converter would be one more entry here: see services.conversion.VoiceConverter.
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
