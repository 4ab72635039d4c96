"""Engines of tts-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voicemesh.contracts.tts import TtsRequest, TtsResponse
from voicemesh.engine import Engine, engine_selector, lazy_engine
from voicemesh.mesh import TTS


class TtsEngine(Engine, Protocol):
    def process(self, request: TtsRequest) -> TtsResponse: ...


def synthesize(engine: TtsEngine, request: TtsRequest) -> TtsResponse:
    """``POST /process``: the route's call into the engine."""
    return engine.process(request)


ENGINES = {
    "piper": lazy_engine("tts_service.services.piper_engine:PiperEngine"),
    "xtts": lazy_engine("tts_service.services.xtts_engine:XttsEngine"),
}


# MOCK_MODE → the fixture engine; otherwise ``TTS_ENGINE``.
make_engine = engine_selector(ENGINES, TTS)
