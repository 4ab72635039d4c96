"""Engines of tts-service and the one place that picks one."""

from __future__ import annotations

from typing import Protocol

from voicemesh.contracts.tts import TtsRequest, TtsResponse
from voicemesh.engine import Engine, engine_selector, lazy_engine


class TtsEngine(Engine, Protocol):
    def process(self, request: TtsRequest) -> TtsResponse: ...


ENGINES = {
    "piper": lazy_engine("tts_service.services.piper_engine:PiperEngine"),
    "xtts": lazy_engine("tts_service.services.xtts_engine:XttsEngine"),
}


# MOCK_MODE → the fixture engine; otherwise ``TTS_ENGINE``.
make_engine = engine_selector(ENGINES, TtsResponse, "mock_tts.json")
