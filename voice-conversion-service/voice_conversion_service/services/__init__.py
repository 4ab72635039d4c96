"""Engines of voice-conversion-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voicemesh.contracts.voice_conversion import VoiceConversionRequest, VoiceConversionResponse
from voicemesh.engine import Engine, engine_selector, lazy_engine
from voicemesh.mesh import VOICE_CONVERSION


class VoiceConversionEngine(Engine, Protocol):
    def process(self, request: VoiceConversionRequest) -> VoiceConversionResponse: ...


def convert(
    engine: VoiceConversionEngine, request: VoiceConversionRequest
) -> VoiceConversionResponse:
    """``POST /process``: the route's call into the engine."""
    return engine.process(request)


# A zero-shot converter would be one more entry here: see services.conversion.VoiceConverter.
ENGINES = {
    "praat": lazy_engine("voice_conversion_service.services.praat_engine:PraatEngine"),
    "rvc": lazy_engine("voice_conversion_service.services.rvc_engine:RvcEngine"),
}


# MOCK_MODE → the fixture engine; otherwise ``VC_ENGINE``.
make_engine = engine_selector(ENGINES, VOICE_CONVERSION)
